import { bundleCoreForNode, root, runNodeChild } from '../support/nodeChild';

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
