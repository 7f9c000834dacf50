import { readFileSync } from 'node:fs';
import typescript from '@rollup/plugin-typescript';
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { dts } from 'rollup-plugin-dts';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const external = [
  ...Object.keys(pkg.dependencies),
  ...Object.keys(pkg.peerDependencies),
  /^react\//,
  /^svelte\//,
  /^node:/,
];
const ts = () => typescript({ tsconfig: './tsconfig.build.json' });

const entries = {
  index: 'src/index.ts',
  server: 'src/server/index.ts',
  react: 'src/react/index.ts',
  vue: 'src/vue/index.ts',
  svelte: 'src/svelte/index.ts',
  ws: 'src/ws/index.ts',
};

/**
 * Browsers always have fetch, so the UMD file replaces the cross-fetch fallback by a module
 * that is never reached; this keeps the script-tag file self-contained and small.
 */
const noCrossFetch = {
  name: 'no-cross-fetch',
  resolveId: (id) => (id === 'cross-fetch' ? '\0no-cross-fetch' : null),
  load: (id) =>
    id === '\0no-cross-fetch'
      ? 'export default function () { throw new TypeError("fetch is not available"); }'
      : null,
};

/**
 * The Node-only cross-fetch fallback is reached by a dynamic import alone, so it is a chunk of its
 * own; a fixed name lets package.json's `browser` field map it away. A browser loading
 * dist/index.js as is never requests it, and bundlers for the browser leave it out.
 */
const chunkFileNames = (ext) => (chunk) =>
  chunk.name === 'crossFetch' ? `chunks/crossFetch.${ext}` : `chunks/[name]-[hash].${ext}`;

/**
 * The framework entries' declarations refer to the core's types through `cube-client` itself, so
 * an app sees one `ResultSet`, one `Meta`, one `CubeApi` whichever entry it imports them from;
 * the shared observer (`src/observer/`) and the internal helpers it uses (`src/utils/`) are part
 * of each entry.
 */
const frameworkFolder = /[\\/]src[\\/](react|vue|svelte|observer)[\\/]/;
const coreTypesFromPackage = {
  name: 'core-types-from-package',
  resolveId: (id, importer) =>
    frameworkFolder.test(importer ?? '') && id.startsWith('../') && !/^\.\.\/(observer|utils)\//.test(id)
      ? { id: 'cube-client', external: true }
      : null,
};

/**
 * `cube-client/format` is built on its own. Its ESM file imports d3-format, so an app's bundler
 * keeps one copy; its CommonJS file carries it, because d3 ships ESM only, which Node before
 * 20.19 and Jest's CommonJS mode cannot `require`.
 */
const formatInput = { format: 'src/format/index.ts' };
const formatBuilds = [
  {
    input: formatInput,
    external,
    plugins: [ts()],
    output: { dir: 'dist', format: 'es', entryFileNames: '[name].js' },
  },
  {
    input: formatInput,
    external: (id) =>
      !id.startsWith('d3-') && external.some((e) => (typeof e === 'string' ? e === id : e.test(id))),
    plugins: [resolve(), ts()],
    output: { dir: 'dist', format: 'cjs', exports: 'named', entryFileNames: '[name].cjs' },
  },
  {
    input: formatInput.format,
    external,
    plugins: [dts({ tsconfig: './tsconfig.build.json' })],
    output: [
      { file: 'dist/format.d.ts', format: 'es' },
      { file: 'dist/format.d.cts', format: 'es' },
    ],
  },
];

export default [
  {
    input: entries,
    external,
    plugins: [ts()],
    output: [
      { dir: 'dist', format: 'es', entryFileNames: '[name].js', chunkFileNames: chunkFileNames('js') },
      {
        dir: 'dist',
        format: 'cjs',
        exports: 'named',
        entryFileNames: '[name].cjs',
        chunkFileNames: chunkFileNames('cjs'),
      },
    ],
  },
  {
    input: 'src/cli/index.ts',
    external,
    plugins: [ts()],
    output: { file: 'dist/cli.cjs', format: 'cjs', banner: '#!/usr/bin/env node' },
  },
  {
    input: 'src/umd.ts',
    plugins: [noCrossFetch, resolve({ browser: true }), ts()],
    output: {
      file: 'dist/cube-client.umd.min.js',
      format: 'umd',
      name: 'cubejs',
      exports: 'default',
      inlineDynamicImports: true,
      plugins: [terser()],
    },
  },
  ...Object.entries(entries).map(([name, input]) => ({
    input,
    external,
    plugins: [
      ...(name === 'index' || name === 'server' ? [] : [coreTypesFromPackage]),
      dts({ tsconfig: './tsconfig.build.json' }),
    ],
    output: [
      { file: `dist/${name}.d.ts`, format: 'es' },
      { file: `dist/${name}.d.cts`, format: 'es' },
    ],
  })),
  ...formatBuilds,
];
