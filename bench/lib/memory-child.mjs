// Run by memory.mjs with --expose-gc: heap growth of one client across many loads. A separate
// process keeps the other bench parts' garbage out of the numbers.
import { pathToFileURL } from 'node:url';
import { benchQuery, makeToken } from './fixtures.mjs';
import { root } from './build.mjs';

const [which, apiUrl, loadsArg] = process.argv.slice(2);
const LOADS = Number(loadsArg);
const CONCURRENCY = 50;
const WARM_UP = 500;

const factory =
  which === 'own'
    ? (await import(pathToFileURL(`${root}.tmp/bench/cube-client.mjs`).href)).default
    : (await import('@cubejs-client/core')).default;
const token = () => makeToken({ iat: Math.floor(Date.now() / 1000), lifetime: 3600 });
const client = factory(token, { apiUrl });

async function run(count) {
  for (let done = 0; done < count; done += CONCURRENCY) {
    await Promise.all(
      Array.from({ length: Math.min(CONCURRENCY, count - done) }, () => client.load(benchQuery)),
    );
  }
}

async function settledHeap() {
  // Two collections with a turn of the event loop between them let finalizers and weak
  // references settle, so the number is the live heap, not garbage waiting to be collected.
  for (let i = 0; i < 3; i += 1) {
    globalThis.gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

await run(WARM_UP);
const before = await settledHeap();
const start = performance.now();
await run(LOADS);
const ms = performance.now() - start;
const after = await settledHeap();
process.send({ loads: LOADS, before, after, growth: after - before, ms });
process.disconnect();
