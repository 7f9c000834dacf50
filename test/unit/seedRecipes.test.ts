import { http, HttpResponse } from 'msw';
import cubejs, { fetchCubeToken, TokenError, type TokenStorage } from '../../src/index';
import { API_URL, fakeCube, makeJwt } from './support';

const TOKEN_ROUTE = 'http://app.test/auth/cubejs-token';
const cube = fakeCube();
let routeHits = 0;
let routeReply: () => Response = () => HttpResponse.json({ token: freshJwt() });

function freshJwt(lifetime = 3600) {
  const iat = Math.floor(Date.now() / 1000);
  return makeJwt({ iat, exp: iat + lifetime, n: routeHits });
}

beforeAll(() => {
  cube.server.use(
    http.get(TOKEN_ROUTE, () => {
      routeHits += 1;
      return routeReply();
    }),
  );
  cube.server.listen({ onUnhandledRequest: 'error' });
});
afterEach(() => {
  cube.reset();
  routeHits = 0;
  routeReply = () => HttpResponse.json({ token: freshJwt() });
});
afterAll(() => cube.server.close());

const query = { measures: ['Orders.count'] };

/** A Storage-like map that can be told to throw, like Safari's private mode. */
function memoryStorage(throwing = false): TokenStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  const guard = () => {
    if (throwing) throw new Error('QuotaExceededError');
  };
  return {
    map,
    get: (key) => (guard(), map.get(key) ?? null),
    set: (key, value) => (guard(), void map.set(key, value)),
    remove: (key) => (guard(), void map.delete(key)),
  };
}

describe('fetchCubeToken', () => {
  it('reads { token } JSON and the client sends it', async () => {
    await cubejs(fetchCubeToken(TOKEN_ROUTE), { apiUrl: API_URL }).load(query);
    expect(routeHits).toBe(1);
    expect(cube.seen[0].authorization).toMatch(/^ey/);
  });

  it('accepts a bare JWT text body', async () => {
    const jwt = freshJwt();
    routeReply = () => new HttpResponse(jwt, { headers: { 'Content-Type': 'text/plain' } });
    await cubejs(fetchCubeToken(TOKEN_ROUTE), { apiUrl: API_URL }).load(query);
    expect(cube.seen[0].authorization).toBe(jwt);
  });

  it('route answers 401 → TOKEN_ROUTE_UNAUTHORIZED, onAuthFailure fires, no request to Cube', async () => {
    routeReply = () => HttpResponse.json({ error: 'login required' }, { status: 401 });
    const failures: unknown[] = [];
    const api = cubejs(fetchCubeToken(TOKEN_ROUTE), {
      apiUrl: API_URL,
      onAuthFailure: (e) => failures.push(e),
    });
    const error = (await api.load(query).catch((e: unknown) => e)) as TokenError;
    expect(error).toBeInstanceOf(TokenError);
    expect(error.code).toBe('TOKEN_ROUTE_UNAUTHORIZED');
    expect(error.status).toBe(401);
    expect(failures).toEqual([error]);
    expect(cube.seen).toHaveLength(0);
  });

  it.each([
    ['a 500', () => HttpResponse.json({ error: 'boom' }, { status: 500 }), 'TOKEN_FETCH_FAILED'],
    ['non-JSON HTML', () => new HttpResponse('<html>oops</html>'), 'TOKEN_INVALID'],
    ['JSON without token', () => HttpResponse.json({ jwt: 'x' }), 'TOKEN_INVALID'],
    ['a network error', () => HttpResponse.error(), 'TOKEN_FETCH_FAILED'],
  ])('%s from the route → %s, and the next request asks again', async (_label, reply, code) => {
    routeReply = reply;
    const api = cubejs(fetchCubeToken(TOKEN_ROUTE), { apiUrl: API_URL });
    await expect(api.load(query)).rejects.toMatchObject({ code });
    routeReply = () => HttpResponse.json({ token: freshJwt() });
    await api.load(query);
    expect(routeHits).toBe(2);
  });
});

describe('fetchCubeToken and tokenTimeout', () => {
  it('a token route that hangs past tokenTimeout gets its request cancelled', async () => {
    let routeSignal: AbortSignal | undefined;
    cube.server.use(
      http.get('http://app.test/auth/slow-token', ({ request }) => {
        routeSignal = request.signal;
        return new Promise<Response>(() => undefined);
      }),
    );
    const api = cubejs(fetchCubeToken('http://app.test/auth/slow-token'), {
      apiUrl: API_URL,
      tokenTimeout: 30,
    });
    await expect(api.load(query)).rejects.toMatchObject({ code: 'TOKEN_TIMEOUT' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(routeSignal?.aborted).toBe(true);
    expect(cube.seen).toHaveLength(0);
  });
});

describe('remembered tokens (tokenStorage)', () => {
  it('a reload with a stored valid token → zero token-route hits', async () => {
    const storage = memoryStorage();
    await cubejs(fetchCubeToken(TOKEN_ROUTE), { apiUrl: API_URL, tokenStorage: storage }).load(query);
    expect(routeHits).toBe(1);
    // "Reload": a brand-new client over the same storage.
    await cubejs(fetchCubeToken(TOKEN_ROUTE), { apiUrl: API_URL, tokenStorage: storage }).load(query);
    expect(routeHits).toBe(1);
    expect(cube.seen[1].authorization).toBe(cube.seen[0].authorization);
  });

  it('a stored expired token → one hit and the storage updated', async () => {
    const storage = memoryStorage();
    const key = `cube-client:token:${API_URL}`;
    const old = makeJwt({ iat: 1, exp: 2 });
    storage.map.set(
      key,
      JSON.stringify({ token: old, apiUrl: API_URL, schedule: { expiresAt: 2000, refreshAt: 1000 } }),
    );
    await cubejs(fetchCubeToken(TOKEN_ROUTE), { apiUrl: API_URL, tokenStorage: storage }).load(query);
    expect(routeHits).toBe(1);
    expect(cube.seen[0].authorization).not.toBe(old);
    expect(JSON.parse(storage.map.get(key) ?? '{}').token).toBe(cube.seen[0].authorization);
  });

  it.each([
    ['malformed JSON', '{not json'],
    ['another API', JSON.stringify({ token: 'x.y.z', apiUrl: 'http://other.test/cubejs-api/v1' })],
    ['an empty token', JSON.stringify({ token: '', apiUrl: API_URL })],
  ])('a stored value with %s is ignored and removed', async (_label, value) => {
    const storage = memoryStorage();
    const key = `cube-client:token:${API_URL}`;
    storage.map.set(key, value);
    await cubejs(fetchCubeToken(TOKEN_ROUTE), { apiUrl: API_URL, tokenStorage: storage }).load(query);
    expect(routeHits).toBe(1);
    expect(JSON.parse(storage.map.get(key) ?? '{}').token).toBe(cube.seen[0].authorization);
  });

  it('clearToken() removes the stored token', async () => {
    const storage = memoryStorage();
    const api = cubejs(fetchCubeToken(TOKEN_ROUTE), { apiUrl: API_URL, tokenStorage: storage });
    await api.load(query);
    expect(storage.map.size).toBe(1);
    api.clearToken();
    expect(storage.map.size).toBe(0);
  });

  it('two clients with different apiUrls never read each other’s token', async () => {
    const storage = memoryStorage();
    const otherUrl = 'http://cube.test/other-api/v1';
    cube.server.use(
      http.all(`${otherUrl}/*`, ({ request }) =>
        HttpResponse.json({ cubes: [], seen: request.headers.get('authorization') }),
      ),
    );
    let n = 0;
    const tokenA = async () => `token-a-${++n}`;
    const tokenB = async () => `token-b-${++n}`;
    await cubejs(tokenA, { apiUrl: API_URL, tokenStorage: storage }).load(query);
    await cubejs(tokenB, { apiUrl: otherUrl, tokenStorage: storage }).meta();
    expect(storage.map.size).toBe(2);
    const values = [...storage.map.values()].map((v) => JSON.parse(v).token);
    expect(values.sort()).toEqual(['token-a-1', 'token-b-2']);
  });

  it('storage that throws falls back to memory silently', async () => {
    const api = cubejs(fetchCubeToken(TOKEN_ROUTE), { apiUrl: API_URL, tokenStorage: memoryStorage(true) });
    await api.load(query);
    await api.load(query);
    expect(routeHits).toBe(1);
  });

  it("'localStorage' where there is none (Node) works from memory", async () => {
    const api = cubejs(fetchCubeToken(TOKEN_ROUTE), { apiUrl: API_URL, tokenStorage: 'localStorage' });
    await api.load(query);
    await api.load(query);
    expect(routeHits).toBe(1);
  });

  it('rejects a malformed tokenStorage option at construction', () => {
    expect(() => cubejs('t', { apiUrl: API_URL, tokenStorage: 'cookies' as never })).toThrow(/tokenStorage/);
  });
});
