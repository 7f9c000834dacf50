// jose 6 ships ESM only. A static import would become `require('jose')` in dist/server.cjs and
// dist/cli.cjs, which only works on Node >= 20.19 / 22.12; `import()` survives the CJS build
// (rollup and esbuild keep it) and works on every Node this package supports.
let jose: Promise<typeof import('jose')> | undefined;

/** Loads jose once, on first use. */
export function loadJose(): Promise<typeof import('jose')> {
  jose ??= import('jose');
  return jose;
}
