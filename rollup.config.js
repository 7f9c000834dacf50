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
  /^node:/,
];
const ts = () => typescript({ tsconfig: './tsconfig.build.json' });

const entries = {
  index: 'src/index.ts',
  server: 'src/server/index.ts',
  react: 'src/react/index.ts',
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
 * The React entry's declarations refer to the core's types through `cube-client` itself, so an
 * app sees one `ResultSet`, one `Meta`, one `CubeApi` whichever entry it imports them from.
 */
const coreTypesFromPackage = {
  name: 'core-types-from-package',
  resolveId: (id, importer) =>
    importer?.includes('/src/react/') && id.startsWith('../') ? { id: 'cube-client', external: true } : null,
};

export default [
  {
    input: entries,
    external,
    plugins: [ts()],
    output: [
      { dir: 'dist', format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      {
        dir: 'dist',
        format: 'cjs',
        exports: 'named',
        entryFileNames: '[name].cjs',
        chunkFileNames: 'chunks/[name]-[hash].cjs',
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
      ...(name === 'react' ? [coreTypesFromPackage] : []),
      dts({ tsconfig: './tsconfig.build.json' }),
    ],
    output: [
      { file: `dist/${name}.d.ts`, format: 'es' },
      { file: `dist/${name}.d.cts`, format: 'es' },
    ],
  })),
];
