import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { TokenProvider } from '../../src/auth/TokenProvider';
import { fetchCubeToken } from '../../src/auth/fetchCubeToken';
import { makeJwt } from './support';

function clock(start: number) {
  const state = { now: start };
  return Object.assign(() => state.now, { advance: (ms: number) => (state.now += ms) });
}

const jwtAt = (now: number, lifetime: number) =>
  makeJwt({ iat: Math.floor(now / 1000), exp: Math.floor(now / 1000) + lifetime });

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

describe('TokenProvider edges', () => {
  it('in the backoff after repeated route failures, a token in its last uncertain second is still used', async () => {
    const now = clock(Date.UTC(2026, 0, 1));
    const first = jwtAt(now(), 100);
    let calls = 0;
    const provider = new TokenProvider(
      async () => {
        calls += 1;
        if (calls === 1) return first;
        throw new Error('down');
      },
      { now, random: () => 0.99 },
    );
    await provider.getToken();
    now.advance(99_200);
    // Two failures in a row start the backoff; both times the old token is the last resort.
    expect(await provider.getToken()).toBe(first);
    expect(await provider.getToken()).toBe(first);
    const callsBefore = calls;
    expect(await provider.getToken()).toBe(first); // blocked: no call, the old token still
    expect(calls).toBe(callsBefore);
  });

  it('inside the refresh window, a failing route is not called again on every request while backing off', async () => {
    const now = clock(Date.UTC(2026, 0, 1));
    let calls = 0;
    const provider = new TokenProvider(
      async () => {
        calls += 1;
        if (calls === 1) return jwtAt(now(), 1000);
        throw new Error('down');
      },
      { now, random: () => 0.99 },
    );
    const token = await provider.getToken();
    now.advance(990_000); // deep in the leeway window, the token still valid
    for (let i = 0; i < 20; i += 1) {
      expect(await provider.getToken()).toBe(token);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    // Two background attempts failed, then the backoff holds further ones off.
    expect(calls).toBe(3);
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

describe('cross-tab messages', () => {
  it('ignores foreign messages on the channel', async () => {
    const locks = { request: <T>(_name: string, callback: () => Promise<T>) => callback() };
    const original = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    Object.defineProperty(globalThis, 'navigator', { value: { locks }, configurable: true });
    try {
      const key = `http://cube.test/${Math.random()}`;
      let calls = 0;
      const provider = new TokenProvider(async () => `own-${++calls}`, { shareAcrossTabsKey: key });
      const stranger = new BroadcastChannel(`cube-client:token:${key}`);
      stranger.postMessage({ type: 'something-else', token: 'foreign' });
      stranger.postMessage({ type: 'cube-client:token', token: '' });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await provider.getToken()).toBe('own-1');
      stranger.close();
    } finally {
      if (original) Object.defineProperty(globalThis, 'navigator', original);
    }
  });
});

describe('fetchCubeToken bodies', () => {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  it('accepts a JSON string body, and refuses an empty one', async () => {
    server.use(http.get('http://app.test/a', () => HttpResponse.json('json-string-token')));
    server.use(http.get('http://app.test/b', () => HttpResponse.json('')));
    expect(await fetchCubeToken('http://app.test/a')()).toBe('json-string-token');
    await expect(fetchCubeToken('http://app.test/b')()).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
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
