import { build, type Metafile, type Plugin } from 'esbuild';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../..');

/**
 * Strings that survive minification in any bundle holding jose: its name (in comments, paths and
 * messages) and its stable error codes and class names, which are string literals.
 */
const JOSE_MARKERS = [
  /jose/i,
  /ERR_JWS_/,
  /ERR_JWT_/,
  /ERR_JOSE_/,
  /JWSSignatureVerificationFailed/,
  /JWTClaimValidationFailed/,
];

/**
 * The core is written alongside this test; a module it imports that does not exist yet becomes an
 * empty one, so the question asked here (is jose in it?) does not wait for unrelated work. Modules
 * that exist, and every package, are bundled for real.
 */
const stubMissingSources: Plugin = {
  name: 'stub-missing-sources',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^\.\.?\// }, (args) => {
      const base = resolve(args.resolveDir, args.path);
      const candidates = ['', '.ts', '.tsx', '.js', '/index.ts', '/index.tsx'].map((suffix) => base + suffix);
      if (candidates.some((candidate) => statSync(candidate, { throwIfNoEntry: false })?.isFile()))
        return undefined;
      return { path: base, namespace: 'missing-source' };
    });
    pluginBuild.onLoad({ filter: /.*/, namespace: 'missing-source' }, () => ({ contents: '', loader: 'js' }));
  },
};

async function browserBundle(
  entry: string,
  external: string[] = [],
): Promise<{ text: string; inputs: string[] }> {
  const result = await build({
    entryPoints: [resolve(root, entry)],
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2020',
    write: false,
    metafile: true,
    logLevel: 'silent',
    external,
    plugins: [stubMissingSources],
  });
  return {
    text: result.outputFiles.map((file) => file.text).join('\n'),
    inputs: Object.keys((result.metafile as Metafile).inputs),
  };
}

describe('the browser bundle of cube-client', () => {
  it('holds no byte of jose, and nothing of the server entry', async () => {
    const { text, inputs } = await browserBundle('src/index.ts');
    expect(inputs).toContain('src/index.ts');
    expect(inputs.filter((input) => /node_modules[\\/]jose[\\/]/.test(input))).toEqual([]);
    expect(inputs.filter((input) => /src[\\/](server|cli)[\\/]/.test(input))).toEqual([]);
    for (const marker of JOSE_MARKERS) expect(text).not.toMatch(marker);
  });

  it('would notice jose if it were there (the server entry built the same way)', async () => {
    const { text, inputs } = await browserBundle('src/server/index.ts', ['node:*']);
    expect(inputs.some((input) => /node_modules[\\/]jose[\\/]/.test(input))).toBe(true);
    for (const marker of JOSE_MARKERS) expect(text).toMatch(marker);
  });
});
