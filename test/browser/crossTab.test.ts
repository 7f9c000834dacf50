// Two tabs of one origin in a real Chromium, each with its own client from the UMD bundle,
// against the real Cube server: with `shareTokenAcrossTabs` one token-route hit serves both
// (Web Locks + BroadcastChannel); without it, each tab fetches its own token.
import { createTokenHandler, toNodeHandler } from '../../src/server/index';
import { stack } from '../e2e/support/stack';
import { launchChromium, type Browser } from './support/chromium';
import { startPageServer, type PageServer } from './support/pageServer';

const page = (apiUrl: string, share: boolean) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>tab</title></head>
<body>
  <p id="status">waiting</p>
  <script src="cube-client.umd.min.js"></script>
  <script>
    const cubeApi = cubejs(cubejs.fetchCubeToken('/auth/cubejs-token'), {
      apiUrl: ${JSON.stringify(apiUrl)},
      shareTokenAcrossTabs: ${share},
    });
    window.go = () =>
      cubeApi
        .load({ measures: ['Orders.count'] })
        .then((rs) => { document.getElementById('status').textContent = 'count ' + rs.rawData()[0]['Orders.count']; })
        .catch((e) => { document.getElementById('status').textContent = 'error ' + (e.code || e.message); });
  </script>
</body>
</html>`;

let browser: Browser;
let server: PageServer;
let routeHits = 0;

beforeAll(async () => {
  const handler = toNodeHandler(
    createTokenHandler({ secret: stack.secret, expiresIn: '1h', getSecurityContext: () => ({}) }),
  );
  server = await startPageServer(
    { '/shared.html': page(stack.apiUrl, true), '/alone.html': page(stack.apiUrl, false) },
    async (req, res) => {
      routeHits += 1;
      // A slow route, so that both tabs really want a token at the same time.
      await new Promise((resolve) => setTimeout(resolve, 150));
      await handler(req, res);
    },
  );
  browser = await launchChromium();
}, 30000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens two tabs of `path`, starts a load in both at once, and returns what each shows. */
async function twoTabs(path: string): Promise<string[]> {
  routeHits = 0;
  const tabs = [await browser.context.newPage(), await browser.context.newPage()];
  for (const tab of tabs) {
    await tab.goto(`${server.origin}${path}`);
    await tab.waitForFunction(() => typeof (window as unknown as { go?: unknown }).go === 'function');
  }
  await Promise.all(
    tabs.map((tab) => tab.evaluate(() => void (window as unknown as { go: () => void }).go())),
  );
  const statuses = await Promise.all(
    tabs.map(async (tab) => {
      await tab.waitForFunction(
        () => document.getElementById('status')?.textContent !== 'waiting',
        undefined,
        {
          timeout: 20000,
        },
      );
      return (await tab.textContent('#status')) ?? '';
    }),
  );
  await Promise.all(tabs.map((tab) => tab.close()));
  return statuses;
}

it('shareTokenAcrossTabs: two tabs loading at once cause one token-route hit, and both get data', async () => {
  const statuses = await twoTabs('/shared.html');
  expect(statuses.every((status) => /^count \d+$/.test(status))).toBe(true);
  expect(routeHits).toBe(1);
}, 40000);

it('without it, each tab fetches its own token (the control)', async () => {
  const statuses = await twoTabs('/alone.html');
  expect(statuses.every((status) => /^count \d+$/.test(status))).toBe(true);
  expect(routeHits).toBe(2);
}, 40000);
