#!/usr/bin/env node
// Size check: the app bundle of `import cubejs from 'cube-client'` (esbuild, browser, minified)
// and the UMD file, gzipped. Exits non-zero when a bundle exceeds its limit; says whether the
// goals are met.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** The project's goals (docs/ARCHITECTURE.md, "Quality bars"): what `npm run bench:check` holds the bundles to. */
export const BUDGETS = { app: 7 * 1024, umd: 8 * 1024 };
/**
 * What `npm test` enforces: no growth beyond today's bundles (app: the initial download of the
 * code-split bundle, 15,940 B; UMD 20,164 B; gzip), rounded up to the next 64 B. The goals above
 * are not met: the token/transport core alone is about 6.7 KB gzip and ResultSet with Meta about
 * 6.2 KB, so this guard keeps the size from creeping up; lower it whenever the bundles shrink.
 */
export const LIMITS = {
  app: 16_000,
  // The script-tag global carries every named export of @cubejs-client/core (the query utilities
  // and time helpers add ~3.2 KB gzip there; they shake out of the app bundle). It inlines the
  // chunks an app fetches on first use (tokenStorage, shareTokenAcrossTabs, the SQL API's parser),
  // so it pays the ~230 B of their asynchronous loading without the saving.
  umd: 20_224,
};

const root = fileURLToPath(new URL('..', import.meta.url));

/** Raw and gzip sizes of a string or buffer, in bytes. */
export function sizes(code) {
  const buffer = Buffer.from(code);
  return { raw: buffer.length, gzip: gzipSync(buffer, { level: 9 }).length };
}

/**
 * Bundles `source` (an app entry that imports a client) for the browser, minified, as one file
 * (dynamic imports inlined): what an app downloads in all.
 */
export async function bundleApp(source, resolveDir = root, alias = {}) {
  const { outputs } = await bundleChunks(source, resolveDir, alias, false);
  return outputs[0].code;
}

/**
 * The app bundle with code splitting on, as bundlers ship it: the entry chunk and the chunks it
 * imports statically are what the page downloads before it calls anything (`initial`); a chunk
 * reached only through `import()` (the SQL API's line parser) is fetched on first use. Each
 * chunk is gzipped on its own, as it is served.
 */
export async function bundleChunks(source, resolveDir = root, alias = {}, splitting = true) {
  const result = await build({
    stdin: { contents: source, resolveDir, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    alias,
    metafile: true,
    splitting,
    outdir: `${root}.size-out`,
    logLevel: 'silent',
  });
  const files = new Map(result.outputFiles.map((file) => [file.path, file.text]));
  const outputs = Object.entries(result.metafile.outputs).map(([path, meta]) => ({
    path,
    meta,
    code: files.get(resolve(path)),
  }));
  const byPath = new Map(outputs.map((output) => [output.path, output]));
  const entry = outputs.find((output) => output.meta.entryPoint);
  const initial = new Set();
  const visit = (output) => {
    if (initial.has(output)) return;
    initial.add(output);
    for (const { path, kind } of output.meta.imports)
      if (kind === 'import-statement' && byPath.has(path)) visit(byPath.get(path));
  };
  visit(entry);
  return { outputs: [entry, ...outputs.filter((output) => output !== entry)], initial: [...initial] };
}

/** Raw and gzip bytes of several chunks, each gzipped on its own. */
function sumSizes(outputs) {
  return outputs
    .map((output) => sizes(output.code))
    .reduce((sum, size) => ({ raw: sum.raw + size.raw, gzip: sum.gzip + size.gzip }), { raw: 0, gzip: 0 });
}

/**
 * Minified bytes each source file adds to the initial app bundle, largest first. Bundles `src/` rather
 * than `dist/` so every row names a file you can open; the total is within a few bytes of the
 * dist bundle's.
 */
export async function breakdown() {
  const { initial } = await bundleChunks("import cubejs from './src/index.ts'; globalThis.api = cubejs;");
  const bytes = new Map();
  for (const { meta } of initial)
    for (const [file, { bytesInOutput }] of Object.entries(meta.inputs))
      bytes.set(file, (bytes.get(file) ?? 0) + bytesInOutput);
  const rows = [...bytes]
    .map(([file, size]) => ({ file, bytes: size }))
    .filter((row) => row.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
  return { rows, total: sumSizes(initial) };
}

/**
 * The framework entries, each bundled as an app would (its framework and the core external):
 * glue plus the shared observer. A limit per entry keeps glue from growing into a second core.
 */
export const ENTRY_LIMITS = { react: 3.5 * 1024, vue: 3.5 * 1024, svelte: 3.5 * 1024 };

/** Minified, gzipped size of each framework entry of `dist/`. */
export async function measureEntrySizes() {
  const external = ['react', 'react/*', 'vue', 'svelte', 'svelte/*', 'cube-client'];
  const measured = {};
  for (const name of Object.keys(ENTRY_LIMITS)) {
    const result = await build({
      stdin: { contents: `export * from './dist/${name}.js';`, resolveDir: root, loader: 'js' },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      write: false,
      external,
      logLevel: 'silent',
    });
    measured[name] = sizes(result.outputFiles[0].text);
  }
  return measured;
}

/**
 * The sizes this project promises, measured on the built `dist/`: `app` is the initial download
 * of a code-split app bundle (what the limit holds), `appTotal` all of its chunks.
 */
export async function measureOwnSizes() {
  const { outputs, initial } = await bundleChunks(
    "import cubejs from 'cube-client'; globalThis.api = cubejs;",
    root,
    { 'cube-client': `${root}dist/index.js` },
  );
  const umd = readFileSync(`${root}dist/cube-client.umd.min.js`);
  return { app: sumSizes(initial), appTotal: sumSizes(outputs), umd: sizes(umd), appCode: outputs[0].code };
}

/**
 * `cube-client/format` as an app bundles it, d3-format included: no growth beyond today's
 * 4.3 KB gzip plus a small margin (the published `@cubejs-client/core/format` is 9.0 KB the
 * same way, most of it d3-time-format).
 */
export const FORMAT_LIMIT = 4.5 * 1024;

/** The gzip size of an app that uses every export of `cube-client/format`, built from `dist/`. */
export async function measureFormatSize() {
  const app = await bundleApp(
    "import * as format from 'cube-client/format'; globalThis.format = format;",
    root,
    { 'cube-client/format': `${root}dist/format.js` },
  );
  return sizes(app);
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes('--breakdown')) {
  const { rows, total } = await breakdown();
  for (const { file, bytes } of rows) console.log(`${String(bytes).padStart(7)} B  ${file}`);
  console.log(`${String(total.raw).padStart(7)} B raw, ${total.gzip} B gzip in all`);
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { app, appTotal, umd } = await measureOwnSizes();
  let ok = true;
  for (const [name, size] of Object.entries({ app, umd })) {
    const withinLimit = size.gzip <= LIMITS[name];
    ok &&= withinLimit;
    const goal = size.gzip <= BUDGETS[name] ? 'goal met' : `goal ${BUDGETS[name]} B missed`;
    console.log(
      `${name.padEnd(4)} ${String(size.raw).padStart(7)} B raw ${String(size.gzip).padStart(6)} B gzip  limit ${LIMITS[name]} B ${withinLimit ? 'ok' : 'EXCEEDED'}  (${goal})`,
    );
  }
  console.log(
    `app, all chunks ${String(appTotal.raw).padStart(7)} B raw ${String(appTotal.gzip).padStart(6)} B gzip  (the initial bundle above plus chunks fetched on first use)`,
  );
  for (const [name, size] of Object.entries(await measureEntrySizes())) {
    const withinLimit = size.gzip <= ENTRY_LIMITS[name];
    ok &&= withinLimit;
    console.log(
      `${name.padEnd(6)} ${String(size.raw).padStart(7)} B raw ${String(size.gzip).padStart(6)} B gzip  limit ${ENTRY_LIMITS[name]} B ${withinLimit ? 'ok' : 'EXCEEDED'}  (cube-client/${name}, framework external)`,
    );
  }
  const format = await measureFormatSize();
  ok &&= format.gzip <= FORMAT_LIMIT;
  console.log(
    `format ${String(format.raw).padStart(5)} B raw ${String(format.gzip).padStart(6)} B gzip  limit ${FORMAT_LIMIT} B ${format.gzip <= FORMAT_LIMIT ? 'ok' : 'EXCEEDED'}`,
  );
  process.exit(ok ? 0 : 1);
}
