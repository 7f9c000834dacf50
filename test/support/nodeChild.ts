import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';

/** The repository root, with a trailing slash. */
export const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Bundles `src/index.ts` for Node into a fresh temporary folder, as a script outside Jest would
 * load the package (ES module, or CommonJS as `require` sees it); `remove` deletes the folder.
 */
export async function bundleCoreForNode(
  format: 'esm' | 'cjs' = 'esm',
): Promise<{ bundle: string; remove: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'cube-client-child-'));
  const bundle = join(dir, format === 'esm' ? 'index.mjs' : 'index.cjs');
  await build({
    entryPoints: [`${root}src/index.ts`],
    bundle: true,
    format,
    platform: 'node',
    target: 'es2022',
    outfile: bundle,
    logLevel: 'silent',
  });
  return { bundle, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Runs a Node script in a child process and waits for it to exit on its own; one that is still
 * running after `limitMs` is killed and reported as such (the sign of a leftover timer or socket).
 */
export async function runNodeChild(
  script: string,
  args: string[],
  limitMs: number,
): Promise<{ exit: number | string; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = await new Promise<number | string>((resolve) => {
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      resolve(`still running after ${limitMs} ms`);
    }, limitMs);
    child.on('exit', (code) => {
      clearTimeout(guard);
      resolve(code ?? 'killed by a signal');
    });
  });
  return { exit, stdout, stderr };
}

/**
 * Runs a Node script in a child process with `TZ` set to `tz` (and no `NODE_OPTIONS`), and
 * resolves with the JSON it prints; a non-zero exit rejects with its stderr.
 */
export function runJsonChild<T>(script: string, args: string[], tz: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      env: { ...process.env, TZ: tz, NODE_OPTIONS: '' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(out) as T) : reject(new Error(`TZ=${tz}: ${err}`)),
    );
  });
}

/**
 * Bundles a test's child script (`entry`, from the repository root) for Node as an ES module at
 * `.tmp/<folder>/<name>`, leaving `external` packages to be loaded from `node_modules`; resolves
 * with the bundle's path. `extra` swaps packages (`alias`) or compiles other files (`plugins`).
 */
export async function bundleChildScript(
  entry: string,
  folder: string,
  external: string[],
  name = 'child.mjs',
  extra: Pick<BuildOptions, 'alias' | 'plugins' | 'conditions'> = {},
): Promise<string> {
  const outdir = join(root, '.tmp', folder);
  mkdirSync(outdir, { recursive: true });
  const outfile = join(outdir, name);
  await build({
    entryPoints: [join(root, entry)],
    bundle: true,
    format: 'esm',
    platform: 'node',
    outfile,
    external,
    logLevel: 'error',
    ...extra,
  });
  return outfile;
}
