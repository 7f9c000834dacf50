import { http, HttpResponse } from 'msw';
import cubejs, { fetchCubeToken, type TokenStorage } from '../../../src/index';
import { RememberedToken } from '../../../src/auth/RememberedToken';
import { API_URL, fakeCube, makeJwt, TOKEN_ROUTE, useTokenRoute } from '../../support/fixtures';

const cube = fakeCube();
const route = useTokenRoute(cube);

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

describe('remembered tokens (tokenStorage)', () => {
  it('a reload with a stored valid token → zero token-route hits', async () => {
    const storage = memoryStorage();
    await cubejs(fetchCubeToken(TOKEN_ROUTE), { apiUrl: API_URL, tokenStorage: storage }).load(query);
    expect(route.hits).toBe(1);
    // "Reload": a brand-new client over the same storage.
    await cubejs(fetchCubeToken(TOKEN_ROUTE), { apiUrl: API_URL, tokenStorage: storage }).load(query);
    expect(route.hits).toBe(1);
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
    expect(route.hits).toBe(1);
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
    expect(route.hits).toBe(1);
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

  it('clearToken() before any request removes the stored token at once', () => {
    const storage = memoryStorage();
    const key = `cube-client:token:${API_URL}`;
    storage.map.set(key, JSON.stringify({ token: makeJwt({ n: 1 }), apiUrl: API_URL }));
    // Synchronously: the storage code still loading must not delay a logout (a reload may follow).
    cubejs(fetchCubeToken(TOKEN_ROUTE), { apiUrl: API_URL, tokenStorage: storage }).clearToken();
    expect(storage.map.size).toBe(0);
  });

  it('a token fetched after setToken() is stored too', async () => {
    const storage = memoryStorage();
    const api = cubejs(async () => 'first', { apiUrl: API_URL, tokenStorage: storage });
    api.setToken(fetchCubeToken(TOKEN_ROUTE));
    await api.load(query);
    const stored = JSON.parse(storage.map.get(`cube-client:token:${API_URL}`) ?? '{}');
    expect(stored.token).toBe(cube.seen[0].authorization);
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
    expect(route.hits).toBe(1);
  });

  it("'localStorage' where there is none (Node) works from memory", async () => {
    const api = cubejs(fetchCubeToken(TOKEN_ROUTE), { apiUrl: API_URL, tokenStorage: 'localStorage' });
    await api.load(query);
    await api.load(query);
    expect(route.hits).toBe(1);
  });

  it('rejects a malformed tokenStorage option at construction', () => {
    expect(() => cubejs('t', { apiUrl: API_URL, tokenStorage: 'cookies' as never })).toThrow(/tokenStorage/);
  });
});

describe('remembered tokens in browser storage', () => {
  it("uses globalThis.localStorage when the option is 'localStorage'", () => {
    const items = new Map<string, string>();
    const storage = {
      getItem: (k: string) => items.get(k) ?? null,
      setItem: (k: string, v: string) => void items.set(k, v),
      removeItem: (k: string) => void items.delete(k),
    };
    Object.defineProperty(globalThis, 'localStorage', { value: storage, configurable: true });
    try {
      const remembered = new RememberedToken('localStorage', 'http://cube.test/v1');
      remembered.write('tok', { expiresAt: 2000, refreshAt: 1500 });
      expect(remembered.read(1000)).toEqual({ token: 'tok', schedule: { expiresAt: 2000, refreshAt: 1500 } });
      expect(remembered.read(3000)).toBeUndefined();
      expect(items.size).toBe(0);
    } finally {
      delete (globalThis as { localStorage?: unknown }).localStorage;
    }
  });

  it('a localStorage getter that throws (storage disabled) means memory only', () => {
    Object.defineProperty(globalThis, 'sessionStorage', {
      get() {
        throw new Error('SecurityError');
      },
      configurable: true,
    });
    try {
      const remembered = new RememberedToken('sessionStorage', 'http://cube.test/v1');
      remembered.write('tok', undefined);
      expect(remembered.read(0)).toBeUndefined();
    } finally {
      delete (globalThis as { sessionStorage?: unknown }).sessionStorage;
    }
  });
});
