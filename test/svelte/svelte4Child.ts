// Run by svelte4.test.ts in a child process, bundled with `svelte` aliased to Svelte 4 and the
// test's components compiled by Svelte 4's compiler: mounts App.svelte in jsdom with Svelte 4's
// component API (`new App(...)`, `$destroy()`), and prints what rendered as JSON.
import { JSDOM } from 'jsdom';
import { loadBody } from '../support/fixtures';

const dom = new JSDOM('<!doctype html><body></body>');
// Svelte 4's DOM runtime reads these globals when it loads, so they come before it.
const { window } = dom;
Object.assign(globalThis, {
  window,
  document: window.document,
  Node: window.Node,
  Element: window.Element,
  HTMLElement: window.HTMLElement,
  Text: window.Text,
  Event: window.Event,
  getComputedStyle: window.getComputedStyle,
});

const { default: cubejs } = await import('../../src/index');
const { default: App } = await import('./App.svelte');

const sent: string[] = [];
const cubeApi = cubejs(() => Promise.resolve('svelte4-token'), {
  apiUrl: 'https://cube.test/cubejs-api/v1',
  fetch: (url: string | URL | Request) => {
    sent.push(String(url));
    return Promise.resolve(new Response(JSON.stringify(loadBody(42)), { status: 200 }));
  },
});

const text = (id: string) => window.document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim();
const rendered: string[] = [];
const app = new (App as unknown as new (options: object) => { $destroy(): void })({
  target: window.document.body,
  props: { cubeApi, queries: [{ measures: ['Orders.count'] }], withToken: true },
});
rendered.push(text('state-0') ?? '');
for (let waited = 0; text('state-0') !== 'value 42' && waited < 2000; waited += 10) {
  await new Promise((resolve) => setTimeout(resolve, 10));
}
rendered.push(text('state-0') ?? '', text('token') ?? '');
app.$destroy();
// Svelte's runtime adds its major version here when it loads: the proof of which one ran.
const versions = [...((window as unknown as { __svelte?: { v: Set<string> } }).__svelte?.v ?? [])];
process.stdout.write(
  JSON.stringify({ rendered, sent: sent.length, left: window.document.body.innerHTML, versions }),
);
