import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bundle = `${root}.tmp/no-timers/index.mjs`;

beforeAll(async () => {
  mkdirSync(`${root}.tmp/no-timers`, { recursive: true });
  await build({
    entryPoints: [`${root}src/index.ts`],
    bundle: true,
    format: 'esm',
    platform: 'node',
    outfile: bundle,
    logLevel: 'silent',
  });
});

it('a Node process that used the client (timeouts, subscribe) exits on its own', async () => {
  const child = spawn(process.execPath, [`${root}test/unit/fixtures/exit-child.mjs`, bundle], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exit = await new Promise<number | string>((resolve) => {
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      resolve('still running after 10 s');
    }, 10_000);
    child.on('exit', (code) => {
      clearTimeout(guard);
      resolve(code ?? 'signal');
    });
  });
  expect(exit).toBe(0);
  // Two dry runs and at least one subscribe poll really happened.
  expect(Number(/requests=(\d+)/.exec(stdout)?.[1])).toBeGreaterThanOrEqual(3);
}, 20_000);
