import cubejs, { ProgressResult, RequestError } from '../../src/index';
import { API_URL, useFakeCube, json, loadBody } from './support';

const cube = useFakeCube();

const query = { measures: ['Orders.count'] };
/** Retries immediately, so backoff tests do not wait. */
const noJitter = { random: () => 0 };

describe('requests on the wire', () => {
  it('GET /load with the query as JSON, queryType=multi, the raw token and a span id', async () => {
    await cubejs('tok', { apiUrl: API_URL }).load(query);
    const [request] = cube.seen;
    expect(request.method).toBe('GET');
    expect(request.url.pathname).toBe('/cubejs-api/v1/load');
    expect(JSON.parse(request.url.searchParams.get('query') ?? '')).toEqual(query);
    expect(request.url.searchParams.get('queryType')).toBe('multi');
    expect(request.authorization).toBe('tok');
    expect(request.requestId).toMatch(/^[0-9a-f-]{36}-span-1$/);
  });

  it('POST with a JSON body when method is POST, or when the URL would be over 2,000 characters', async () => {
    await cubejs('tok', { apiUrl: API_URL, method: 'POST' }).load(query);
    const long = {
      measures: ['Orders.count'],
      dimensions: Array.from({ length: 100 }, (_, i) => `Orders.dimension${i}`),
    };
    await cubejs('tok', { apiUrl: API_URL }).load(long);
    for (const request of cube.seen) {
      expect(request.method).toBe('POST');
      expect(request.url.search).toBe('');
      expect(request.headers.get('content-type')).toBe('application/json');
    }
    expect(cube.seen[0].body).toEqual({ query, queryType: 'multi' });
    expect((cube.seen[1].body as { query: unknown }).query).toEqual(long);
  });

  it('sql, meta and dryRun use their endpoints', async () => {
    cube.answer((req) => {
      if (req.url.pathname.endsWith('/sql')) return json({ sql: { sql: ['SELECT 1', []] } });
      if (req.url.pathname.endsWith('/meta')) return json({ cubes: [] });
      return json({ queryType: 'regularQuery', normalizedQueries: [], pivotQuery: {}, queryOrder: [] });
    });
    const api = cubejs('tok', { apiUrl: API_URL });
    expect((await api.sql(query)).sql()).toBe('SELECT 1');
    expect((await api.meta()).cubes).toEqual([]);
    expect(await api.dryRun(query)).toMatchObject({ queryType: 'regularQuery' });
    expect(cube.seen.map((r) => r.url.pathname.split('/').pop())).toEqual(['sql', 'meta', 'dry-run']);
  });

  it("merges the caller's headers without changing the caller's object", async () => {
    const headers = { 'X-Tenant': 'acme' };
    const frozen = Object.freeze({ ...headers });
    await cubejs('tok', { apiUrl: API_URL, headers: frozen, method: 'POST' }).load(query);
    expect(cube.seen[0].headers.get('x-tenant')).toBe('acme');
    expect(frozen).toEqual(headers);
  });
});

describe('read-only queries', () => {
  it('accepts `as const` queries, as the published client does (checked by tsc), and sends them as is', async () => {
    const frozen = {
      measures: ['Orders.count'],
      order: [['Orders.count', 'desc']],
      filters: [{ member: 'Orders.status', operator: 'equals', values: ['done'] }],
    } as const;
    const api = cubejs('tok', { apiUrl: API_URL });
    await api.load(frozen);
    await api.load([frozen, frozen]);
    expect(JSON.parse(cube.seen[0].url.searchParams.get('query') ?? '')).toEqual(frozen);
    expect(JSON.parse(cube.seen[1].url.searchParams.get('query') ?? '')).toEqual([frozen, frozen]);
  });
});

describe('Continue wait', () => {
  it('polls again with a growing span until data arrives, reporting progress', async () => {
    cube.answer((_req, i) =>
      i < 3 ? json({ error: 'Continue wait', stage: `stage ${i}`, timeElapsed: i * 100 }) : json(loadBody(5)),
    );
    const progress: ProgressResult[] = [];
    const rs = await cubejs('tok', { apiUrl: API_URL }).load(query, {
      progressCallback: (p) => progress.push(p),
    });
    expect(rs.rawData()[0]['Orders.count']).toBe('5');
    expect(progress.map((p) => p.stage())).toEqual(['stage 0', 'stage 1', 'stage 2']);
    expect(progress[2].timeElapsed()).toBe(200);
    const ids = cube.seen.map((r) => r.requestId ?? '');
    const base = ids[0].replace(/-span-1$/, '');
    expect(ids).toEqual([1, 2, 3, 4].map((n) => `${base}-span-${n}`));
  });

  it('aborting in the middle stops the polling', async () => {
    cube.answer(() => json({ error: 'Continue wait' }));
    const controller = new AbortController();
    const pending = cubejs('tok', { apiUrl: API_URL }).load(query, {
      signal: controller.signal,
      progressCallback: () => {
        if (cube.seen.length === 3) controller.abort();
      },
    });
    await expect(pending).rejects.toMatchObject({ code: 'ABORTED' });
    const count = cube.seen.length;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(cube.seen.length).toBe(count);
    expect(count).toBeLessThanOrEqual(4);
  });
});

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

describe('subscribe, callbacks and mutex', () => {
  it('subscribe returns { unsubscribe } synchronously and polls every pollInterval', async () => {
    let n = 0;
    cube.answer(() => json(loadBody(++n)));
    const seen: string[] = [];
    const subscription = cubejs('tok', { apiUrl: API_URL, pollInterval: 0.02 }).subscribe(
      query,
      {},
      (error, rs) => {
        if (rs) seen.push(String(rs.rawData()[0]['Orders.count']));
      },
    );
    expect(typeof subscription.unsubscribe).toBe('function');
    await new Promise((resolve) => setTimeout(resolve, 150));
    await subscription.unsubscribe();
    const count = cube.seen.length;
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen.slice(0, 3)).toEqual(['1', '2', '3']);
    expect(cube.seen.every((r) => r.url.pathname.endsWith('/subscribe'))).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(cube.seen.length).toBe(count);
  });

  it('the callback form of load calls back once with the result', async () => {
    const api = cubejs('tok', { apiUrl: API_URL });
    const result = await new Promise((resolve, reject) => {
      api.load(query, {}, (error, rs) => (error ? reject(error) : resolve(rs?.rawData())));
    });
    expect(result).toEqual([{ 'Orders.count': '42' }]);
  });

  it('a call superseded through mutexObj resolves null', async () => {
    const mutexObj = {};
    const api = cubejs('tok', { apiUrl: API_URL });
    const first = api.load(query, { mutexObj, mutexKey: 'query' });
    const second = api.load(query, { mutexObj, mutexKey: 'query' });
    expect(await first).toBeNull();
    expect(await second).not.toBeNull();
  });

  it('castNumerics turns numeric strings into numbers', async () => {
    const rs = await cubejs('tok', { apiUrl: API_URL, castNumerics: true }).load(query);
    expect(rs.rawData()[0]['Orders.count']).toBe(42);
  });
});

describe('options are checked at construction', () => {
  it.each([
    ['missing apiUrl', {}],
    ['apiUrl not a URL', { apiUrl: 'not a url' }],
    ['apiUrl ftp', { apiUrl: 'ftp://cube.test/v1' }],
    ['method', { apiUrl: API_URL, method: 'DELETE' }],
    ['credentials', { apiUrl: API_URL, credentials: 'always' }],
    ['pollInterval', { apiUrl: API_URL, pollInterval: -1 }],
    ['fetchTimeout', { apiUrl: API_URL, fetchTimeout: 'soon' }],
    ['networkErrorRetries', { apiUrl: API_URL, networkErrorRetries: 1.5 }],
    ['headers', { apiUrl: API_URL, headers: { a: 1 } }],
    ['fetch', { apiUrl: API_URL, fetch: 'fetch' }],
    ['tokenTimeout', { apiUrl: API_URL, tokenTimeout: 0 }],
    ['refreshLeeway', { apiUrl: API_URL, refreshLeeway: Number.NaN }],
    ['isAuthError', { apiUrl: API_URL, isAuthError: true }],
    ['onTokenRefreshed', { apiUrl: API_URL, onTokenRefreshed: {} }],
    ['onAuthFailure', { apiUrl: API_URL, onAuthFailure: 'x' }],
  ])('%s → TypeError naming the problem', (label, options) => {
    const create = () => cubejs('tok', options as never);
    expect(create).toThrow(TypeError);
    expect(create).toThrow(
      label.startsWith('apiUrl') || label.startsWith('missing') ? /apiUrl/ : new RegExp(label),
    );
  });

  it('a bare Promise as the token is refused with a hint, by cubejs() and by setToken()', () => {
    const promise = Promise.resolve('t') as never;
    expect(() => cubejs(promise, { apiUrl: API_URL })).toThrow(/Promise of a token .* function/);
    const cubeApi = cubejs('tok', { apiUrl: API_URL });
    expect(() => cubeApi.setToken(promise)).toThrow(/Promise of a token .* function/);
    expect(() => cubeApi.setToken(42 as never)).toThrow(/string, a function or null; got number/);
  });

  it('a trailing slash on apiUrl does not double the slash', async () => {
    await cubejs('tok', { apiUrl: `${API_URL}/` }).load(query);
    expect(cube.seen[0].url.pathname).toBe('/cubejs-api/v1/load');
  });

  it('uses an injected fetch', async () => {
    const calls: string[] = [];
    const api = cubejs('tok', {
      apiUrl: API_URL,
      fetch: (url, init) => {
        calls.push(url);
        return globalThis.fetch(url, init);
      },
    });
    await api.load(query);
    expect(calls).toHaveLength(1);
  });
});
