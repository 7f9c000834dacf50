import { TokenProvider } from '../../../src/auth/TokenProvider';
import { makeJwt } from '../../support/fixtures';

/** A minimal Web Locks stand-in: one exclusive queue per name, like navigator.locks.request. */
function fakeLocks() {
  const queues = new Map<string, Promise<unknown>>();
  return {
    request<T>(name: string, callback: () => Promise<T>): Promise<T> {
      const previous = queues.get(name) ?? Promise.resolve();
      const run = previous.then(callback, callback);
      queues.set(
        name,
        run.catch(() => undefined),
      );
      return run;
    },
  };
}

function jwt(lifetimeSeconds: number, n: number) {
  const iat = Math.floor(Date.now() / 1000);
  return makeJwt({ iat, exp: iat + lifetimeSeconds, n });
}

describe('shareAcrossTabs', () => {
  const original = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
  beforeEach(() => {
    Object.defineProperty(globalThis, 'navigator', { value: { locks: fakeLocks() }, configurable: true });
  });
  afterEach(() => {
    if (original) Object.defineProperty(globalThis, 'navigator', original);
  });

  it('two "tabs" that need a token at once cause one token-route hit', async () => {
    let routeHits = 0;
    const route = async () => {
      routeHits += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return jwt(3600, routeHits);
    };
    const key = `http://cube.test/${Math.random()}`;
    const tabA = new TokenProvider(route, { shareAcrossTabsKey: key });
    const tabB = new TokenProvider(route, { shareAcrossTabsKey: key });
    const [a, b] = await Promise.all([tabA.getToken(), tabB.getToken()]);
    expect(routeHits).toBe(1);
    expect(b).toBe(a);
  });

  it('a tab adopts a token another tab broadcast, without fetching', async () => {
    let routeHits = 0;
    const route = async () => jwt(3600, ++routeHits);
    const key = `http://cube.test/${Math.random()}`;
    const tabA = new TokenProvider(route, { shareAcrossTabsKey: key });
    const tabB = new TokenProvider(route, { shareAcrossTabsKey: key });
    const a = await tabA.getToken();
    await new Promise((resolve) => setTimeout(resolve, 20)); // let the broadcast arrive
    expect(await tabB.getToken()).toBe(a);
    expect(routeHits).toBe(1);
  });

  it('without navigator.locks each tab refreshes on its own', async () => {
    Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true });
    let routeHits = 0;
    const route = async () => jwt(3600, ++routeHits);
    const key = `http://cube.test/${Math.random()}`;
    await Promise.all([
      new TokenProvider(route, { shareAcrossTabsKey: key }).getToken(),
      new TokenProvider(route, { shareAcrossTabsKey: key }).getToken(),
    ]);
    expect(routeHits).toBe(2);
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
