import { abortable, sleep } from '../../../src/utils/timers';
import { bundleCoreForNode, root, runNodeChild } from '../../support/nodeChild';

let core: Awaited<ReturnType<typeof bundleCoreForNode>>;
beforeAll(async () => {
  core = await bundleCoreForNode();
});
afterAll(() => core.remove());

it('a Node process that used the client (timeouts, subscribe) exits on its own', async () => {
  const { exit, stdout } = await runNodeChild(
    `${root}test/unit/fixtures/exit-child.mjs`,
    [core.bundle],
    10_000,
  );
  expect(exit).toBe(0);
  // Two dry runs and at least one subscribe poll really happened.
  expect(Number(/requests=(\d+)/.exec(stdout)?.[1])).toBeGreaterThanOrEqual(3);
}, 20_000);

describe('timers', () => {
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
