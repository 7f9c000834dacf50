// The ESM build as a page loads it straight from a server or a CDN: <script type="module">,
// no bundler, no import map. A browser cannot resolve a bare specifier such as 'cross-fetch',
// so not one may appear in any file the page fetches; the Node-only fallback lives in a chunk of
// its own that only a dynamic import reaches, where there is no global fetch.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseAst } from 'rollup/parseAst';
import { createTokenHandler, toNodeHandler } from '../../src/server/index';
import { startRecordingProxy, type RecordingProxy } from '../e2e/support/proxy';
import { expectedTotals, stack } from '../e2e/support/stack';
import { launchChromium, type Browser } from './support/chromium';
import { distDir, startPageServer, type PageServer } from './support/pageServer';

const TENANT = 'globex';

/** Every module specifier in a file: static imports, re-exports and dynamic imports. */
function specifiersOf(code: string): string[] {
  const found: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const { type, source } = node as { type?: string; source?: { type: string; value?: unknown } | null };
    if (
      (type === 'ImportDeclaration' ||
        type === 'ExportAllDeclaration' ||
        type === 'ExportNamedDeclaration' ||
        type === 'ImportExpression') &&
      source
    ) {
      // A computed dynamic import could name anything: count it as unresolvable.
      found.push(source.type === 'Literal' && typeof source.value === 'string' ? source.value : '<computed>');
    }
    for (const value of Object.values(node)) if (typeof value === 'object') visit(value);
  };
  visit(parseAst(code));
  return found;
}

/** What a browser can resolve without an import map: relative, root-relative or absolute URLs. */
const isBare = (specifier: string) => !/^(\.{1,2}\/|\/|[a-z][a-z0-9+.-]*:)/i.test(specifier);

/** The files a browser must fetch to run `entry`: its static imports, transitively. */
function staticClosure(entry: string): string[] {
  const files = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const code = readFileSync(join(distDir, file), 'utf8');
    const ast = parseAst(code);
    for (const node of ast.body) {
      const source = (node as { source?: { value?: unknown } | null }).source;
      if (typeof source?.value !== 'string') continue;
      if (!isBare(source.value)) visit(relative(distDir, join(distDir, dirname(file), source.value)));
    }
  };
  visit(entry);
  return [...files].sort();
}

const page = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>cube-client ESM as is</title></head>
<body>
  <p id="status">loading</p>
  <script type="module">
    import cubejs, { RequestError } from './index.js';
    const show = (text) => { document.getElementById('status').textContent = text; };
    const cubeApi = cubejs(
      () => fetch('/auth/cubejs-token').then((r) => r.json()).then((r) => r.token),
      { apiUrl: new URLSearchParams(location.search).get('api') },
    );
    cubeApi
      .load({ measures: ['Orders.count'] })
      .then((resultSet) => show('count ' + resultSet.tablePivot()[0]['Orders.count'] + ' ' + typeof RequestError))
      .catch((e) => show('error: ' + (e.code || e.name) + ' ' + e.message));
  </script>
</body>
</html>`;

const controlPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>control</title></head>
<body><p id="status">loading</p>
<script>
  // A module graph that cannot be resolved reports its error here, and nothing runs.
  addEventListener('error', (e) => { document.getElementById('status').textContent = 'error: ' + e.message; });
</script>
<script type="module">
  import { later } from './control-module.js';
  document.getElementById('status').textContent = typeof later;
</script></body></html>`;

let proxy: RecordingProxy;
let browser: Browser;
let server: PageServer;

beforeAll(async () => {
  proxy = await startRecordingProxy(stack.apiUrl);
  const route = toNodeHandler(
    createTokenHandler({
      secret: stack.secret,
      expiresIn: '1h',
      getSecurityContext: () => ({ tenant: TENANT }),
    }),
  );
  server = await startPageServer({ '/as-is.html': page, '/control.html': controlPage }, route);
  browser = await launchChromium();
}, 30000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await proxy?.close();
});

interface Visit {
  status: string | null;
  /** Path → the module specifiers in that JavaScript file, for every script the page fetched. */
  modules: Map<string, string[]>;
  requested: string[];
  errors: string[];
}

/** Opens `path`, records every script the page fetches with the specifiers in it. */
async function visit(path: string, extraRoutes: Record<string, string> = {}): Promise<Visit> {
  const tab = await browser.context.newPage();
  const modules = new Map<string, string[]>();
  const requested: string[] = [];
  const errors: string[] = [];
  const parsing: Promise<void>[] = [];
  for (const [file, code] of Object.entries(extraRoutes)) {
    await tab.route(`${server.origin}${file}`, (route) =>
      route.fulfill({ contentType: 'text/javascript', body: code }),
    );
  }
  tab.on('request', (request) => requested.push(new URL(request.url()).pathname));
  tab.on('response', (response) => {
    if (!/javascript/.test(response.headers()['content-type'] ?? '')) return;
    const file = new URL(response.url()).pathname;
    parsing.push(response.text().then((code) => void modules.set(file, specifiersOf(code))));
  });
  tab.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  tab.on('pageerror', (error) => errors.push(error.message));
  await tab.goto(`${server.origin}${path}?api=${encodeURIComponent(proxy.apiUrl)}`);
  await tab.waitForFunction(() => document.getElementById('status')?.textContent !== 'loading', undefined, {
    timeout: 20000,
  });
  const status = await tab.textContent('#status');
  await Promise.all(parsing);
  await tab.close();
  return { status, modules, requested, errors };
}

test('dist/index.js loads in Chromium without an import map, with no bare specifier in any file it fetches', async () => {
  const result = await visit('/as-is.html');
  expect(result.errors).toEqual([]);
  expect(result.status).toBe(`count ${expectedTotals(TENANT).count} function`);
  expect(proxy.of('/load').map((e) => e.status)).toContain(200);

  // Every script the page fetched was parsed, and each names only URLs a browser resolves.
  const scripts = [...result.modules.keys()].sort();
  expect(scripts).toEqual(
    staticClosure('index.js')
      .map((file) => `/${file}`)
      .sort(),
  );
  for (const [file, specifiers] of result.modules) {
    expect({ file, bare: specifiers.filter(isBare) }).toEqual({ file, bare: [] });
  }
  // The Node fallback is never requested: fetch exists, so its dynamic import never runs.
  expect(result.requested.filter((p) => /crossFetch/.test(p))).toEqual([]);
});

test('the only way to the cross-fetch fallback is a dynamic import of a relative chunk', () => {
  const entry = specifiersOf(readFileSync(join(distDir, 'index.js'), 'utf8'));
  expect(entry.filter((s) => /crossFetch/.test(s))).toEqual(['./chunks/crossFetch.js']);
  expect(specifiersOf(readFileSync(join(distDir, 'chunks/crossFetch.js'), 'utf8'))).toEqual(['cross-fetch']);
  // The package's browser field maps that chunk away for bundlers, next to cross-fetch itself.
  const pkg = JSON.parse(readFileSync(join(distDir, '../package.json'), 'utf8')) as {
    browser: Record<string, false>;
  };
  expect(pkg.browser).toMatchObject({
    'cross-fetch': false,
    './dist/chunks/crossFetch.js': false,
    './dist/chunks/crossFetch.cjs': false,
  });
});

test('the check has teeth: a module with import("cross-fetch") is caught, and a static one fails to load', async () => {
  expect(specifiersOf("export const later = () => import('cross-fetch');")).toEqual(['cross-fetch']);
  expect(specifiersOf('export * from "jose"; export { a } from "./a.js"; import b from "/b.js";')).toEqual([
    'jose',
    './a.js',
    '/b.js',
  ]);
  expect(specifiersOf('const m = "x"; import(m);')).toEqual(['<computed>']);
  expect(['cross-fetch', '@scope/pkg', '#internal', 'jose/jwt'].filter(isBare)).toHaveLength(4);
  expect(
    ['./a.js', '../b.js', '/c.js', 'https://cdn.example/d.js', 'data:text/javascript,'].filter(isBare),
  ).toEqual([]);

  // Lazily, as dist/index.js used to have it: the page runs, but the file names a bare specifier.
  const lazy = await visit('/control.html', {
    '/control-module.js': "export const later = () => import('cross-fetch');",
  });
  expect(lazy.status).toBe('function');
  expect(lazy.modules.get('/control-module.js')?.filter(isBare)).toEqual(['cross-fetch']);

  // Statically: the browser refuses it outright, which the error capture above would report.
  const eager = await visit('/control.html', {
    '/control-module.js': "export { default as later } from 'cross-fetch';",
  });
  expect(eager.status).toMatch(/^error: .*Failed to resolve module specifier "cross-fetch"/);
  expect(eager.errors.join('\n')).toMatch(/Failed to resolve module specifier "cross-fetch"/);
}, 30000);

test('Node still falls back to cross-fetch, from the ESM and the CommonJS build, where fetch is missing', () => {
  const script = `
    const { createServer } = require('node:http');
    delete globalThis.fetch;
    const server = createServer((req, res) => res.setHeader('content-type', 'application/json').end('{"token":"t-42"}'));
    server.listen(0, '127.0.0.1', async () => {
      const entry = process.argv[1];
      const { fetchCubeToken } = entry.endsWith('.cjs') ? require(entry) : await import(entry);
      const token = await fetchCubeToken('http://127.0.0.1:' + server.address().port + '/auth')();
      process.stdout.write(typeof globalThis.fetch + ' ' + token);
      server.close();
    });`;
  for (const entry of ['index.js', 'index.cjs']) {
    const output = execFileSync(process.execPath, ['-e', script, join(distDir, entry)], {
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
      timeout: 20000,
    });
    expect(output).toBe('undefined t-42');
  }
});
