// The built bundles in a real Chromium against the real Cube server: the script-tag UMD file
// through its global `cubejs`, and the ESM build through <script type="module">. The page's
// token route hands out a token the server rejects first, so each page has to get through one
// forced refresh before it can show any number.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createTokenHandler, toNodeHandler } from '../../src/server/index';
import { startRecordingProxy, type RecordingProxy } from '../e2e/support/proxy';
import { expectedCountByStatus, orders, stack, toCents } from '../e2e/support/stack';
import { launchChromium, type Browser } from './support/chromium';
import { startPageServer, type PageServer } from './support/pageServer';

const TENANT = 'globex';
const WRONG_SECRET = 'a-secret-the-cube-server-has-never-seen-0123456789';

// The same inline code for both pages; only how `cubejs` arrives differs.
const pageCode = (apiUrl: string, method: 'GET' | 'POST') => `
  const show = (text) => { document.getElementById('status').textContent = text; };
  const cubeApi = cubejs(
    () => fetch('/auth/cubejs-token').then((r) => r.json()).then((r) => r.token),
    { apiUrl: ${JSON.stringify(apiUrl)}, method: ${JSON.stringify(method)} },
  );
  cubeApi
    .load({ measures: ['Orders.count', 'Orders.totalAmount'], dimensions: ['Orders.status'] })
    .then((resultSet) => {
      const body = document.querySelector('#result tbody');
      for (const row of resultSet.tablePivot()) {
        const tr = document.createElement('tr');
        tr.dataset.status = row['Orders.status'];
        for (const value of [row['Orders.status'], row['Orders.count'], row['Orders.totalAmount']]) {
          const td = document.createElement('td');
          td.textContent = String(value);
          tr.appendChild(td);
        }
        body.appendChild(tr);
      }
      show('done');
    })
    .catch((e) => show('error: ' + (e.code || e.name) + ' ' + e.message));
`;

const page = (title: string, scripts: string) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${title}</title></head>
<body>
  <p id="status">loading</p>
  <table id="result"><thead><tr><th>Status</th><th>Orders</th><th>Amount</th></tr></thead><tbody></tbody></table>
  ${scripts}
</body>
</html>`;

let proxy: RecordingProxy;
let browser: Browser;
let server: PageServer;
let tokensIssued = 0;
let currentRoute: (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** The first token of each page is signed with the wrong secret; every later one is good. */
function tokenRoute(): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const context = () => ({ tenant: TENANT });
  const rejected = toNodeHandler(
    createTokenHandler({ secret: WRONG_SECRET, expiresIn: '1h', getSecurityContext: context }),
  );
  const good = toNodeHandler(
    createTokenHandler({ secret: stack.secret, expiresIn: '1h', getSecurityContext: context }),
  );
  return (req, res) => {
    tokensIssued += 1;
    return tokensIssued === 1 ? rejected(req, res) : good(req, res);
  };
}

beforeAll(async () => {
  proxy = await startRecordingProxy(stack.apiUrl);
  server = await startPageServer(
    {
      '/umd.html': page(
        'cube-client UMD',
        `<script src="cube-client.umd.min.js"></script>\n  <script>${pageCode(proxy.apiUrl, 'GET')}</script>`,
      ),
      '/esm.html': page(
        'cube-client ESM',
        `<script type="module">\n  import cubejs from './index.js';\n${pageCode(proxy.apiUrl, 'POST')}</script>`,
      ),
    },
    (req, res) => currentRoute(req, res),
  );
  browser = await launchChromium();
}, 30000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await proxy?.close();
});

beforeEach(() => {
  tokensIssued = 0;
  currentRoute = tokenRoute();
  proxy.exchanges.length = 0;
});

async function runPage(path: string) {
  const tab = await browser.context.newPage();
  const requested: string[] = [];
  const consoleErrors: string[] = [];
  tab.on('request', (r) => requested.push(r.url()));
  tab.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  tab.on('pageerror', (e) => consoleErrors.push(e.message));
  await tab.goto(`${server.origin}${path}`);
  await tab.waitForFunction(() => document.getElementById('status')?.textContent !== 'loading', undefined, {
    timeout: 20000,
  });
  const status = await tab.textContent('#status');
  const rows = await tab.$$eval('#result tbody tr', (trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? '')),
  );
  await tab.close();
  return { status, rows, requested, consoleErrors };
}

function expectTenantNumbers(rows: string[][]) {
  const byStatus = Object.fromEntries(rows.map(([status, count]) => [status, Number(count)]));
  expect(byStatus).toEqual(expectedCountByStatus(TENANT));
  for (const [status, , amount] of rows) {
    const want = orders
      .filter((o) => o.tenant === TENANT && o.status === status)
      .reduce((sum, o) => sum + toCents(o.amount), 0);
    expect(toCents(amount)).toBe(want);
  }
}

function expectOneForcedRefresh(method: 'GET' | 'POST') {
  const loads = proxy.of('/load').filter((e) => e.method !== 'OPTIONS');
  expect(loads.map((e) => [e.method, e.status, e.error ?? null])).toEqual([
    [method, 403, 'Invalid token'],
    [method, 200, null],
  ]);
  expect(loads[0].authorization).not.toBe(loads[1].authorization);
  expect(tokensIssued).toBe(2);
}

test('the UMD bundle from a plain <script> tag loads data through one forced token refresh', async () => {
  const result = await runPage('/umd.html');
  expect(result.status).toBe('done');
  expect(result.consoleErrors.filter((m) => !/403/.test(m))).toEqual([]);
  expectTenantNumbers(result.rows);
  expectOneForcedRefresh('GET');
  // The page needs nothing but its own script file, the token route and the Cube API.
  const hosts = new Set(result.requested.map((u) => new URL(u).origin));
  expect([...hosts].sort()).toEqual([server.origin, new URL(proxy.apiUrl).origin].sort());
  const ownPaths = result.requested
    .filter((u) => u.startsWith(server.origin))
    .map((u) => new URL(u).pathname);
  expect(ownPaths.filter((p) => p !== '/favicon.ico')).toEqual([
    '/umd.html',
    '/cube-client.umd.min.js',
    '/auth/cubejs-token',
    '/auth/cubejs-token',
  ]);
});

test('the ESM build imported by <script type="module"> loads data with POST through one forced refresh', async () => {
  const result = await runPage('/esm.html');
  expect(result.status).toBe('done');
  expect(result.consoleErrors.filter((m) => !/403/.test(m))).toEqual([]);
  expectTenantNumbers(result.rows);
  expectOneForcedRefresh('POST');
});
