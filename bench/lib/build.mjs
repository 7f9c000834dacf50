// Compiles the client from `src/` into `.tmp/bench/` with esbuild, so the bench and the
// simulation measure the code as it is in the working tree without waiting for a full rollup build.
import { mkdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

export const root = fileURLToPath(new URL('../..', import.meta.url));
const outdir = `${root}.tmp/bench`;

/** Builds `src/index.ts` as one Node ESM file and returns its module namespace. */
export async function loadOwnClient() {
  mkdirSync(outdir, { recursive: true });
  const outfile = `${outdir}/cube-client.mjs`;
  await build({
    entryPoints: [`${root}src/index.ts`],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'es2022',
    // cross-fetch is only a fallback for runtimes without fetch; Node 20 never reaches it.
    external: ['cross-fetch'],
    logLevel: 'silent',
  });
  // A query string defeats the module cache, so a second build in the same process is really loaded.
  return import(`${pathToFileURL(outfile).href}?t=${Date.now()}`);
}
