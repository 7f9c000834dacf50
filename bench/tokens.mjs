// Token cost: how often each client calls the token function, and how many loads fail, when
// many loads need a token at once, when a valid token could be reused, and when the server
// suddenly rejects every token it had accepted (403 "Invalid token", as Cube answers).
import { benchQuery, makeToken, sleep } from './lib/fixtures.mjs';

/** Simulated round trip of an app's token route. */
const TOKEN_ROUTE_MS = 10;

/** A token route with a call counter; `lifetime` and `gen` apply to the tokens it issues next. */
function tokenRoute() {
  const route = {
    calls: 0,
    lifetime: 900,
    gen: 0,
    fn: async () => {
      route.calls += 1;
      await sleep(TOKEN_ROUTE_MS);
      return makeToken({ iat: Math.floor(Date.now() / 1000), lifetime: route.lifetime, gen: route.gen });
    },
  };
  return route;
}

/** Runs `count` loads started `staggerMs` apart (all at once for 0) and counts what happened. */
async function burst(client, route, loopback, count, { staggerMs = 0, sequential = false } = {}) {
  await loopback.stats();
  const callsBefore = route.calls;
  let failed = 0;
  const one = () =>
    client.load(benchQuery).then(
      () => undefined,
      () => {
        failed += 1;
      },
    );
  const start = performance.now();
  if (sequential) {
    for (let i = 0; i < count; i += 1) await one();
  } else {
    const pending = [];
    for (let i = 0; i < count; i += 1) {
      pending.push(one());
      if (staggerMs) await sleep(staggerMs);
    }
    await Promise.all(pending);
  }
  const ms = performance.now() - start;
  const { rejected } = await loopback.stats();
  return { tokenCalls: route.calls - callsBefore, failedLoads: failed, rejectedByServer: rejected, ms };
}

async function scenarios(makeClient, loopback) {
  const results = {};
  // 1,000 concurrent loads while the client holds an expired token: the token was issued with a
  // one-second lifetime and the first load happens after it ran out.
  {
    const route = tokenRoute();
    route.lifetime = 1;
    const client = makeClient(route.fn, { apiUrl: loopback.apiUrl });
    await client.load(benchQuery);
    await sleep(1100);
    route.lifetime = 900;
    results.expired1000 = await burst(client, route, loopback, 1000);
  }
  // 100 sequential loads on a fresh client: one token should serve all of them.
  {
    const route = tokenRoute();
    const client = makeClient(route.fn, { apiUrl: loopback.apiUrl });
    results.valid100 = await burst(client, route, loopback, 100, { sequential: true });
  }
  // 200 loads started 2 ms apart just after the server revoked every token it had issued.
  {
    const route = tokenRoute();
    const client = makeClient(route.fn, { apiUrl: loopback.apiUrl });
    await client.load(benchQuery);
    route.gen += 1;
    await loopback.configure({ minGen: route.gen });
    results.invalid403 = await burst(client, route, loopback, 200, { staggerMs: 2 });
  }
  return results;
}

export const TOKEN_SCENARIOS = {
  expired1000: '1,000 concurrent loads, expired token',
  valid100: '100 sequential loads, valid token',
  invalid403: '200 loads 2 ms apart after a 403 revocation',
};

/**
 * Opens as many keep-alive sockets as the largest burst needs, so that neither client pays for
 * connection setup that the other one then reuses: the order of the runs must not decide the times.
 */
async function warmSockets(loopback) {
  const url = `${loopback.apiUrl}/load`;
  await Promise.all(Array.from({ length: 1000 }, () => fetch(url).then((response) => response.text())));
}

export async function measureTokens({ ownClient, publishedClient, loopback }) {
  await loopback.configure({ rows: 10, checkTokens: false, minGen: 0 });
  await warmSockets(loopback);
  await loopback.configure({ checkTokens: true });
  const own = await scenarios(ownClient, loopback);
  await loopback.configure({ minGen: 0, checkTokens: false });
  await warmSockets(loopback);
  await loopback.configure({ checkTokens: true });
  const published = await scenarios(publishedClient, loopback);
  await loopback.configure({ checkTokens: false, minGen: 0 });
  return { tokenRouteMs: TOKEN_ROUTE_MS, own, published };
}
