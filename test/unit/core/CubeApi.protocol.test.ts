import cubejs, { ProgressResult } from '../../../src/index';
import { API_URL, useFakeCube, json, loadBody } from '../../support/fixtures';

const cube = useFakeCube();

const query = { measures: ['Orders.count'] };

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
