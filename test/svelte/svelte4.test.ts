// cube-client/svelte under Svelte 4 (the peer range is svelte >=4): the suite's own components,
// compiled by Svelte 4's compiler against Svelte 4's runtime (the `svelte4` dev dependency, an
// npm alias of svelte@4), mounted in jsdom in a child process. The other Svelte suites run Svelte 5.
import { readFileSync } from 'node:fs';
import type { Plugin } from 'esbuild';
import { bundleChildScript, root, runNodeChild } from '../support/nodeChild';

/** Compiles `.svelte` files with Svelte 4's compiler, for the DOM. */
const svelte4Components: Plugin = {
  name: 'svelte4-components',
  setup(build) {
    build.onLoad({ filter: /\.svelte$/ }, async ({ path }) => {
      const { compile, VERSION } = (await import(`${root}node_modules/svelte4/compiler.cjs`)) as {
        compile: (source: string, options: object) => { js: { code: string } };
        VERSION: string;
      };
      if (!VERSION.startsWith('4.')) throw new Error(`svelte4 is Svelte ${VERSION}`);
      const { js } = compile(readFileSync(path, 'utf8'), { filename: path, generate: 'dom' });
      return { contents: js.code, loader: 'js' };
    });
  },
};

it('cubeQuery and cubeToken render through Svelte 4 components, and the process exits after $destroy()', async () => {
  const script = await bundleChildScript(
    'test/svelte/svelte4Child.ts',
    'svelte4',
    ['jsdom', 'msw', 'msw/node'],
    'child.mjs',
    {
      alias: { svelte: 'svelte4' },
      conditions: ['browser'],
      plugins: [svelte4Components],
    },
  );
  const { exit, stdout, stderr } = await runNodeChild(script, [], 20_000);
  expect({ exit, stderr }).toEqual({ exit: 0, stderr: '' });
  const { rendered, sent, left, versions } = JSON.parse(stdout) as {
    rendered: string[];
    sent: number;
    left: string;
    versions: string[];
  };
  expect(versions).toEqual(['4']);
  expect(rendered).toEqual(['loading', 'value 42', 'ready']);
  expect(sent).toBe(1);
  expect(left).toBe('');
}, 30_000);
