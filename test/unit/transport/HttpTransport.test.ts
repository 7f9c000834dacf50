import cubejs, { RequestError } from '../../../src/index';
import { API_URL, useFakeCube, json, loadBody } from '../../support/fixtures';

const cube = useFakeCube();

const query = { measures: ['Orders.count'] };
/** Retries immediately, so backoff tests do not wait. */
const noJitter = { random: () => 0 };

describe('transport faults', () => {
  it('server errors → RequestError with status, the server text and the parsed body', async () => {
    cube.answer(() => json({ error: 'Cube not found: Nope', type: 'UserError' }, 400));
    const error = (await cubejs('tok', { apiUrl: API_URL })
      .load(query)
      .catch((e: unknown) => e)) as RequestError;
    expect(error).toBeInstanceOf(RequestError);
    expect(error.code).toBe('HTTP_ERROR');
    expect(error.status).toBe(400);
    expect(error.message).toBe('Cube not found: Nope');
    expect(error.response).toEqual({ error: 'Cube not found: Nope', type: 'UserError' });
  });

  it('a non-JSON body → BAD_RESPONSE with the status and a short excerpt', async () => {
    cube.answer(
      () => new Response(`<html><body>Bad gateway ${'x'.repeat(5000)}</body></html>`, { status: 400 }),
    );
    const error = (await cubejs('tok', { apiUrl: API_URL })
      .load(query)
      .catch((e: unknown) => e)) as RequestError;
    expect(error.code).toBe('BAD_RESPONSE');
    expect(error.status).toBe(400);
    expect(error.message).toContain('<html><body>Bad gateway');
    expect(String(error.response).length).toBeLessThanOrEqual(200);
  });

  it('fetchTimeout aborts one attempt with TIMEOUT; a retry gets a fresh signal and succeeds', async () => {
    cube.answer((_req, i) => (i === 0 ? new Promise<Response>(() => undefined) : json(loadBody())));
    const api = cubejs('tok', { apiUrl: API_URL, fetchTimeout: 30, networkErrorRetries: 1, ...noJitter });
    await expect(api.load(query)).resolves.toBeTruthy();
    expect(cube.seen).toHaveLength(2);
  });

  it('fetchTimeout with no retries left → RequestError TIMEOUT', async () => {
    cube.answer(() => new Promise<Response>(() => undefined));
    const api = cubejs('tok', { apiUrl: API_URL, fetchTimeout: 30, networkErrorRetries: 0 });
    await expect(api.load(query)).rejects.toMatchObject({ code: 'TIMEOUT', status: 0 });
  });

  it('network errors are retried a bounded number of times, then NETWORK_ERROR', async () => {
    cube.answer(() => Response.error());
    const api = cubejs('tok', { apiUrl: API_URL, networkErrorRetries: 3, ...noJitter });
    await expect(api.load(query)).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
    expect(cube.seen).toHaveLength(4);
  });

  it.each([502, 503, 504, 429])('%s is retried with the same bounded backoff', async (status) => {
    cube.answer((_req, i) => (i < 2 ? json({ error: 'busy' }, status) : json(loadBody())));
    const api = cubejs('tok', { apiUrl: API_URL, networkErrorRetries: 2, ...noJitter });
    await expect(api.load(query)).resolves.toBeTruthy();
    expect(cube.seen).toHaveLength(3);
  });

  it('502 forever → a RequestError after the retries, not an endless loop', async () => {
    cube.answer(() => json({ error: 'Bad gateway' }, 502));
    const api = cubejs('tok', { apiUrl: API_URL, networkErrorRetries: 2, ...noJitter });
    await expect(api.load(query)).rejects.toMatchObject({ code: 'HTTP_ERROR', status: 502 });
    expect(cube.seen).toHaveLength(3);
  });

  it('honours Retry-After on 429', async () => {
    cube.answer((_req, i) =>
      i === 0 ? json({ error: 'slow down' }, 429, { 'Retry-After': '0.05' }) : json(loadBody()),
    );
    const started = Date.now();
    await cubejs('tok', { apiUrl: API_URL, ...noJitter }).load(query);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });
});

describe('abort signals given to fetch', () => {
  it('only when something can end the request: a signal or a fetchTimeout', async () => {
    const given: (AbortSignal | null | undefined)[] = [];
    const fetchSpy = (_url: string | URL | Request, init?: RequestInit) => {
      given.push(init?.signal);
      return Promise.resolve(new Response(JSON.stringify(loadBody()), { status: 200 }));
    };
    await cubejs('tok', { apiUrl: API_URL, fetch: fetchSpy }).load(query);
    await cubejs('tok', { apiUrl: API_URL, fetch: fetchSpy, fetchTimeout: 5000 }).load(query);
    await cubejs('tok', { apiUrl: API_URL, fetch: fetchSpy }).load(query, {
      signal: new AbortController().signal,
    });
    // A plain load makes no AbortController (a measurable share of its own time in Node).
    expect(given.map((signal) => signal instanceof AbortSignal)).toEqual([false, true, true]);
  });
});
