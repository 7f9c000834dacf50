/**
 * Token faults against real loopback servers: a token route that flaps, a client clock that
 * jumps, and a Cube server that redirects to another origin.
 */
import cubejs, {
  fetchCubeToken,
  RequestError,
  TokenError,
  type RequestError as RequestErrorType,
} from '../../src/index';
import { readTokenTimes } from '../../src/auth/jwt';
import {
  ask,
  expectData,
  expectError,
  expectNoTokenInUrls,
  idOf,
  installGuards,
  issue,
  loadReply,
  loopback,
  sendJson,
  settle,
  sleepMs,
  type Behaviour,
  type Loopback,
  type Seen,
} from './harness';

installGuards();

let cube: Loopback;
let other: Loopback;
beforeAll(async () => {
  cube = await loopback();
  other = await loopback();
});
afterEach(() => {
  expectNoTokenInUrls(cube.seen);
  expectNoTokenInUrls(other.seen);
  cube.seen.length = 0;
  other.seen.length = 0;
});
afterAll(async () => {
  await cube.close();
  await other.close();
});

const TOKEN_PATH = '/auth/cubejs-token';
const isTokenRoute = (seen: Seen) => seen.url.startsWith(TOKEN_PATH);
const cubeRequests = () => cube.seen.filter((seen) => !isTokenRoute(seen));
const routeHits = () => cube.seen.filter(isTokenRoute).length;
const echo: Behaviour = (_req, res, seen) => sendJson(res, 200, loadReply(idOf(seen.url, seen.body) ?? -1));

describe('a token route that flaps (fetchCubeToken)', () => {
  it('fails, succeeds, returns garbage, refuses, resets, returns empty, recovers: one typed error or data each time', async () => {
    const t1 = issue('flap-1');
    const t2 = issue('flap-2');
    const t3 = issue('flap-3');
    const route: Behaviour[] = [
      (_q, res) => sendJson(res, 500, { error: 'token service down' }),
      (_q, res) => sendJson(res, 200, { token: t1 }),
      (_q, res) => {
        res.writeHead(200, { 'Content-Type': 'text/html' });
        res.end('<html><body>Please log in</body></html>');
      },
      (_q, res) => {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.end(`${t2}\n`); // a bare JWT body
      },
      (_q, res) => sendJson(res, 401, { error: 'session expired' }),
      (req) => req.socket.resetAndDestroy(),
      (_q, res) => sendJson(res, 200, { token: '' }),
      (_q, res) => sendJson(res, 200, { token: t3 }),
    ];
    const revoked = new Set<string>();
    let hit = 0;
    cube.set((req, res, seen) => {
      if (isTokenRoute(seen)) return route[hit++](req, res, seen, hit);
      if (!seen.authorization || revoked.has(seen.authorization)) {
        return sendJson(res, 403, { error: 'Invalid token' });
      }
      return echo(req, res, seen, 0);
    });
    const authFailures: unknown[] = [];
    const api = cubejs(fetchCubeToken(`${cube.origin}${TOKEN_PATH}`), {
      apiUrl: cube.apiUrl,
      random: () => 0,
      onAuthFailure: (error) => authFailures.push(error),
    });

    expectError(await settle(ask(api, 1)), TokenError, 'TOKEN_FETCH_FAILED', 500);
    expectData(await settle(ask(api, 2)), '2');
    revoked.add(t1);
    expectError(await settle(ask(api, 3)), TokenError, 'TOKEN_INVALID', 200);
    expectData(await settle(ask(api, 4)), '4');
    revoked.add(t2);
    expectError(await settle(ask(api, 5)), TokenError, 'TOKEN_ROUTE_UNAUTHORIZED', 401);
    expectError(await settle(ask(api, 6)), TokenError, 'TOKEN_FETCH_FAILED');
    expectError(await settle(ask(api, 7)), TokenError, 'TOKEN_INVALID');
    expectData(await settle(ask(api, 8)), '8');

    expect(routeHits()).toBe(8);
    // Never a request without a token, never one with a token after it was replaced.
    expect(cubeRequests().map((seen) => seen.authorization)).toEqual([t1, t1, t2, t2, t3]);
    expect(authFailures).toHaveLength(1);
    expect((authFailures[0] as TokenError).code).toBe('TOKEN_ROUTE_UNAUTHORIZED');
  });

  it('50 concurrent loads while the route fails: one route hit, 50 identical typed errors; then one hit for the next 50', async () => {
    const token = issue('flap-concurrent');
    let failing = true;
    cube.set(async (req, res, seen) => {
      if (isTokenRoute(seen)) {
        await sleepMs(20);
        return failing ? sendJson(res, 503, { error: 'busy' }) : sendJson(res, 200, { token });
      }
      return echo(req, res, seen, 0);
    });
    const api = cubejs(fetchCubeToken(`${cube.origin}${TOKEN_PATH}`), { apiUrl: cube.apiUrl });
    const first = await Promise.all(Array.from({ length: 50 }, (_, i) => settle(ask(api, i))));
    for (const outcome of first) expectError(outcome, TokenError, 'TOKEN_FETCH_FAILED', 503);
    expect(routeHits()).toBe(1);
    expect(cubeRequests()).toHaveLength(0);
    failing = false;
    const second = await Promise.all(Array.from({ length: 50 }, (_, i) => settle(ask(api, 100 + i))));
    second.forEach((outcome, i) => expectData(outcome, String(100 + i)));
    expect(routeHits()).toBe(2);
    expect(cubeRequests().every((seen) => seen.authorization === token)).toBe(true);
  });

  it('a hanging token route → TOKEN_TIMEOUT within tokenTimeout, and the next load still works', async () => {
    const token = issue('flap-hang');
    let hang = true;
    cube.set((req, res, seen) => {
      if (isTokenRoute(seen)) return hang ? undefined : sendJson(res, 200, { token });
      return echo(req, res, seen, 0);
    });
    const api = cubejs(fetchCubeToken(`${cube.origin}${TOKEN_PATH}`), {
      apiUrl: cube.apiUrl,
      tokenTimeout: 100,
    });
    const started = Date.now();
    expectError(await settle(ask(api, 1)), TokenError, 'TOKEN_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(1000);
    hang = false;
    expectData(await settle(ask(api, 2)), '2');
    expect(cubeRequests().map((seen) => seen.authorization)).toEqual([token]);
  });

  it('fresh tokens rejected again and again → the client backs off (TOKEN_REJECTED) instead of hammering the route', async () => {
    let serial = 0;
    cube.set((_req, res, seen) => {
      if (isTokenRoute(seen)) return sendJson(res, 200, { token: issue(`rejected-${(serial += 1)}`) });
      return sendJson(res, 403, { error: 'Invalid token' });
    });
    let clock = Date.now();
    const api = cubejs(fetchCubeToken(`${cube.origin}${TOKEN_PATH}`), {
      apiUrl: cube.apiUrl,
      now: () => clock,
      random: () => 0,
    });
    expectError(await settle(ask(api, 1)), RequestError, 'AUTH_FAILED', 403);
    for (let i = 0; i < 5; i += 1) expectError(await settle(ask(api, 2 + i)), TokenError, 'TOKEN_REJECTED');
    expect(routeHits()).toBe(2);
    expect(cubeRequests()).toHaveLength(2);
    clock += 31_000; // the first backoff (30 s, jittered to 15–30 s) is over
    // One more fresh token, rejected: the pause doubles at once, so the retry does not reach
    // the route either.
    expectError(await settle(ask(api, 10)), TokenError, 'TOKEN_REJECTED');
    expect(routeHits()).toBe(3);
    expect(cubeRequests()).toHaveLength(3);
    clock += 61_000;
    expectError(await settle(ask(api, 11)), TokenError, 'TOKEN_REJECTED');
    expect(routeHits()).toBe(4);
  });
});

describe('a clock that jumps between requests (the `now` option)', () => {
  /** A Cube server that judges expiry by the same clock as the client, like one synced by NTP. */
  function cubeOnClock(clock: () => number) {
    const rejected: string[] = [];
    cube.set((req, res, seen) => {
      const exp = seen.authorization ? readTokenTimes(seen.authorization)?.exp : undefined;
      if (exp === undefined || exp * 1000 <= clock()) {
        rejected.push(seen.authorization ?? '(none)');
        return sendJson(res, 403, { error: 'Invalid token' });
      }
      return echo(req, res, seen, 0);
    });
    return rejected;
  }

  it('iat + exp tokens: forward past expiry refreshes first, backward does not refresh, the window refreshes in the background', async () => {
    let clock = Date.parse('2030-01-01T00:00:00Z');
    const tokens: string[] = [];
    const tokenFn = async () => {
      const iat = Math.floor(clock / 1000);
      const token = issue(`clock-${tokens.length + 1}`, { iat, exp: iat + 3600 });
      tokens.push(token);
      return token;
    };
    const rejected = cubeOnClock(() => clock);
    const api = cubejs(tokenFn, {
      apiUrl: cube.apiUrl,
      now: () => clock,
      random: () => 0,
      refreshLeeway: 60_000,
    });

    expectData(await settle(ask(api, 1)), '1'); // T1
    clock += 2 * 3600_000; // forward: T1 expired
    expectData(await settle(ask(api, 2)), '2'); // T2, fetched before sending
    clock -= 24 * 3600_000; // back a day: T2 still good
    expectData(await settle(ask(api, 3)), '3');
    expect(tokens).toHaveLength(2);
    clock += 24 * 3600_000 + 3600_000 - 30_000; // inside T2's leeway window
    expectData(await settle(ask(api, 4)), '4'); // T2 still, T3 in the background
    await sleepMs(20);
    expect(tokens).toHaveLength(3);
    expectData(await settle(ask(api, 5)), '5'); // T3
    clock += 10 * 365 * 24 * 3600_000; // ten years on
    expectData(await settle(ask(api, 6)), '6'); // T4
    clock = 1_000; // back to 1970
    expectData(await settle(ask(api, 7)), '7'); // T4: its lifetime counts from when it arrived

    const [t1, t2, t3, t4] = tokens;
    expect(cubeRequests().map((seen) => seen.authorization)).toEqual([t1, t2, t2, t2, t3, t4, t4]);
    expect(rejected).toEqual([]);
  });

  it('exp-only tokens follow the local clock: forward past exp refreshes, backward keeps the token', async () => {
    let clock = Date.parse('2030-06-01T00:00:00Z');
    const tokens: string[] = [];
    const tokenFn = async () => {
      const token = issue(`exp-only-${tokens.length + 1}`, {
        iat: undefined,
        exp: Math.floor(clock / 1000) + 600,
      });
      tokens.push(token);
      return token;
    };
    const rejected = cubeOnClock(() => clock);
    const api = cubejs(tokenFn, { apiUrl: cube.apiUrl, now: () => clock, random: () => 0 });
    expectData(await settle(ask(api, 1)), '1');
    clock -= 3600_000;
    expectData(await settle(ask(api, 2)), '2');
    clock += 3600_000 + 601_000;
    expectData(await settle(ask(api, 3)), '3');
    expect(tokens).toHaveLength(2);
    expect(cubeRequests().map((seen) => seen.authorization)).toEqual([tokens[0], tokens[0], tokens[1]]);
    expect(rejected).toEqual([]);
  });

  it('a server whose clock is ahead rejects the token once: one refresh, one retry, data; no loop', async () => {
    let serial = 0;
    const tokenFn = async () => issue(`skew-${(serial += 1)}`);
    let rejectNext = true;
    cube.set((req, res, seen) => {
      if (rejectNext) {
        rejectNext = false;
        return sendJson(res, 403, { error: 'Invalid token' });
      }
      return echo(req, res, seen, 0);
    });
    const api = cubejs(tokenFn, { apiUrl: cube.apiUrl });
    expectData(await settle(ask(api, 1)), '1');
    const sent = cubeRequests().map((seen) => seen.authorization);
    expect(sent).toHaveLength(2);
    expect(sent[0]).not.toBe(sent[1]);
  });
});

describe('the Authorization header stays with apiUrl’s origin', () => {
  const token = issue('redirect');

  function redirectTo(target: string, status = 307): Behaviour {
    return (_req, res, seen) => {
      res.writeHead(status, { Location: `${target}${seen.url}` });
      res.end();
    };
  }

  it('a 307 from Cube to another loopback origin (another port) arrives there without Authorization', async () => {
    cube.set(redirectTo(other.origin));
    other.set(echo);
    const api = cubejs(token, { apiUrl: cube.apiUrl });
    const outcome = await settle(ask(api, 1));
    expect(cube.seen.map((seen) => seen.authorization)).toEqual([token]);
    expect(other.seen).toHaveLength(1);
    expect(other.seen[0].authorization).toBeUndefined();
    expect(JSON.stringify(other.seen[0].headers).includes(token)).toBe(false);
    expectData(outcome, '1');
  });

  it('the same for a POST (307 keeps method and body, still no Authorization at the other origin)', async () => {
    cube.set(redirectTo(other.origin));
    other.set(echo);
    const api = cubejs(token, { apiUrl: cube.apiUrl, method: 'POST' });
    expectData(await settle(ask(api, 2)), '2');
    expect(other.seen.map((seen) => [seen.method, seen.authorization])).toEqual([['POST', undefined]]);
    expect(other.seen[0].body).toContain('"limit":2');
  });

  it('localhost and 127.0.0.1 are different origins: the header is dropped there too', async () => {
    const sameHostOtherName = cube.origin.replace('127.0.0.1', 'localhost');
    let first = true;
    cube.set((req, res, seen) => {
      if (first) {
        first = false;
        return redirectTo(sameHostOtherName)(req, res, seen, 0);
      }
      return echo(req, res, seen, 0);
    });
    const api = cubejs(token, { apiUrl: cube.apiUrl });
    await settle(ask(api, 3));
    expect(cube.seen.map((seen) => seen.authorization)).toEqual([token, undefined]);
  });

  it('the other origin asking for a token → an auth failure, the retry is redirected again without the token: AUTH_FAILED, bounded', async () => {
    let serial = 0;
    const api = cubejs(async () => issue(`redirect-fn-${(serial += 1)}`), { apiUrl: cube.apiUrl });
    cube.set(redirectTo(other.origin));
    other.set((_req, res) => sendJson(res, 403, { error: "Authorization header isn't set" }));
    const error = expectError(await settle(ask(api, 4)), RequestError, 'AUTH_FAILED', 403);
    expect((error as RequestErrorType).message).not.toContain('redirect-fn');
    expect(cube.seen).toHaveLength(2);
    expect(other.seen.map((seen) => seen.authorization)).toEqual([undefined, undefined]);
  });

  it('a same-origin 307 keeps the header (the observation above can see it when it is sent)', async () => {
    let first = true;
    cube.set((req, res, seen) => {
      if (first) {
        first = false;
        return redirectTo(cube.origin)(req, res, seen, 0);
      }
      return echo(req, res, seen, 0);
    });
    const api = cubejs(token, { apiUrl: cube.apiUrl });
    expectData(await settle(ask(api, 5)), '5');
    expect(cube.seen.map((seen) => seen.authorization)).toEqual([token, token]);
  });
});
