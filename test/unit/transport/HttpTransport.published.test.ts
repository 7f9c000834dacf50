// The published transport's surface that apps and wrappers reach directly: the protected fields a
// subclass reads, `requestStream` failures, and retries paced by `Retry-After`.
import { jest } from '@jest/globals';
import { HttpTransport, RequestError, type FetchFunction } from '../../../src/index';

const API_URL = 'http://cube.test/cubejs-api/v1';

/** A fetch that answers each call with the next of `replies`, recording what was asked. */
function scriptedFetch(...replies: (() => Response | Promise<Response>)[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = jest.fn((url: string, init: RequestInit) => {
    calls.push({ url, init });
    const next = replies.shift();
    if (!next) throw new Error('no reply scripted');
    return Promise.resolve(next());
  });
  return { fetch: fetch as unknown as FetchFunction, calls };
}

describe('HttpTransport, as the published class', () => {
  it('gives a subclass the options it was built with, header names lower-cased', () => {
    class Inspecting extends HttpTransport {
      seen() {
        return {
          apiUrl: this.apiUrl,
          method: this.method,
          headers: this.headers,
          credentials: this.credentials,
          fetchTimeout: this.fetchTimeout,
        };
      }
    }
    const transport = new Inspecting({
      apiUrl: API_URL,
      method: 'POST',
      headers: { 'X-App': 'demo' },
      credentials: 'include',
      fetchTimeout: 1234,
    });
    expect(transport.seen()).toEqual({
      apiUrl: API_URL,
      method: 'POST',
      headers: { 'x-app': 'demo' },
      credentials: 'include',
      fetchTimeout: 1234,
    });
  });

  it('waits as long as Retry-After asks before the retry', async () => {
    const { fetch, calls } = scriptedFetch(
      () => new Response('{"error":"slow down"}', { status: 429, headers: { 'Retry-After': '1' } }),
      () => new Response('{"ok":true}', { status: 200 }),
    );
    const transport = new HttpTransport({ apiUrl: API_URL, fetch, random: () => 0 });
    const started = Date.now();
    const reply = await transport.send({ path: 'load', params: {}, requestId: 'r-1' });
    expect(reply.status).toBe(200);
    expect(calls).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});

describe('HttpTransport.requestStream', () => {
  it('posts by default and turns an error reply into a RequestError with the server message', async () => {
    const { fetch, calls } = scriptedFetch(
      () =>
        new Response('{"error":"syntax error at or near FROM"}', { status: 400, statusText: 'Bad Request' }),
    );
    const transport = new HttpTransport({ apiUrl: API_URL, fetch, authorization: 'tok' });
    const error = await transport
      .requestStream('cubesql', { params: { query: 'SELECT' } })
      .stream()
      .catch((e: unknown) => e);
    expect(calls[0].init.method).toBe('POST');
    expect(error).toBeInstanceOf(RequestError);
    expect(error).toMatchObject({ code: 'HTTP_ERROR', status: 400 });
    expect((error as Error).message).toContain('syntax error at or near FROM');
  });

  it('keeps a body that is not JSON as text, with the status text as message', async () => {
    const { fetch } = scriptedFetch(
      () => new Response('<html>gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    );
    const transport = new HttpTransport({ apiUrl: API_URL, fetch, method: 'PUT' });
    const error = (await transport
      .requestStream('cubesql', {})
      .stream()
      .catch((e: unknown) => e)) as RequestError;
    expect(error.message).toBe('HTTP 502: Bad Gateway');
    expect(error.response).toBe('<html>gateway</html>');
  });

  it('reports a body that breaks mid-stream as a network error', async () => {
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls += 1;
        if (pulls === 1) controller.enqueue(new TextEncoder().encode('{"schema":[]}\n'));
        else controller.error(new Error('socket hang up'));
      },
    });
    const { fetch } = scriptedFetch(() => new Response(body, { status: 200 }));
    const transport = new HttpTransport({ apiUrl: API_URL, fetch });
    const chunks: string[] = [];
    const error = await (async () => {
      for await (const chunk of await transport.requestStream('cubesql', {}).stream()) {
        chunks.push(new TextDecoder().decode(chunk));
      }
    })().catch((e: unknown) => e);
    expect(chunks).toEqual(['{"schema":[]}\n']);
    expect(error).toBeInstanceOf(RequestError);
    expect((error as RequestError).code).toBe('NETWORK_ERROR');
  });
});
