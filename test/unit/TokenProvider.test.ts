import { TokenProvider } from '../../src/auth/TokenProvider';
import { TokenError } from '../../src/errors/TokenError';
import { makeJwt } from './support';

const HOUR = 3600_000;

/** A controllable clock: the client's idea of "now" in ms. */
function clock(start: number) {
  const state = { now: start };
  return Object.assign(() => state.now, { advance: (ms: number) => (state.now += ms), state });
}

/** A token function returning JWTs issued by a server whose clock is `serverNow()`. */
function issuer(serverNow: () => number, lifetimeSeconds: number) {
  const fn = Object.assign(
    async () => {
      fn.calls += 1;
      const iat = Math.floor(serverNow() / 1000);
      return makeJwt({ iat, exp: iat + lifetimeSeconds, n: fn.calls });
    },
    { calls: 0 },
  );
  return fn;
}

describe('TokenProvider: memo and single flight', () => {
  it('shares one call of the token function between concurrent callers', async () => {
    const fn = Object.assign(
      async () => {
        fn.calls += 1;
        await new Promise((resolve) => setTimeout(resolve, 10));
        return 'token-a';
      },
      { calls: 0 },
    );
    const provider = new TokenProvider(fn);
    const tokens = await Promise.all(Array.from({ length: 100 }, () => provider.getToken()));
    expect(fn.calls).toBe(1);
    expect(new Set(tokens)).toEqual(new Set(['token-a']));
  });

  it('reuses an opaque token (no exp) until it is rejected', async () => {
    const fn = Object.assign(async () => `opaque-${++fn.calls}`, { calls: 0 });
    const provider = new TokenProvider(fn);
    expect(await provider.getToken()).toBe('opaque-1');
    expect(await provider.getToken()).toBe('opaque-1');
    expect(provider.reportRejected('opaque-1')).toBe(true);
    expect(await provider.getToken()).toBe('opaque-2');
    expect(fn.calls).toBe(2);
  });

  it('returns undefined in dev mode and the string itself for a static token', async () => {
    expect(await new TokenProvider(null).getToken()).toBeUndefined();
    const fixed = new TokenProvider('static-token');
    expect(await fixed.getToken()).toBe('static-token');
    expect(fixed.reportRejected('static-token')).toBe(false);
  });
});

describe('TokenProvider: expiry measured from receipt', () => {
  it.each([
    ['2 hours fast', 2 * HOUR],
    ['2 hours slow', -2 * HOUR],
    ['in sync', 0],
  ])('client clock %s: no refresh storm, refresh near the real expiry', async (_label, skew) => {
    const server = clock(Date.UTC(2026, 0, 1));
    const client = () => server() + skew;
    const fn = issuer(server, 600); // 10-minute tokens
    const provider = new TokenProvider(fn, { now: client, random: () => 0.5 });
    await provider.getToken();
    // Many requests during the first 8 minutes: no new token.
    for (let minute = 0; minute < 8; minute += 1) {
      server.advance(60_000);
      await provider.getToken();
    }
    expect(fn.calls).toBe(1);
    // Past the real expiry: exactly one new token.
    server.advance(3 * 60_000);
    await provider.getToken();
    await provider.getToken();
    expect(fn.calls).toBe(2);
  });

  it('uses the local clock when the token has exp but no iat', async () => {
    const now = clock(Date.UTC(2026, 0, 1));
    const fn = Object.assign(
      async () => {
        fn.calls += 1;
        return makeJwt({ exp: Math.floor(now() / 1000) + 600 });
      },
      { calls: 0 },
    );
    const provider = new TokenProvider(fn, { now, random: () => 0 });
    await provider.getToken();
    now.advance(5 * 60_000);
    await provider.getToken();
    expect(fn.calls).toBe(1);
    now.advance(6 * 60_000);
    await provider.getToken();
    expect(fn.calls).toBe(2);
  });
});

describe('TokenProvider: refresh ahead', () => {
  it('inside the leeway, hands out the current token and starts exactly one background refresh', async () => {
    const now = clock(Date.UTC(2026, 0, 1));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const fn = Object.assign(
      async () => {
        fn.calls += 1;
        if (fn.calls > 1) await gate;
        const iat = Math.floor(now() / 1000);
        return makeJwt({ iat, exp: iat + 1000, n: fn.calls });
      },
      { calls: 0 },
    );
    const refreshed: string[] = [];
    const provider = new TokenProvider(fn, {
      now,
      random: () => 0,
      onTokenRefreshed: (t) => refreshed.push(t),
    });
    const first = await provider.getToken();
    // Lifetime 1000 s, leeway = min(60 s, 200 s) = 60 s: at 950 s we are inside it.
    now.advance(950_000);
    const during = await Promise.all([provider.getToken(), provider.getToken(), provider.getToken()]);
    expect(during).toEqual([first, first, first]);
    expect(fn.calls).toBe(2);
    release();
    await new Promise((resolve) => setTimeout(resolve, 0));
    const after = await provider.getToken();
    expect(after).not.toBe(first);
    expect(fn.calls).toBe(2);
    expect(refreshed).toEqual([first, after]);
  });

  it('spreads the refresh moment with the random source, inside the window', async () => {
    const start = Date.UTC(2026, 0, 1);
    const refreshMoments: number[] = [];
    for (const r of [0, 0.5, 0.999]) {
      const now = clock(start);
      const fn = issuer(now, 1000);
      const provider = new TokenProvider(fn, { now, random: () => r });
      await provider.getToken();
      // Step one second at a time until a background refresh begins.
      while (fn.calls === 1) {
        now.advance(1000);
        await provider.getToken();
      }
      refreshMoments.push(now() - start);
    }
    expect(refreshMoments[0]).toBeLessThan(refreshMoments[2]);
    for (const moment of refreshMoments) {
      expect(moment).toBeGreaterThanOrEqual(939_000); // lifetime counted 1 s short (iat rounding)
      expect(moment).toBeLessThanOrEqual(970_000);
    }
  });
});

describe('TokenProvider: typed failures, never cached', () => {
  it.each([
    ['throws', 'TOKEN_FETCH_FAILED', () => Promise.reject(new Error('boom'))],
    [
      'throws synchronously',
      'TOKEN_FETCH_FAILED',
      () => {
        throw new Error('sync boom');
      },
    ],
    ['returns an empty string', 'TOKEN_INVALID', async () => ''],
    ['returns undefined', 'TOKEN_INVALID', async () => undefined],
    ['returns a number', 'TOKEN_INVALID', async () => 42],
  ])('a token function that %s → %s, then a new call next time', async (_label, code, bad) => {
    let calls = 0;
    const provider = new TokenProvider(() => {
      calls += 1;
      return calls === 1 ? (bad as () => Promise<string>)() : Promise.resolve('good-token');
    });
    const error = await provider.getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenError);
    expect((error as TokenError).code).toBe(code);
    expect(await provider.getToken()).toBe('good-token');
    expect(calls).toBe(2);
  });

  it('keeps the cause of a failing token function', async () => {
    const cause = new Error('route down');
    const provider = new TokenProvider(() => Promise.reject(cause));
    const error = (await provider.getToken().catch((e: unknown) => e)) as TokenError;
    expect(error.cause).toBe(cause);
  });

  it('a hanging token function → TOKEN_TIMEOUT, not cached', async () => {
    let calls = 0;
    const provider = new TokenProvider(
      () => {
        calls += 1;
        return calls === 1 ? new Promise<string>(() => undefined) : Promise.resolve('late-but-fine');
      },
      { tokenTimeout: 30 },
    );
    const error = (await provider.getToken().catch((e: unknown) => e)) as TokenError;
    expect(error.code).toBe('TOKEN_TIMEOUT');
    expect(await provider.getToken()).toBe('late-but-fine');
  });
});

describe('TokenProvider: lifecycle', () => {
  it('clearToken() during a refresh: the old refresh result is never used', async () => {
    let release!: (token: string) => void;
    let calls = 0;
    const provider = new TokenProvider(() => {
      calls += 1;
      if (calls === 1) return new Promise<string>((resolve) => (release = resolve));
      return Promise.resolve('token-of-new-user');
    });
    const waiting = provider.getToken();
    provider.clearToken();
    release('token-of-old-user');
    expect(await waiting).toBe('token-of-new-user');
    expect(await provider.getToken()).toBe('token-of-new-user');
  });

  it('setToken() replaces the source and drops the memo', async () => {
    const provider = new TokenProvider(async () => 'first');
    expect(await provider.getToken()).toBe('first');
    provider.setToken(async () => 'second');
    expect(await provider.getToken()).toBe('second');
    provider.setToken('static');
    expect(await provider.getToken()).toBe('static');
  });

  it('an aborted caller stops waiting without cancelling the shared fetch', async () => {
    let release!: (token: string) => void;
    let calls = 0;
    const provider = new TokenProvider(() => {
      calls += 1;
      return new Promise<string>((resolve) => (release = resolve));
    });
    const controller = new AbortController();
    const aborted = provider.getToken(controller.signal);
    const other = provider.getToken();
    controller.abort(new Error('user left'));
    await expect(aborted).rejects.toThrow('user left');
    release('shared');
    expect(await other).toBe('shared');
    expect(calls).toBe(1);
  });

  it('backs off after fresh tokens are rejected twice in a row', async () => {
    const now = clock(Date.UTC(2026, 0, 1));
    let calls = 0;
    const provider = new TokenProvider(async () => `fresh-${++calls}`, { now, random: () => 0 });
    provider.reportRejected(await provider.getToken());
    provider.reportRejected(await provider.getToken());
    const error = (await provider.getToken().catch((e: unknown) => e)) as TokenError;
    expect(error.code).toBe('TOKEN_REJECTED');
    expect(error.retryAfter).toBeGreaterThan(0);
    expect(calls).toBe(2);
    now.advance(30_000);
    expect(await provider.getToken()).toBe('fresh-3');
  });

  it('a token route that keeps failing is asked again only after a jittered, growing pause', async () => {
    const now = clock(Date.UTC(2026, 0, 1));
    let calls = 0;
    let down = true;
    const provider = new TokenProvider(
      async () => {
        calls += 1;
        if (down) throw new Error('route down');
        return 'back';
      },
      { now, random: () => 0.5 },
    );
    // First failure: the next request may try again at once (a blip).
    await expect(provider.getToken()).rejects.toMatchObject({ code: 'TOKEN_FETCH_FAILED' });
    await expect(provider.getToken()).rejects.toMatchObject({ code: 'TOKEN_FETCH_FAILED' });
    expect(calls).toBe(2);
    // Second failure in a row: requests fail fast, without calling the route, for a while.
    const blocked = (await provider.getToken().catch((e: unknown) => e)) as TokenError;
    expect(blocked.code).toBe('TOKEN_FETCH_FAILED');
    expect(blocked.retryAfter).toBe(500);
    expect(calls).toBe(2);
    now.advance(500);
    down = false;
    expect(await provider.getToken()).toBe('back');
    expect(calls).toBe(3);
  });

  it('while the route fails, a token in its last uncertain second is still used, never after', async () => {
    const now = clock(Date.UTC(2026, 0, 1));
    let calls = 0;
    const first = makeJwt({ iat: Math.floor(now() / 1000), exp: Math.floor(now() / 1000) + 100 });
    const provider = new TokenProvider(
      async () => {
        calls += 1;
        if (calls === 1) return first;
        throw new Error('route down');
      },
      { now, random: () => 0 },
    );
    await provider.getToken();
    now.advance(99_500); // past the counted expiry (99 s), inside the nominal one (100 s)
    expect(await provider.getToken()).toBe(first);
    now.advance(600); // past the nominal expiry
    await expect(provider.getToken()).rejects.toMatchObject({ code: 'TOKEN_FETCH_FAILED' });
  });

  it('rejects a token source of the wrong type', () => {
    expect(() => new TokenProvider(42 as unknown as string)).toThrow(TypeError);
  });
});
