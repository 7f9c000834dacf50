/**
 * The fault tour in a plain Node child (fixtures/tour-child.mjs), on the bundled client: there the
 * real `process` reports unhandled rejections to a recorder, and the process has to exit on its
 * own, which it cannot while a client timer or socket is still alive.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'cube-client-faults-'));
const bundle = join(dir, 'index.mjs');

beforeAll(async () => {
  await build({
    entryPoints: [`${root}src/index.ts`],
    bundle: true,
    format: 'esm',
    platform: 'node',
    outfile: bundle,
    logLevel: 'silent',
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Summary {
  unhandled: string[];
  outcomes: Record<string, { data?: true; code?: string; requests: number; leaks?: boolean }>;
}

it('every fault case in a real process: expected outcomes, no unhandled rejection, exits on its own', async () => {
  const child = spawn(process.execPath, [`${root}test/faults/fixtures/tour-child.mjs`, bundle], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = await new Promise<number | string>((resolve) => {
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      resolve('still running after 15 s');
    }, 15_000);
    child.on('exit', (code) => {
      clearTimeout(guard);
      resolve(code ?? 'killed by a signal');
    });
  });
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
