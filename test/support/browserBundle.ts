import { build, type Metafile } from 'esbuild';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../..');

/**
 * Bundles one of the package's sources the way an app's bundler would for a browser (esbuild,
 * minified, ESM), and returns the code with the list of inputs that went into it; tests use it
 * to prove what an entry does not pull in.
 */
export async function browserBundle(
  entry: string,
  external: string[] = [],
): Promise<{ text: string; inputs: string[] }> {
  const result = await build({
    entryPoints: [resolve(root, entry)],
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
    external,
  });
  return {
    text: result.outputFiles.map((file) => file.text).join('\n'),
    inputs: Object.keys((result.metafile as Metafile).inputs),
  };
}
