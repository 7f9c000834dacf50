// The `npm start` demo's main page (examples/demo/public/index.html) in a real Chromium, served
// by the demo's own app server (examples/demo/server.mjs) on the e2e stack's real Cube and
// PostgreSQL: the REST part draws the tenant's orders, and the live panel subscribes over Cube's
// WebSocket API, shows the connection open, and receives the push after "Insert an order".
import type { Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import { createTokenHandler, toNodeHandler } from '../../src/server/index';
import { runSql } from '../e2e/harness.mjs';
import { orders, stack } from '../e2e/support/stack';
import { root } from '../support/nodeChild';
import { launchChromium, type Browser } from './support/chromium';
import { serveOnLoopback, type PageServer } from './support/pageServer';

type DemoServerFactory = (parts: {
  stack: typeof stack;
  runSql: typeof runSql;
  createTokenHandler: typeof createTokenHandler;
  toNodeHandler: typeof toNodeHandler;
}) => Server;

let served: PageServer | undefined;
let browser: Browser;

beforeAll(async () => {
  const { createDemoServer } = (await import(pathToFileURL(`${root}examples/demo/server.mjs`).href)) as {
    createDemoServer: DemoServerFactory;
  };
  served = await serveOnLoopback(createDemoServer({ stack, runSql, createTokenHandler, toNodeHandler }));
  browser = await launchChromium();
}, 30000);

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

it('draws the signed-in tenant’s orders, and the live panel shows the push after an insert', async () => {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${served!.origin}/`);

  // The REST part: the default session is acme's, and Cube's queryRewrite shows it only its orders.
  await page.waitForFunction(() =>
    /months, loaded at/.test(document.getElementById('status')?.textContent ?? ''),
  );
  const inRange = orders.filter(
    (o) => o.tenant === 'acme' && o.created_at >= '2024-01-01' && o.created_at < '2024-05-01',
  );
  expect(await page.textContent('#kpi-count')).toBe(String(inRange.length));

  // The live panel: open over the WebSocket, then the first result.
  await page.waitForFunction(
    () => document.getElementById('live-state')?.dataset.status === 'open',
    undefined,
    {
      timeout: 20000,
    },
  );
  await page.waitForFunction(
    () => /live orders/.test(document.getElementById('live-summary')?.textContent ?? ''),
    undefined,
    {
      timeout: 20000,
    },
  );
  const before = Number(/^(\d+) live orders/.exec((await page.textContent('#live-summary')) ?? '')?.[1]);
  expect(Number.isInteger(before)).toBe(true);

  // One click: the demo server inserts a row, Cube's next subscription run pushes the new count.
  await page.click('#live-insert');
  await page.waitForFunction(
    (expected) =>
      new RegExp(`^${expected} live orders.*pushed`).test(
        document.getElementById('live-summary')?.textContent ?? '',
      ),
    before + 1,
    { timeout: 20000 },
  );
  expect(await page.locator('#live-chart rect').count()).toBe(2);
  expect(errors).toEqual([]);
  await page.close();
}, 60000);
