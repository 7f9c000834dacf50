#!/usr/bin/env node
// Size budget: the app bundle of `import cubejs from 'cube-client'` (esbuild, browser, minified)
// and the UMD file, gzipped, against the goals. Exits non-zero when a budget is exceeded.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const BUDGETS = { app: 7 * 1024, umd: 8 * 1024 };

const root = fileURLToPath(new URL('..', import.meta.url));

/** Raw and gzip sizes of a string or buffer, in bytes. */
export function sizes(code) {
  const buffer = Buffer.from(code);
  return { raw: buffer.length, gzip: gzipSync(buffer, { level: 9 }).length };
}

/** Bundles `source` (an app entry that imports a client) for the browser, minified. */
export async function bundleApp(source, resolveDir = root, alias = {}) {
  const result = await build({
    stdin: { contents: source, resolveDir, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    write: false,
    alias,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

/** The sizes this project promises, measured on the built `dist/`. */
export async function measureOwnSizes() {
  const app = await bundleApp("import cubejs from 'cube-client'; globalThis.api = cubejs;", root, {
    'cube-client': `${root}dist/index.js`,
  });
  const umd = readFileSync(`${root}dist/cube-client.umd.min.js`);
  return { app: sizes(app), umd: sizes(umd), appCode: app };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { app, umd } = await measureOwnSizes();
  let ok = true;
  for (const [name, size] of Object.entries({ app, umd })) {
    const within = size.gzip <= BUDGETS[name];
    ok &&= within;
    console.log(
      `${name.padEnd(4)} ${String(size.raw).padStart(7)} B raw ${String(size.gzip).padStart(6)} B gzip  budget ${BUDGETS[name]} B  ${within ? 'ok' : 'OVER BUDGET'}`,
    );
  }
  process.exit(ok ? 0 : 1);
}
