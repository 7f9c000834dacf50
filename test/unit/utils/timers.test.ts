import { createServer, type Server } from 'node:http';
import { afterEach, jest } from '@jest/globals';
import cubejs from '../../../src/index';
import { TokenProvider } from '../../../src/auth/TokenProvider';
import { abortable, sleep, startTimer } from '../../../src/utils/timers';
import { API_URL, jwtAt, loadBody, useFakeCube } from '../../support/fixtures';
import { bundleCoreForNode, root, runNodeChild } from '../../support/nodeChild';

const DAY = 24 * 3600_000;
const MAX_TIMEOUT_MS = 2 ** 31 - 1;
const cube = useFakeCube();
const query = { measures: ['Orders.count'] };
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a Node process stays alive while a caller waits, and exits once nothing is pending', () => {
  const bundles: Awaited<ReturnType<typeof bundleCoreForNode>>[] = [];
  afterAll(() => bundles.forEach((bundle) => bundle.remove()));

  it('a Node process that used the client (timeouts, subscribe) exits on its own', async () => {
    const core = await bundleCoreForNode();
    bundles.push(core);
    const { exit, stdout } = await runNodeChild(
      `${root}test/unit/fixtures/exit-child.mjs`,
      [core.bundle],
      10_000,
    );
    expect(exit).toBe(0);
    // Two dry runs and at least one subscribe poll really happened.
    expect(Number(/requests=(\d+)/.exec(stdout)?.[1])).toBeGreaterThanOrEqual(3);
  }, 20_000);

  it('a CommonJS script loads through a 503 and its retry, takes three subscribe results, prints all and exits', async () => {
    const core = await bundleCoreForNode('cjs');
    bundles.push(core);
    let requests = 0;
    // The server runs here, in the parent: only the client's own timers can hold the child open.
    const server: Server = createServer((_req, res) => {
      requests += 1;
      res.writeHead(requests === 1 ? 503 : 200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(requests === 1 ? { error: 'busy' } : loadBody(requests)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const { exit, stdout } = await runNodeChild(
        `${root}test/unit/fixtures/retry-subscribe-child.cjs`,
        [core.bundle, `http://127.0.0.1:${port}/cubejs-api/v1`],
        10_000,
      );
      expect(stdout.trim().split('\n')).toEqual([
        'load 2',
        'subscribe 1 3',
        'subscribe 2 4',
        'subscribe 3 5',
        'done',
      ]);
      expect(exit).toBe(0);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  }, 30_000);
});

describe('startTimer', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('waits beyond 2^31−1 ms in links no longer than that, and fires once at the end', () => {
    const armed: { callback: () => void; ms: number }[] = [];
    jest.spyOn(globalThis, 'setTimeout').mockImplementation(((callback: () => void, ms: number) => {
      armed.push({ callback, ms });
      return { unref: () => undefined } as unknown as NodeJS.Timeout;
    }) as typeof setTimeout);
    let fired = 0;
    startTimer(() => (fired += 1), 30 * DAY);
    expect(armed.map((timer) => timer.ms)).toEqual([MAX_TIMEOUT_MS]);
    armed[0].callback();
    expect(fired).toBe(0);
    expect(armed[1].ms).toBe(30 * DAY - MAX_TIMEOUT_MS);
    armed[1].callback();
    expect(fired).toBe(1);
    expect(armed).toHaveLength(2);
  });

  it('keeps the process alive by default and unref()s only with { keepAlive: false }', () => {
    const unrefed: number[] = [];
    jest.spyOn(globalThis, 'setTimeout').mockImplementation(((_callback: () => void, ms: number) => ({
      unref: () => unrefed.push(ms),
    })) as unknown as typeof setTimeout);
    jest.spyOn(globalThis, 'clearTimeout').mockImplementation(() => undefined);
    startTimer(() => undefined, 1000)();
    startTimer(() => undefined, 2000, { keepAlive: false })();
    expect(unrefed).toEqual([2000]);
  });
});

describe('delays beyond 24.8 days behave', () => {
  it('backgroundRefresh with a 30-day token calls the token function once, not in a storm', async () => {
    let calls = 0;
    const provider = new TokenProvider(async () => jwtAt(Date.now(), 30 * 24 * 3600, { n: ++calls }), {
      backgroundRefresh: true,
    });
    await provider.getToken();
    await pause(100);
    expect(calls).toBe(1);
    provider.clearToken();
  });

  it('a 30-day tokenTimeout lets a token function take its time', async () => {
    const provider = new TokenProvider(() => pause(50).then(() => 'slow-token'), { tokenTimeout: 30 * DAY });
    await expect(provider.getToken()).resolves.toBe('slow-token');
  });

  it('a 30-day fetchTimeout lets a slow reply arrive', async () => {
    cube.answer(() => pause(50).then(() => Response.json(loadBody())));
    const api = cubejs('tok', { apiUrl: API_URL, fetchTimeout: 30 * DAY, networkErrorRetries: 0 });
    await expect(api.load(query)).resolves.toBeTruthy();
  });

  it('a 30-day pollInterval polls once, not at once again', async () => {
    const api = cubejs('tok', { apiUrl: API_URL, pollInterval: 30 * 24 * 3600 });
    const subscription = api.subscribe(query, {}, () => undefined);
    await pause(150);
    await subscription.unsubscribe();
    expect(cube.seen).toHaveLength(1);
  });
});

describe('sleep and abortable', () => {
  it('sleep rejects at once with an already aborted signal, and when aborted midway', async () => {
    const done = new AbortController();
    done.abort('gone');
    await expect(sleep(10_000, done.signal)).rejects.toBe('gone');
    const later = new AbortController();
    const pending = sleep(10_000, later.signal);
    later.abort('left');
    await expect(pending).rejects.toBe('left');
  });

  it('abortable passes results and errors through, and gives up on abort', async () => {
    await expect(abortable(Promise.resolve(1))).resolves.toBe(1);
    const controller = new AbortController();
    await expect(abortable(Promise.reject(new Error('x')), controller.signal)).rejects.toThrow('x');
    const aborted = new AbortController();
    aborted.abort('stop');
    await expect(abortable(new Promise(() => undefined), aborted.signal)).rejects.toBe('stop');
  });
});
