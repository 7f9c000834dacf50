// cube-client against the real Cube server, with tokens from cube-client/server. Where the
// published @cubejs-client/core can answer the same question, both clients ask the same server
// in the same test and must agree.
import cube from '@cubejs-client/core';
import { cubejs, RequestError } from '../../src/index';
import { signCubeToken } from '../../src/server/index';
import { startRecordingProxy, type RecordingProxy } from './support/proxy';
import { expectedCountByStatus, expectedTotals, freshMarker, stack, tenants, toCents } from './support/stack';
import { expiredToken, referenceToken, wrongSecretToken } from './support/tokens';

type Method = 'GET' | 'POST';

let proxy: RecordingProxy;

beforeAll(async () => {
  proxy = await startRecordingProxy(stack.apiUrl);
});

afterAll(async () => {
  await proxy?.close();
});

beforeEach(() => {
  proxy.exchanges.length = 0;
});

const sign = (tenant: string | undefined, expiresIn: number | string = '1h') =>
  signCubeToken({ secret: stack.secret, expiresIn, securityContext: tenant ? { tenant } : {} });

/** A token function that counts its calls. */
function countingTokens(next: (call: number) => string | Promise<string>) {
  const fn = Object.assign(
    async () => {
      fn.calls += 1;
      return next(fn.calls);
    },
    { calls: 0 },
  );
  return fn;
}

const expOf = (token: string): number =>
  (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { exp: number }).exp;

const apiCalls = (endpoint: string) => proxy.of(endpoint).filter((e) => e.method !== 'OPTIONS');

const queries = {
  byStatus: {
    measures: ['Orders.count', 'Orders.totalAmount'],
    dimensions: ['Orders.status'],
    order: { 'Orders.status': 'asc' as const },
  },
  byMonth: {
    measures: ['Orders.count'],
    timeDimensions: [
      {
        dimension: 'Orders.createdAt',
        granularity: 'month' as const,
        dateRange: ['2024-01-01', '2024-04-30'] as [string, string],
      },
    ],
  },
  statusByMonth: {
    measures: ['Orders.count', 'Orders.totalAmount'],
    dimensions: ['Orders.status'],
    timeDimensions: [
      {
        dimension: 'Orders.createdAt',
        granularity: 'month' as const,
        dateRange: ['2024-01-01', '2024-04-30'] as [string, string],
      },
    ],
  },
};

describe.each<Method>(['GET', 'POST'])('over %s', (method) => {
  const ours = () => cubejs(() => sign('acme'), { apiUrl: proxy.apiUrl, method });
  const theirs = () => cube(referenceToken({ tenant: 'acme' }), { apiUrl: stack.apiUrl, method });

  test('load: the result set pivots exactly as the published client does', async () => {
    const api = ours();
    const reference = theirs();
    for (const query of Object.values(queries)) {
      const [a, b] = await Promise.all([api.load(query), reference.load(query)]);
      expect(a.tablePivot()).toEqual(b.tablePivot());
      expect(a.chartPivot()).toEqual(b.chartPivot());
      expect(a.seriesNames()).toEqual(b.seriesNames());
      expect(a.series()).toEqual(b.series());
      expect(a.rawData()).toEqual(b.rawData());
    }
    const swapped = { x: ['Orders.status'], y: ['Orders.createdAt.month', 'measures'] };
    const [a, b] = await Promise.all([
      api.load(queries.statusByMonth),
      reference.load(queries.statusByMonth),
    ]);
    expect(a.pivot(swapped)).toEqual(b.pivot(swapped));
    expect(a.tablePivot(swapped)).toEqual(b.tablePivot(swapped));
    expect(a.chartPivot(swapped)).toEqual(b.chartPivot(swapped));

    // The numbers are right, not only equal to the reference.
    const [byStatus] = await Promise.all([api.load(queries.byStatus)]);
    expect(
      Object.fromEntries(byStatus.tablePivot().map((r) => [r['Orders.status'], Number(r['Orders.count'])])),
    ).toEqual(expectedCountByStatus('acme'));
    const sent = apiCalls('/load');
    expect(sent.length).toBeGreaterThan(0);
    expect(new Set(sent.map((e) => e.method))).toEqual(new Set([method]));
    expect(sent.every((e) => e.status === 200)).toBe(true);
  });

  test('sql: the same SQL and parameters as the published client', async () => {
    const [a, b] = await Promise.all([ours().sql(queries.byStatus), theirs().sql(queries.byStatus)]);
    expect(a.rawQuery()).toEqual(b.rawQuery());
    expect(a.sql()).toEqual(b.sql());
    expect(a.rawQuery().sql[1]).toContain('acme');
    expect(new Set(apiCalls('/sql').map((e) => e.method))).toEqual(new Set([method]));
  });

  test('dryRun: the same normalized query as the published client', async () => {
    const [a, b] = await Promise.all([
      ours().dryRun(queries.statusByMonth),
      theirs().dryRun(queries.statusByMonth),
    ]);
    expect(a).toEqual(b);
    expect((a as { queryType: string }).queryType).toBe('regularQuery');
    expect(new Set(apiCalls('/dry-run').map((e) => e.method))).toEqual(new Set([method]));
  });
});

test('meta: the same cubes and members as the published client', async () => {
  const a = await cubejs(() => sign('acme'), { apiUrl: proxy.apiUrl }).meta();
  const b = await cube(referenceToken({ tenant: 'acme' }), { apiUrl: stack.apiUrl }).meta();
  expect(a.cubes).toEqual(b.cubes);
  expect(a.membersForQuery(null, 'measures')).toEqual(b.membersForQuery(null, 'measures'));
  expect(a.resolveMember('Orders.totalAmount', 'measures')).toEqual(
    b.resolveMember('Orders.totalAmount', 'measures'),
  );
  expect(a.cubes.map((c: { name: string }) => c.name).sort()).toEqual(['Live', 'Orders', 'Slow']);
});

test('a short-lived token is refreshed ahead of its expiry, with no failed request', async () => {
  // 6 s tokens refreshed from 3 s before expiry: the refresh lands while the old token is still
  // good even though iat and exp are whole seconds (up to a second earlier than the client saw).
  const tokens = countingTokens(() => sign('acme', 6));
  const api = cubejs(tokens, { apiUrl: proxy.apiUrl, refreshLeeway: 3000 });
  const started = Date.now();
  let loads = 0;
  while (Date.now() - started < 7500) {
    const rs = await api.load({ measures: ['Orders.count'] });
    expect(Number(rs.tablePivot()[0]['Orders.count'])).toBe(expectedTotals('acme').count);
    loads += 1;
    await new Promise((r) => setTimeout(r, 200));
  }
  const sent = apiCalls('/load');
  expect(sent).toHaveLength(loads);
  expect(sent.filter((e) => e.status !== 200)).toEqual([]);
  // The first token expired during the loop, so a second one must have been used...
  const used = [...new Set(sent.map((e) => e.authorization!))];
  expect(used.length).toBeGreaterThanOrEqual(2);
  // ...and each switch happened before the previous token's exp (Cube refuses from exp on).
  for (let i = 1; i < used.length; i += 1) {
    const firstUse = sent.find((e) => e.authorization === used[i])!.at;
    expect(firstUse).toBeLessThan(expOf(used[i - 1]) * 1000);
  }
  // A refresh started by the last loads may not have been used yet.
  expect(tokens.calls).toBeGreaterThanOrEqual(used.length);
  expect(tokens.calls).toBeLessThanOrEqual(used.length + 1);
}, 20000);

test.each([
  { what: 'signed with the wrong secret', bad: () => wrongSecretToken({ tenant: 'acme' }) },
  { what: 'already expired', bad: () => expiredToken({ tenant: 'acme' }) },
])(
  'a token $what: the server\'s 403 "Invalid token" causes exactly one refresh, and the retry succeeds',
  async ({ bad }) => {
    const tokens = countingTokens((call) => (call === 1 ? bad() : sign('acme')));
    const api = cubejs(tokens, { apiUrl: proxy.apiUrl });
    const rs = await api.load({ measures: ['Orders.count'] });
    expect(Number(rs.tablePivot()[0]['Orders.count'])).toBe(expectedTotals('acme').count);
    expect(tokens.calls).toBe(2);
    expect(apiCalls('/load').map((e) => [e.status, e.error ?? null])).toEqual([
      [403, 'Invalid token'],
      [200, null],
    ]);
  },
);

test('a token that stays bad fails with AUTH_FAILED after one retry, not a loop', async () => {
  const tokens = countingTokens(() => wrongSecretToken({ tenant: 'acme' }));
  const api = cubejs(tokens, { apiUrl: proxy.apiUrl });
  const error = await api.load({ measures: ['Orders.count'] }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(RequestError);
  expect(error).toMatchObject({ code: 'AUTH_FAILED', status: 403 });
  expect(tokens.calls).toBe(2);
  expect(apiCalls('/load')).toHaveLength(2);
});

test('two security contexts give two different, correctly filtered results', async () => {
  const results: Record<string, { count: number; totalCents: number }> = {};
  for (const tenant of tenants) {
    const rs = await cubejs(() => sign(tenant), { apiUrl: proxy.apiUrl }).load({
      measures: ['Orders.count', 'Orders.totalAmount'],
    });
    const [row] = rs.tablePivot();
    results[tenant] = { count: Number(row['Orders.count']), totalCents: toCents(row['Orders.totalAmount']) };
  }
  expect(results).toEqual(Object.fromEntries(tenants.map((t) => [t, expectedTotals(t)])));
  expect(new Set(Object.values(results).map((r) => r.count)).size).toBe(tenants.length);
});

test('setToken switches the identity: the next load sees the other tenant', async () => {
  const api = cubejs(() => sign('acme'), { apiUrl: proxy.apiUrl });
  const count = async () =>
    Number((await api.load({ measures: ['Orders.count'] })).tablePivot()[0]['Orders.count']);
  expect(await count()).toBe(expectedTotals('acme').count);
  api.setToken(() => sign('globex'));
  expect(await count()).toBe(expectedTotals('globex').count);
});

test('the slow cube: progress callbacks and several Continue-wait polls, then the data', async () => {
  const api = cubejs(() => sign('acme'), { apiUrl: proxy.apiUrl });
  const stages: unknown[] = [];
  const rs = await api.load(
    {
      measures: ['Slow.answer'],
      filters: [{ member: 'Slow.label', operator: 'notEquals', values: [freshMarker()] }],
    },
    { progressCallback: (progress) => stages.push(progress.stage()) },
  );
  expect(Number(rs.tablePivot()[0]['Slow.answer'])).toBe(42);
  const polls = apiCalls('/load');
  const waits = polls.filter((e) => e.error === 'Continue wait');
  expect(waits.length).toBeGreaterThanOrEqual(2);
  expect(stages).toHaveLength(waits.length);
  expect(polls[polls.length - 1]).toMatchObject({ status: 200, error: undefined });
  // One request id for the whole load, with a span number that grows on each poll.
  const ids = polls.map((e) => /^(.*)-span-(\d+)$/.exec(e.requestId ?? ''));
  expect(ids.every(Boolean)).toBe(true);
  expect(new Set(ids.map((m) => m![1])).size).toBe(1);
  expect(ids.map((m) => Number(m![2]))).toEqual(polls.map((_, i) => i + 1));
}, 20000);

test('aborting the slow load in the middle of a poll stops the polling', async () => {
  const api = cubejs(() => sign('acme'), { apiUrl: proxy.apiUrl });
  const controller = new AbortController();
  let progress = 0;
  let abortedAt = 0;
  const pending = api.load(
    {
      measures: ['Slow.answer'],
      filters: [{ member: 'Slow.label', operator: 'notEquals', values: [freshMarker()] }],
    },
    {
      signal: controller.signal,
      progressCallback: () => {
        progress += 1;
        // The second poll is now held by the server for up to one second: abort it there.
        if (progress === 1) {
          setTimeout(() => {
            abortedAt = Date.now();
            controller.abort();
          }, 100);
        }
      },
    },
  );
  const error = await pending.catch((e: unknown) => e);
  const settledAfter = Date.now() - abortedAt;
  expect(error).toBeInstanceOf(RequestError);
  expect((error as RequestError).code).toBe('ABORTED');
  // Had the client waited for the server's answer to the poll, that would be ~900 ms.
  expect(settledAfter).toBeLessThan(600);
  // Long enough for two more polls had the client kept going; the aborted poll itself is
  // recorded when the server answers it.
  await new Promise((r) => setTimeout(r, 2500));
  expect(apiCalls('/load')).toHaveLength(2);
  expect(progress).toBe(1);
}, 20000);
