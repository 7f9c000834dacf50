/**
 * The constructors and the published client's transport contract: a foreign transport gets the
 * current token on `authorization` before each request, a rejection over it refreshes once and
 * retries once, concurrent requests share one token fetch; `HttpTransport` keeps the published
 * constructor and `request(method, params)` → `{ subscribe }` shape.
 */
import officialCube from '@cubejs-client/core';
import cubejs, {
  CubeApi,
  cubejs as namedCubejs,
  HttpTransport,
  RequestError,
  type ITransport,
  type ITransportResponse,
  type TokenAwareTransport,
  type TransportTokenSource,
} from '../../../src/index';
import { API_URL, countingTokenFn, json, loadBody, useFakeCube } from '../../support/fixtures';

const cube = useFakeCube();
const query = { measures: ['Orders.count'] };

type Answer = (call: number, authorization: string | undefined) => { status: number; body: unknown };

/** A transport of the published shape that answers from a script, recording what it was sent. */
class StubTransport implements ITransport<unknown> {
  readonly sent: { method: string; params: Record<string, unknown>; authorization: string | undefined }[] =
    [];
  assignments = 0;
  #authorization: string | undefined;
  readonly #answer: Answer;

  constructor(answer: Answer) {
    this.#answer = answer;
  }

  get authorization() {
    return this.#authorization;
  }

  set authorization(token: string | undefined) {
    this.assignments += 1;
    this.#authorization = token;
  }

  request(method: string, params: Record<string, unknown>): ITransportResponse<unknown> {
    this.sent.push({ method, params, authorization: this.authorization });
    const { status, body } = this.#answer(this.sent.length - 1, this.authorization);
    const reply = { status, text: () => Promise.resolve(JSON.stringify(body)) };
    return { subscribe: async (callback) => callback(reply, () => Promise.reject(new Error('no next'))) };
  }
}

const stubTransport = (answer: Answer) => new StubTransport(answer);

describe('constructors', () => {
  it('new CubeApi(token, options), new CubeApi({ apiToken, ... }) and cubejs() send the same request', async () => {
    await new CubeApi('tok', { apiUrl: API_URL }).load(query);
    await new CubeApi({ apiToken: 'tok', apiUrl: API_URL }).load(query);
    await cubejs('tok', { apiUrl: API_URL }).load(query);
    await namedCubejs({ apiToken: 'tok', apiUrl: API_URL }).load(query);
    expect(cube.seen.map((r) => [r.authorization, r.url.pathname, r.url.searchParams.get('query')])).toEqual(
      Array(4).fill(['tok', '/cubejs-api/v1/load', JSON.stringify(query)]),
    );
    expect(cubejs).toBe(namedCubejs);
    expect(cubejs('tok', { apiUrl: API_URL })).toBeInstanceOf(CubeApi);
  });

  it('apiUrl is optional with a transport, required without one (as published, at construction)', () => {
    const transport = stubTransport(() => ({ status: 200, body: loadBody() }));
    expect(() => new CubeApi({ transport })).not.toThrow();
    expect(() => new CubeApi('tok', {} as never)).toThrow(/apiUrl/);
    expect(() => officialCube('tok', {} as never)).toThrow(/apiUrl/);
    expect(() => new CubeApi('tok', { transport: { authorization: 'x' } as never })).toThrow(/transport/);
  });

  it('a token set on the given transport is used when the client has none', async () => {
    const transport = new HttpTransport({ apiUrl: API_URL, authorization: 'from-transport' });
    await new CubeApi({ transport }).load(query);
    expect(cube.seen[0].authorization).toBe('from-transport');
  });
});

describe('a foreign transport', () => {
  it('gets the current token on authorization before each request, and the published params', async () => {
    const transport = stubTransport(() => ({ status: 200, body: loadBody(7) }));
    const api = new CubeApi(countingTokenFn(['t1']), { transport });
    const resultSet = await api.load(query, { baseRequestId: 'base', cache: 'no-cache' });
    expect(resultSet.rawData()).toEqual([{ 'Orders.count': '7' }]);
    await api.meta({ onlyViews: true }).catch(() => undefined);
    expect(transport.sent[0]).toMatchObject({
      method: 'load',
      authorization: 't1',
      params: { query, queryType: 'multi', baseRequestId: 'base', cache: 'no-cache' },
    });
    expect(transport.sent[1]).toMatchObject({
      method: 'meta',
      authorization: 't1',
      params: { onlyViews: true },
    });
    // The token is assigned only when it changes: a WebSocket transport reconnects on every assignment.
    expect(transport.assignments).toBe(1);
  });

  it("a rejection over it (Cube's 403) refreshes the token once and retries once", async () => {
    const transport = stubTransport((_i, token) =>
      token === 'old'
        ? { status: 403, body: { error: 'Invalid token' } }
        : { status: 200, body: loadBody(1) },
    );
    const tokens = countingTokenFn(['old', 'new']);
    const resultSet = await new CubeApi(tokens, { transport }).load(query);
    expect(resultSet.rawData()).toEqual([{ 'Orders.count': '1' }]);
    expect(transport.sent.map((s) => s.authorization)).toEqual(['old', 'new']);
    expect(tokens.calls).toBe(2);
  });

  it('a second rejection is AUTH_FAILED, with no loop', async () => {
    const transport = stubTransport(() => ({ status: 401, body: {} }));
    const tokens = countingTokenFn(['a', 'b', 'c']);
    const failure = await new CubeApi(tokens, { transport }).load(query).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RequestError);
    expect((failure as RequestError).code).toBe('AUTH_FAILED');
    expect(transport.sent).toHaveLength(2);
  });

  it('concurrent requests share one token fetch', async () => {
    const transport = stubTransport(() => ({ status: 200, body: loadBody() }));
    const tokens = countingTokenFn(['shared'], 20);
    const api = new CubeApi(tokens, { transport });
    await Promise.all(Array.from({ length: 5 }, () => api.load(query)));
    expect(tokens.calls).toBe(1);
    expect(transport.sent.every((s) => s.authorization === 'shared')).toBe(true);
  });

  it('a reply without a status ({ error }) is the RequestError it stands for', async () => {
    const transport = {
      authorization: undefined,
      request: () => ({
        subscribe: async (cb: (r: unknown, n: () => unknown) => unknown) => cb({ error: 'timeout' }, () => 0),
      }),
    } as unknown as ITransport<unknown>;
    const failure = (await new CubeApi('t', { transport })
      .load(query)
      .catch((e: unknown) => e)) as RequestError;
    expect(failure.code).toBe('TIMEOUT');
  });

  it("a reply carrying the transport's own typed failure throws that error as it is, not HTTP_ERROR", async () => {
    const authFailed = new RequestError('AUTH_FAILED', 'The Cube server rejected the token', { status: 403 });
    const reply = { status: 403, text: () => Promise.resolve('{"error":"rejected"}'), failure: authFailed };
    const transport = {
      authorization: undefined,
      request: () => ({
        subscribe: async (cb: (r: unknown, n: () => unknown) => unknown) => cb(reply, () => 0),
      }),
    } as unknown as ITransport<unknown>;
    const failure = await new CubeApi('t', { transport }).load(query).catch((e: unknown) => e);
    expect(failure).toBe(authFailed);
    // Without the failure the same reply is the server's 403, an HTTP_ERROR.
    const plain = { ...reply, failure: undefined };
    const plainTransport = {
      authorization: undefined,
      request: () => ({
        subscribe: async (cb: (r: unknown, n: () => unknown) => unknown) => cb(plain, () => 0),
      }),
    } as unknown as ITransport<unknown>;
    const served = (await new CubeApi('t', { transport: plainTransport })
      .load(query)
      .catch((e: unknown) => e)) as RequestError;
    expect(served.code).toBe('HTTP_ERROR');
  });

  it('the callback form and "Continue wait" use next() of the same request', async () => {
    const nexts: number[] = [];
    const transport = {
      authorization: undefined as string | undefined,
      request: (): ITransportResponse<unknown> => {
        let replies = 0;
        const reply = (body: unknown) => ({ status: 200, text: () => Promise.resolve(JSON.stringify(body)) });
        const subscription: ITransportResponse<unknown> = {
          subscribe: async (callback) => {
            replies += 1;
            nexts.push(replies);
            return callback(reply(replies < 3 ? { error: 'Continue wait' } : loadBody(3)), () =>
              subscription.subscribe(callback),
            );
          },
        };
        return subscription;
      },
    };
    const api = new CubeApi('t', { transport, random: () => 0 });
    const result = await new Promise((resolve, reject) =>
      api.load(query, undefined, (error, resultSet) =>
        error ? reject(error) : resolve(resultSet?.rawData()),
      ),
    );
    expect(result).toEqual([{ 'Orders.count': '3' }]);
    expect(nexts).toEqual([1, 2, 3]);
  });
});

describe('a token-aware transport', () => {
  it('gets a TransportTokenSource backed by the token rules, and identity changes', async () => {
    let source: TransportTokenSource | undefined;
    const transport: ITransport<unknown> & TokenAwareTransport = {
      authorization: undefined,
      useTokenSource: (given) => (source = given),
      request: () => ({
        subscribe: async (cb) =>
          cb({ status: 200, text: () => Promise.resolve(JSON.stringify(loadBody())) }, () =>
            Promise.resolve(undefined as never),
          ),
      }),
    };
    const tokens = countingTokenFn(['one', 'two'], 10);
    const api = new CubeApi(tokens, { transport });
    expect(source).toBeDefined();
    const [a, b] = await Promise.all([source!.getToken(), source!.getToken()]);
    expect([a, b, tokens.calls]).toEqual(['one', 'one', 1]);
    await expect(source!.rejected('one')).resolves.toBe('two');
    let changes = 0;
    const stop = source!.onIdentityChange(() => (changes += 1));
    api.setToken('static');
    api.clearToken();
    stop();
    api.setToken('again');
    expect(changes).toBe(2);
    await api.load(query);
    expect(transport.authorization).toBeUndefined();
    await expect(source!.rejected('again')).rejects.toMatchObject({ code: 'AUTH_FAILED' });
  });
  it('a token it reports accepted is refreshed at once when rejected later, as over HTTP', async () => {
    const sources: TransportTokenSource[] = [];
    const awareTransport = (): ITransport<unknown> & TokenAwareTransport => ({
      authorization: undefined,
      useTokenSource: (given) => sources.push(given),
      request: () => ({ subscribe: () => new Promise<never>(() => undefined) }),
    });
    // A connection that lasts: each token is accepted by a handshake, and rejected much later.
    new CubeApi(countingTokenFn(['one', 'two', 'three']), { transport: awareTransport() });
    const [source] = sources;
    await source.getToken();
    source.accepted?.('one');
    await expect(source.rejected('one')).resolves.toBe('two');
    source.accepted?.('two');
    await expect(source.rejected('two')).resolves.toBe('three');
    // Without the reports, two rejections in a row are two fresh tokens refused: the backoff.
    new CubeApi(countingTokenFn(['one', 'two', 'three']), { transport: awareTransport() });
    const unreported = sources[1];
    await unreported.getToken();
    await expect(unreported.rejected('one')).resolves.toBe('two');
    await expect(unreported.rejected('two')).rejects.toMatchObject({ code: 'TOKEN_REJECTED' });
  });
});

describe('HttpTransport, the published shape', () => {
  it('request(method, params).subscribe gives a Response-like reply, with x-request-id spans and the token', async () => {
    const transport = new HttpTransport({ apiUrl: API_URL, authorization: 'tok', headers: { 'X-App': 'a' } });
    const request = transport.request('load', { query, baseRequestId: 'rid' });
    const body = await request.subscribe(async (reply) => {
      expect('status' in reply && reply.status).toBe(200);
      return (reply as Response).json();
    });
    expect(body).toEqual(loadBody());
    await request.subscribe(async () => undefined);
    expect(cube.seen.map((r) => [r.authorization, r.requestId, r.headers.get('x-app')])).toEqual([
      ['tok', 'rid-span-1', 'a'],
      ['tok', 'rid-span-2', 'a'],
    ]);
  });

  it('wrapped in a transport of its own, it carries our client (the published client too)', async () => {
    const inner = new HttpTransport({ apiUrl: API_URL, networkErrorRetries: 0 });
    const calls: string[] = [];
    const wrapper: ITransport<unknown> = {
      get authorization() {
        return inner.authorization;
      },
      set authorization(token) {
        inner.authorization = token;
      },
      request(method, params) {
        calls.push(method);
        return inner.request(method, params);
      },
    };
    const ours = await new CubeApi(countingTokenFn(['w']), { transport: wrapper }).load(query);
    const theirs = await officialCube(async () => 'w', { apiUrl: API_URL, transport: wrapper as never }).load(
      query,
    );
    expect(ours.rawData()).toEqual(theirs.rawData());
    expect(calls).toEqual(['load', 'load']);
    expect(cube.seen.map((r) => r.authorization)).toEqual(['w', 'w']);
  });

  it('no reply is { error } in the published words', async () => {
    cube.answer(() => Response.error());
    const transport = new HttpTransport({ apiUrl: API_URL, networkErrorRetries: 0 });
    const reply = await transport.request('meta', {}).subscribe(async (r) => r);
    expect(reply).toEqual({ error: 'network Error' });
    const aborted = new AbortController();
    aborted.abort();
    const replyAborted = await transport
      .request('meta', { signal: aborted.signal })
      .subscribe(async (r) => r);
    expect(replyAborted).toEqual({ error: 'aborted' });
  });

  it('a reply of the published shape from our transport feeds the published client', async () => {
    cube.answer(() => json(loadBody(9)));
    const transport = new HttpTransport({ apiUrl: API_URL });
    const resultSet = await officialCube('tok', { apiUrl: API_URL, transport: transport as never }).load(
      query,
    );
    expect(resultSet.rawData()).toEqual([{ 'Orders.count': '9' }]);
  });
});
