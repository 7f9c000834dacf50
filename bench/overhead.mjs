// Per-load overhead: the time a `load()` takes through each client against a bare `fetch` +
// `JSON.parse` of the same URL, on the same loopback server, sequentially and 50 at a time.
import { benchQuery, makeToken, median } from './lib/fixtures.mjs';

const CONCURRENCY = 50;

/** The three ways of getting the same 1,000-row body; each returns a promise per load. */
function contenders({ ownClient, publishedClient, apiUrl }) {
  const token = makeToken({ iat: Math.floor(Date.now() / 1000), lifetime: 3600 });
  const url = `${apiUrl}/load?${new URLSearchParams({ query: JSON.stringify(benchQuery), queryType: 'multi' })}`;
  const own = ownClient(token, { apiUrl });
  const published = publishedClient(token, { apiUrl });
  return {
    'bare fetch': () =>
      fetch(url, { headers: { Authorization: token } })
        .then((response) => response.text())
        .then((text) => JSON.parse(text)),
    'cube-client': () => own.load(benchQuery),
    '@cubejs-client/core': () => published.load(benchQuery),
  };
}

/**
 * Runs `rounds` rounds; in each, every contender does one sample, in an order that rotates, so
 * that drift in machine load (two shared cores) spreads evenly over all of them.
 */
async function sample(runs, rounds, once) {
  const names = Object.keys(runs);
  const samples = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round += 1) {
    for (let i = 0; i < names.length; i += 1) {
      const name = names[(round + i) % names.length];
      samples[name].push(await once(runs[name]));
    }
  }
  return Object.fromEntries(names.map((name) => [name, median(samples[name])]));
}

const timeOne = async (run) => {
  const start = performance.now();
  await run();
  return performance.now() - start;
};

const timeBatch = async (run) => {
  const start = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, run));
  return (performance.now() - start) / CONCURRENCY;
};

export async function measureOverhead({ ownClient, publishedClient, loopback, quick = false }) {
  await loopback.configure({ rows: 1000, checkTokens: false });
  const runs = contenders({ ownClient, publishedClient, apiUrl: loopback.apiUrl });
  // Warm-up: JIT, keep-alive sockets and the server's body cache.
  await sample(runs, 20, timeOne);
  await sample(runs, 2, timeBatch);
  const sequential = await sample(runs, quick ? 60 : 300, timeOne);
  const concurrent = await sample(runs, quick ? 8 : 60, timeBatch);
  const ratio = (values, name) => values[name] / values['bare fetch'];
  return {
    rows: 1000,
    sequentialMs: sequential,
    concurrentMs: concurrent,
    ratios: {
      sequential: {
        own: ratio(sequential, 'cube-client'),
        published: ratio(sequential, '@cubejs-client/core'),
      },
      concurrent: {
        own: ratio(concurrent, 'cube-client'),
        published: ratio(concurrent, '@cubejs-client/core'),
      },
    },
  };
}
