import cubejs from '../../../src/index';
import { TokenProvider, type TokenProviderOptions } from '../../../src/auth/TokenProvider';
import { TokenError } from '../../../src/errors/TokenError';
import { API_URL, clock, issuer, jwtAt, makeJwt, useFakeCube } from '../../support/fixtures';

const HOUR = 3600_000;

/** A provider whose token function returns `first()` once and fails ever after; `calls()` counts. */
function workingOnce(first: () => string, options: TokenProviderOptions) {
  let count = 0;
  const provider = new TokenProvider(async () => {
    count += 1;
    if (count === 1) return first();
    throw new Error('route down');
  }, options);
  return { provider, calls: () => count };
}

/** Runs `body` with a fake `document` that starts hidden and records visibility listeners. */
async function withHiddenPage(
  body: (page: { hidden: boolean }, listeners: (() => void)[]) => Promise<void>,
): Promise<void> {
  const listeners: (() => void)[] = [];
  const fakeDocument = {
    hidden: true,
    addEventListener: (_type: string, listener: () => void) => listeners.push(listener),
  };
  Object.defineProperty(globalThis, 'document', { value: fakeDocument, configurable: true });
  try {
    await body(fakeDocument, listeners);
  } finally {
    delete (globalThis as { document?: unknown }).document;
  }
}

/**
 * A provider with `backgroundRefresh` and 2-second tokens (refresh timer after about 800 ms),
 * returned once that timer has fired; `calls()` counts the token function's calls.
 */
async function refreshingIn800ms(): Promise<{ provider: TokenProvider; calls: () => number }> {
  let count = 0;
  const provider = new TokenProvider(
    async () => {
      count += 1;
      return jwtAt(Date.now(), 2);
    },
    { backgroundRefresh: true, random: () => 0 },
  );
  await provider.getToken();
  await new Promise((resolve) => setTimeout(resolve, 900));
  return { provider, calls: () => count };
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
    const first = jwtAt(now(), 100);
    const { provider } = workingOnce(() => first, { now, random: () => 0 });
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

describe('TokenProvider edges', () => {
  it('in the backoff after repeated route failures, a token in its last uncertain second is still used', async () => {
    const now = clock(Date.UTC(2026, 0, 1));
    const first = jwtAt(now(), 100);
    const { provider, calls } = workingOnce(() => first, { now, random: () => 0.99 });
    await provider.getToken();
    now.advance(99_200);
    // Two failures in a row start the backoff; both times the old token is the last resort.
    expect(await provider.getToken()).toBe(first);
    expect(await provider.getToken()).toBe(first);
    const callsBefore = calls();
    expect(await provider.getToken()).toBe(first); // blocked: no call, the old token still
    expect(calls()).toBe(callsBefore);
  });

  it('inside the refresh window, a failing route is not called again on every request while backing off', async () => {
    const now = clock(Date.UTC(2026, 0, 1));
    const { provider, calls } = workingOnce(() => jwtAt(now(), 1000), { now, random: () => 0.99 });
    const token = await provider.getToken();
    now.advance(990_000); // deep in the leeway window, the token still valid
    for (let i = 0; i < 20; i += 1) {
      expect(await provider.getToken()).toBe(token);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    // Two background attempts failed, then the backoff holds further ones off.
    expect(calls()).toBe(3);
  });

  it('a refresh that fails after clearToken() does not count against the new identity', async () => {
    let reject!: (error: Error) => void;
    let calls = 0;
    const provider = new TokenProvider(() => {
      calls += 1;
      if (calls === 1) return new Promise<string>((_, r) => (reject = r));
      return Promise.resolve('after-logout');
    });
    const waiting = provider.getToken();
    provider.clearToken();
    reject(new Error('old identity failed'));
    await expect(waiting).rejects.toMatchObject({ code: 'TOKEN_FETCH_FAILED' });
    expect(await provider.getToken()).toBe('after-logout');
  });

  it('backgroundRefresh waits while the page is hidden and not at all after clearToken()', async () => {
    await withHiddenPage(async (fakeDocument, listeners) => {
      const { provider, calls } = await refreshingIn800ms();
      expect(listeners).toHaveLength(1); // the timer fired while hidden: it waits for visibility
      expect(calls()).toBe(1);
      provider.clearToken();
      fakeDocument.hidden = false;
      listeners[0]();
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(calls()).toBe(1); // a logout happened meanwhile: no refresh for the old identity
    });
  });

  it('a visible page refreshes when it becomes visible', async () => {
    await withHiddenPage(async (fakeDocument, listeners) => {
      const { provider, calls } = await refreshingIn800ms();
      fakeDocument.hidden = false;
      listeners[0]();
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(calls()).toBe(2);
      provider.clearToken();
    });
  });
});

describe('token state for a UI', () => {
  it('moves idle → refreshing → ready → failed → idle, telling listeners each time', async () => {
    let calls = 0;
    const provider = new TokenProvider(async () => {
      calls += 1;
      if (calls === 2) throw new Error('down');
      return `token-${calls}`;
    });
    const seen: string[] = [];
    const stop = provider.subscribe(() => seen.push(provider.getState().status));
    expect(provider.getState()).toEqual({ status: 'idle', error: null, refreshedAt: null });
    await provider.getToken();
    expect(provider.getState().refreshedAt).toEqual(expect.any(Number));
    provider.reportRejected('token-1');
    await provider.getToken().catch(() => undefined);
    expect(provider.getState().error?.message).toBe('The token function failed');
    provider.clearToken();
    stop();
    await provider.getToken();
    expect(seen).toEqual(['refreshing', 'ready', 'refreshing', 'failed', 'idle']);
  });
});

describe('backgroundRefresh', () => {
  it('refreshes ahead of expiry with no request pending, and stops on clearToken()', async () => {
    let calls = 0;
    // 1-second tokens: leeway 200 ms, so the timer fires after about 800 ms.
    const provider = new TokenProvider(async () => jwtAt(Date.now(), 1, { n: ++calls }), {
      backgroundRefresh: true,
      random: () => 0,
    });
    await provider.getToken();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(calls).toBeGreaterThanOrEqual(2);
    provider.clearToken();
    const after = calls;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(calls).toBe(after);
  });

  it('is off by default', async () => {
    let calls = 0;
    const provider = new TokenProvider(async () => jwtAt(Date.now(), 1, { n: ++calls }), { random: () => 0 });
    await provider.getToken();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(calls).toBe(1);
  });
});

describe('TokenProvider: a token fetch could not send is TOKEN_INVALID, never cached, never quoted', () => {
  const cube = useFakeCube();
  const query = { measures: ['Orders.count'] };
  const SECRET = 'eyJzZWNyZXQ';
  const unsendable = [
    ['a CR LF', `${SECRET}\r\nX-Injected: 1`],
    ['a LF inside', `${SECRET}\nmore`],
    ['a NUL', `${SECRET}\0`],
    ['a character above U+00FF', `${SECRET}€`],
    ['an emoji', `${SECRET}🔑`],
  ];

  it.each(unsendable)(
    'the token function returning %s: TOKEN_INVALID, asked again next time',
    async (_label, bad) => {
      let calls = 0;
      const provider = new TokenProvider(async () => (++calls === 1 ? bad : 'good-token'));
      const error = (await provider.getToken().catch((e: unknown) => e)) as TokenError;
      expect(error).toBeInstanceOf(TokenError);
      expect(error.code).toBe('TOKEN_INVALID');
      expect(`${error.message} ${String(error.cause)} ${error.stack}`).not.toContain(SECRET);
      expect(await provider.getToken()).toBe('good-token');
      expect(calls).toBe(2);
    },
  );

  it.each(unsendable)(
    'through the client, %s never reaches fetch and is not a NETWORK_ERROR',
    async (_label, bad) => {
      const api = cubejs(async () => bad, { apiUrl: API_URL, networkErrorRetries: 2 });
      await expect(api.load(query)).rejects.toMatchObject({ name: 'TokenError', code: 'TOKEN_INVALID' });
      expect(cube.seen).toHaveLength(0);
    },
  );

  it.each(unsendable)(
    'a static token or setToken() with %s is refused at once, and the old token stays',
    (_label, bad) => {
      expect(() => new TokenProvider(bad)).toThrow(expect.objectContaining({ code: 'TOKEN_INVALID' }));
      const provider = new TokenProvider('old-token');
      expect(() => provider.setToken(bad)).toThrow(TokenError);
      expect(() => provider.setToken(bad)).toThrow(
        expect.objectContaining({ message: expect.not.stringContaining(SECRET) }),
      );
      return expect(provider.getToken()).resolves.toBe('old-token');
    },
  );

  it('Latin-1 characters and whitespace fetch trims at the ends are sent as fetch sends them', async () => {
    const api = cubejs(async () => 'tökén\n', { apiUrl: API_URL });
    await api.load(query);
    expect(cube.seen[0].authorization).toBe('tökén');
  });
});
