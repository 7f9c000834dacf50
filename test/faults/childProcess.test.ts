/**
 * The fault tour in a plain Node child (fixtures/tour-child.mjs), on the bundled client: there the
 * real `process` reports unhandled rejections to a recorder, and the process has to exit on its
 * own, which it cannot while a client timer or socket is still alive.
 */
import { bundleCoreForNode, root, runNodeChild } from '../support/nodeChild';

let core: Awaited<ReturnType<typeof bundleCoreForNode>>;
beforeAll(async () => {
  core = await bundleCoreForNode();
});
afterAll(() => core.remove());

interface Summary {
  unhandled: string[];
  outcomes: Record<string, { data?: true; code?: string; requests: number; leaks?: boolean }>;
}

it('every fault case in a real process: expected outcomes, no unhandled rejection, exits on its own', async () => {
  const { exit, stdout, stderr } = await runNodeChild(
    `${root}test/faults/fixtures/tour-child.mjs`,
    [core.bundle],
    15_000,
  );
  expect([exit, stderr]).toEqual([0, '']);
  const summary = JSON.parse(stdout) as Summary;
  expect(summary.unhandled).toEqual(['self-check']);
  expect(summary.outcomes).toEqual({
    resetMidBody: { code: 'NETWORK_ERROR', requests: 3, leaks: false },
    truncated: { code: 'BAD_RESPONSE', requests: 1, leaks: false },
    html502: { code: 'BAD_RESPONSE', requests: 3, leaks: false },
    retryAfter: { data: true, requests: 2 },
    burst503: { code: 'HTTP_ERROR', requests: 3, leaks: false },
    hang: { code: 'TIMEOUT', requests: 2, leaks: false },
    abort: { code: 'ABORTED', requests: 1, leaks: false },
    tokenRouteFlaps: { data: true, requests: 5 },
    hangingTokenRoute: { code: 'TOKEN_TIMEOUT', requests: 1, leaks: false },
    subscribeThroughFaults: { data: true, requests: expect.any(Number) },
  });
  expect(stdout.includes('Q2hpbGRTZWNyZXRTaWduYXR1cmVf')).toBe(false);
}, 30_000);
