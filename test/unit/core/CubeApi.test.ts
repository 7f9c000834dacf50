import cubejs, { RequestError, TokenError } from '../../../src/index';
import { API_URL, countingTokenFn, useFakeCube, json, loadBody, makeJwt } from '../../support/fixtures';

const cube = useFakeCube();

const invalidToken = () => json({ error: 'Invalid token' }, 403);
const fast = { networkErrorRetries: 0 } as const;

describe('token memo over HTTP', () => {
  it('1,000 concurrent loads with no token yet → one token-function call, all succeed', async () => {
    const tokenFn = countingTokenFn(['token-1']);
    const api = cubejs(tokenFn, { apiUrl: API_URL });
    const results = await Promise.all(
      Array.from({ length: 1000 }, () => api.load({ measures: ['Orders.count'] })),
    );
    expect(tokenFn.calls).toBe(1);
    expect(results).toHaveLength(1000);
    expect(results.every((rs) => rs.rawData()[0]['Orders.count'] === '42')).toBe(true);
    expect(cube.seen.every((r) => r.authorization === 'token-1')).toBe(true);
  });

  it('3 sequential loads with a valid token → one call', async () => {
    const now = Math.floor(Date.now() / 1000);
    const tokenFn = countingTokenFn([makeJwt({ iat: now, exp: now + 3600 })]);
    const api = cubejs(tokenFn, { apiUrl: API_URL });
    for (let i = 0; i < 3; i += 1) await api.load({ measures: ['Orders.count'] });
    expect(tokenFn.calls).toBe(1);
    expect(cube.seen).toHaveLength(3);
  });
});

describe('auth failures', () => {
  it('403 "Invalid token" → one refresh, one retry, success', async () => {
    const tokenFn = countingTokenFn(['stale', 'fresh']);
    cube.answer((req) => (req.authorization === 'stale' ? invalidToken() : json(loadBody(7))));
    const refreshed: string[] = [];
    const api = cubejs(tokenFn, { apiUrl: API_URL, onTokenRefreshed: (t) => refreshed.push(t) });
    const rs = await api.load({ measures: ['Orders.count'] });
    expect(rs.rawData()[0]['Orders.count']).toBe('7');
    expect(tokenFn.calls).toBe(2);
    expect(cube.seen.map((r) => r.authorization)).toEqual(['stale', 'fresh']);
    expect(refreshed).toEqual(['stale', 'fresh']);
  });

  it('a second rejection → AUTH_FAILED, no third request, onAuthFailure called', async () => {
    const tokenFn = countingTokenFn(['bad-1', 'bad-2', 'bad-3']);
    cube.answer(invalidToken);
    const failures: unknown[] = [];
    const api = cubejs(tokenFn, { apiUrl: API_URL, onAuthFailure: (e) => failures.push(e) });
    const error = (await api.load({ measures: ['Orders.count'] }).catch((e: unknown) => e)) as RequestError;
    expect(error).toBeInstanceOf(RequestError);
    expect(error.code).toBe('AUTH_FAILED');
    expect(error.status).toBe(403);
    expect(cube.seen).toHaveLength(2);
    expect(tokenFn.calls).toBe(2);
    expect(failures).toEqual([error]);
    expect(api.getTokenState()).toMatchObject({ status: 'failed', error });
  });

  it('401 from a gateway counts as an auth failure too', async () => {
    const tokenFn = countingTokenFn(['old', 'new']);
    cube.answer((req) =>
      req.authorization === 'old' ? json({ message: 'Unauthorized' }, 401) : json(loadBody()),
    );
    const api = cubejs(tokenFn, { apiUrl: API_URL });
    await api.load({ measures: ['Orders.count'] });
    expect(cube.seen.map((r) => r.authorization)).toEqual(['old', 'new']);
  });

  it('a 401 that arrives while a refresh is running waits for it: no second refresh', async () => {
    const now = Math.floor(Date.now() / 1000);
    // First token is inside its leeway window at once (lifetime 10 s, leeway 60 s → whole life).
    const first = makeJwt({ iat: now, exp: now + 10, n: 1 });
    const second = makeJwt({ iat: now, exp: now + 3600, n: 2 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const tokenFn = async () => {
      calls += 1;
      if (calls === 1) return first;
      await gate;
      return second;
    };
    let firstRevoked = false;
    cube.answer((req) => (firstRevoked && req.authorization === first ? invalidToken() : json(loadBody())));
    const api = cubejs(tokenFn, { apiUrl: API_URL, refreshLeeway: 60_000, random: () => 0 });
    await api.load({ measures: ['Orders.count'] }); // fetches `first`
    await api.load({ measures: ['Orders.count'] }); // inside the leeway: `first` again, refresh starts
    expect(calls).toBe(2);
    firstRevoked = true;
    const pending = api.load({ measures: ['Orders.count'] });
    setTimeout(release, 20);
    await pending;
    expect(calls).toBe(2);
    expect(cube.seen.map((r) => r.authorization)).toEqual([first, first, first, second]);
  });

  it('a 401 for a token that is no longer current retries with the current one without refreshing', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const tokenFn = countingTokenFn(['t1', 't2']);
    let firstRequest = true;
    cube.answer(async (req) => {
      if (req.authorization === 't1' && firstRequest) {
        firstRequest = false;
        await gate; // held until the other request made the client switch to t2
        return invalidToken();
      }
      return req.authorization === 't1' ? invalidToken() : json(loadBody());
    });
    const api = cubejs(tokenFn, { apiUrl: API_URL });
    const slow = api.load({ measures: ['Orders.count'] });
    await new Promise((resolve) => setTimeout(resolve, 30));
    await api.load({ measures: ['Orders.count'] }); // t1 rejected → t2
    release();
    await slow;
    expect(tokenFn.calls).toBe(2);
    expect(cube.seen.map((r) => r.authorization)).toEqual(['t1', 't1', 't2', 't2']);
  });

  it('403 "API scope is missing" is not an auth failure: surfaces at once, no refresh', async () => {
    const tokenFn = countingTokenFn(['token']);
    cube.answer(() => json({ error: 'API scope is missing: data' }, 403));
    const api = cubejs(tokenFn, { apiUrl: API_URL });
    const error = (await api.load({ measures: ['Orders.count'] }).catch((e: unknown) => e)) as RequestError;
    expect(error.code).toBe('HTTP_ERROR');
    expect(error.status).toBe(403);
    expect(error.message).toBe('API scope is missing: data');
    expect(tokenFn.calls).toBe(1);
    expect(cube.seen).toHaveLength(1);
  });

  it('static token + 403 → AUTH_FAILED at once', async () => {
    cube.answer(invalidToken);
    const api = cubejs('static-token', { apiUrl: API_URL });
    const error = (await api.load({ measures: ['Orders.count'] }).catch((e: unknown) => e)) as RequestError;
    expect(error.code).toBe('AUTH_FAILED');
    expect(cube.seen).toHaveLength(1);
  });

  it('a custom isAuthError decides what counts as rejection', async () => {
    const tokenFn = countingTokenFn(['a', 'b']);
    cube.answer((req) =>
      req.authorization === 'a' ? json({ error: 'expired session' }, 419) : json(loadBody()),
    );
    const api = cubejs(tokenFn, { apiUrl: API_URL, isAuthError: ({ status }) => status === 419 });
    await api.load({ measures: ['Orders.count'] });
    expect(tokenFn.calls).toBe(2);
  });
});

describe('token failures reach the caller typed, and the header is never "undefined"', () => {
  it.each([
    ['throws', 'TOKEN_FETCH_FAILED', () => Promise.reject(new Error('down'))],
    ['returns an empty string', 'TOKEN_INVALID', async () => ''],
    ['returns undefined', 'TOKEN_INVALID', async () => undefined as unknown as string],
    ['returns a number', 'TOKEN_INVALID', async () => 5 as unknown as string],
  ])('token function %s → %s, no request sent', async (_label, code, fn) => {
    const api = cubejs(fn, { apiUrl: API_URL });
    const error = (await api.load({ measures: ['Orders.count'] }).catch((e: unknown) => e)) as TokenError;
    expect(error).toBeInstanceOf(TokenError);
    expect(error.code).toBe(code);
    expect(cube.seen).toHaveLength(0);
  });

  it('a hanging token function → TOKEN_TIMEOUT', async () => {
    const api = cubejs(() => new Promise<string>(() => undefined), { apiUrl: API_URL, tokenTimeout: 20 });
    await expect(api.load({ measures: ['Orders.count'] })).rejects.toMatchObject({ code: 'TOKEN_TIMEOUT' });
  });

  it('dev mode (null, or options only) sends no Authorization header at all', async () => {
    await cubejs(null, { apiUrl: API_URL }).load({ measures: ['Orders.count'] });
    await cubejs({ apiUrl: API_URL }).load({ measures: ['Orders.count'] });
    expect(cube.seen).toHaveLength(2);
    expect(cube.seen.every((r) => r.authorization === null)).toBe(true);
  });

  it('dev-mode client against a server that wants a token: says a token is required', async () => {
    cube.answer(() => json({ error: "Authorization header isn't set" }, 403));
    const error = (await cubejs(null, { apiUrl: API_URL })
      .meta()
      .catch((e: unknown) => e)) as RequestError;
    expect(error.code).toBe('AUTH_FAILED');
    expect(error.message).toMatch(/requires a token/);
  });

  it('the legacy options-only form with apiToken sends that token', async () => {
    await cubejs({ apiToken: 'legacy-token', apiUrl: API_URL }).load({ measures: ['Orders.count'] });
    expect(cube.seen[0].authorization).toBe('legacy-token');
  });
});

describe('abort', () => {
  it('an aborted caller stops its own request without cancelling a shared token fetch', async () => {
    const tokenFn = countingTokenFn(['shared'], 30);
    const api = cubejs(tokenFn, { apiUrl: API_URL });
    const controller = new AbortController();
    const aborted = api.load({ measures: ['Orders.count'] }, { signal: controller.signal });
    const other = api.load({ measures: ['Orders.count'] });
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: 'ABORTED' });
    await expect(other).resolves.toBeTruthy();
    expect(tokenFn.calls).toBe(1);
    expect(cube.seen).toHaveLength(1);
  });

  it('aborting during an HTTP request stops it with code ABORTED', async () => {
    cube.answer(() => new Promise<Response>(() => undefined));
    const api = cubejs('t', { apiUrl: API_URL });
    const controller = new AbortController();
    const pending = api.load({ measures: ['Orders.count'] }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ code: 'ABORTED' });
  });
});

describe('the token stays secret', () => {
  it('never appears in a URL or an error message', async () => {
    const secret = makeJwt({ sub: 'secret-user', iat: 1, exp: 9_999_999_999 });
    cube.answer((_req, i) =>
      i === 0 ? json({ error: 'Continue wait' }) : new Response(`<html>${secret}</html>`, { status: 500 }),
    );
    const api = cubejs(async () => secret, { apiUrl: API_URL, ...fast });
    const error = (await api.load({ measures: ['Orders.count'] }).catch((e: unknown) => e)) as RequestError;
    expect(error.code).toBe('BAD_RESPONSE');
    expect(String(error)).not.toContain(secret);
    expect(error.message).not.toContain(secret);
    expect(JSON.stringify(error.response)).not.toContain(secret);
    expect(cube.seen.every((r) => !r.url.href.includes(secret))).toBe(true);
    expect(cube.seen.every((r) => r.authorization === secret)).toBe(true);
  });
});
