// The demo's Vue page (examples/demo/public/vue.html) in a real Chromium, on the built dist/vue.js
// and Vue's own browser build, against a loopback stand-in for Cube: the page shows the rows, a
// changed granularity sends the new query, and the token state reaches the page. (The real Cube
// is not needed for what this proves: the page and the packaged adapter work in a browser.)
import { createServer } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, type Browser } from './support/chromium';
import { serveOnLoopback, type PageServer } from './support/pageServer';

const root = fileURLToPath(new URL('../../', import.meta.url));
const publicDir = join(root, 'examples/demo/public');

/** A Cube `/load` reply with one row per month of January and February for `granularity`. */
function loadReply(query: { timeDimensions: { granularity: string }[] }) {
  const { granularity } = query.timeDimensions[0];
  const normalized = { ...query, dimensions: [], filters: [], timezone: 'UTC' };
  const data = [1, 2].map((month) => ({
    [`Orders.createdAt.${granularity}`]: `2024-0${month}-01T00:00:00.000`,
    'Orders.createdAt': `2024-0${month}-01T00:00:00.000`,
    'Orders.count': String(month * 10),
    'Orders.totalAmount': String(month * 100),
  }));
  const annotation = {
    measures: { 'Orders.count': { type: 'number' }, 'Orders.totalAmount': { type: 'number' } },
    dimensions: {},
    segments: {},
    timeDimensions: {
      [`Orders.createdAt.${granularity}`]: { type: 'time' },
      'Orders.createdAt': { type: 'time' },
    },
  };
  return {
    queryType: 'regularQuery',
    pivotQuery: { ...normalized, queryType: 'regularQuery' },
    results: [{ query: normalized, data, annotation }],
  };
}

let served: PageServer | undefined;
let origin: string;
let browser: Browser;
const cubeRequests: string[] = [];

function send(res: import('node:http').ServerResponse, body: string | Buffer, type = 'application/json') {
  res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
}

beforeAll(async () => {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://demo.test');
    if (url.pathname === '/config.json')
      return send(
        res,
        JSON.stringify({ apiUrl: `${origin}/cubejs-api/v1`, tenant: 'acme', tenants: ['acme'] }),
      );
    if (url.pathname === '/auth/cubejs-token') return send(res, JSON.stringify({ token: 'demo-token' }));
    if (url.pathname === '/favicon.ico') return void res.writeHead(204).end();
    if (url.pathname.startsWith('/cubejs-api/v1/')) {
      const query = url.searchParams.get('query');
      cubeRequests.push(
        `${url.pathname.slice('/cubejs-api/v1/'.length)} ${req.headers.authorization} ${query ?? ''}`,
      );
      if (url.pathname.endsWith('/meta'))
        return send(
          res,
          JSON.stringify({
            cubes: [
              { name: 'Orders', title: 'Orders', type: 'cube', measures: [], dimensions: [], segments: [] },
            ],
          }),
        );
      return send(res, JSON.stringify(loadReply(JSON.parse(query ?? '{}'))));
    }
    // The same two vendor routes as examples/demo/start.mjs.
    if (url.pathname === '/vendor/vue/vue.esm-browser.prod.js')
      return send(
        res,
        readFileSync(join(root, 'node_modules/vue/dist/vue.esm-browser.prod.js')),
        'text/javascript',
      );
    const file = url.pathname.startsWith('/vendor/cube-client/')
      ? join(root, 'dist', url.pathname.slice('/vendor/cube-client/'.length))
      : join(publicDir, url.pathname.slice(1));
    if (!file.includes('..') && existsSync(file))
      return send(res, readFileSync(file), file.endsWith('.html') ? 'text/html' : 'text/javascript');
    res.writeHead(404).end('not found');
  });
  served = await serveOnLoopback(server);
  origin = served.origin;
  browser = await launchChromium();
}, 30000);

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

it('the Vue page shows the rows, follows the granularity, and shows the token state', async () => {
  expect(existsSync(join(root, 'dist/vue.js'))).toBe(true);
  const tab = await browser.context.newPage();
  const errors: string[] = [];
  tab.on('pageerror', (e) => errors.push(e.message));
  tab.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await tab.goto(`${origin}/vue.html`);
  await tab.waitForSelector('#table tbody tr', { timeout: 20000 });
  const rows = () => tab.$$eval('#table tbody tr', (trs) => trs.map((tr) => tr.textContent?.trim()));
  // January and February from the reply; March and April filled in from the date range.
  expect(await rows()).toEqual([
    '2024-01-0110$100.00',
    '2024-02-0120$200.00',
    '2024-03-010$0.00',
    '2024-04-010$0.00',
  ]);
  await tab.waitForFunction(() => document.getElementById('token-status')?.textContent === 'ready');

  await tab.selectOption('#granularity', 'week');
  await tab.waitForFunction(() => document.querySelectorAll('#table tbody tr').length > 4, undefined, {
    timeout: 20000,
  });
  expect((await rows())[1]).toBe('2024-01-080$0.00');
  const loads = cubeRequests.filter((request) => request.startsWith('load '));
  expect(
    loads.map((request) => JSON.parse(request.split(' ').slice(2).join(' ')).timeDimensions[0].granularity),
  ).toEqual(['month', 'week']);
  expect(cubeRequests.every((request) => request.split(' ')[1] === 'demo-token')).toBe(true);
  expect(cubeRequests.filter((request) => request.startsWith('meta '))).toHaveLength(1);
  expect(errors).toEqual([]);
  await tab.close();
});
