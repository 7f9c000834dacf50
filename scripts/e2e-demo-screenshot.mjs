// Takes a screenshot of the running `npm start` demo with Debian's Chromium, to check that it
// renders without opening a desktop browser:
//   node scripts/e2e-demo-screenshot.mjs http://127.0.0.1:3000/ demo.png [--tenant=globex] [--slow]
// --tenant signs in as another tenant first; --slow also runs the slow query and waits for its
// answer before the shot.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from './chromium.mjs';

const [url, out = 'demo.png', ...rest] = process.argv.slice(2);
if (!url) {
  console.error('usage: node scripts/e2e-demo-screenshot.mjs <demo URL> [out.png] [--slow]');
  process.exit(2);
}
const userDataDir = mkdtempSync(join(tmpdir(), 'cube-client-chromium-'));
let context;
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 900, height: 1000 },
    args: chromiumArgs,
  });
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && console.error(`page: ${m.text()}`));
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await page.goto(url);
  const tenant = rest.find((a) => a.startsWith('--tenant='))?.slice('--tenant='.length);
  if (tenant) {
    await page.waitForSelector('#tenant-buttons button');
    await Promise.all([page.waitForEvent('load'), page.click(`#tenant-buttons button:text-is("${tenant}")`)]);
  }
  await page.waitForFunction(
    () => !/^loading/.test(document.getElementById('status')?.textContent ?? ''),
    undefined,
    { timeout: 20000 },
  );
  if (rest.includes('--slow')) {
    await page.click('#slow');
    await page.waitForFunction(
      () => /^answer|^failed/.test(document.getElementById('slow-status')?.textContent ?? ''),
      undefined,
      { timeout: 20000 },
    );
  }
  await page.screenshot({ path: out, fullPage: true });
  const text = (id) => page.textContent(`#${id}`);
  console.log(
    JSON.stringify(
      {
        status: await text('status'),
        token: await text('token'),
        orders: await text('kpi-count'),
        amount: await text('kpi-amount'),
        bars: await page.$$eval('#chart rect', (r) => r.length),
        rows: await page.$$eval('#table tbody tr', (trs) => trs.map((tr) => tr.textContent)),
        slow: await text('slow-status'),
      },
      null,
      2,
    ),
  );
} finally {
  await context?.close().catch(() => undefined);
  rmSync(userDataDir, { recursive: true, force: true });
}
