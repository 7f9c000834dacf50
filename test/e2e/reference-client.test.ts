// The server itself, driven by the published @cubejs-client/core and tokens from jsonwebtoken.
// If these fail, the stack is wrong, not cube-client; every other e2e suite builds on them.
import cube, { RequestError as ReferenceRequestError } from '@cubejs-client/core';
import {
  expectedCountByMonth,
  expectedCountByStatus,
  expectedTotals,
  freshMarker,
  stack,
  tenants,
  toCents,
} from './support/stack';
import { expiredToken, referenceToken, wrongSecretToken } from './support/tokens';

const acme = () => referenceToken({ tenant: 'acme' });

describe('the Cube server with the published client', () => {
  test('load returns the seeded totals for the tenant in the token', async () => {
    const api = cube(acme(), { apiUrl: stack.apiUrl });
    const rs = await api.load({ measures: ['Orders.count', 'Orders.totalAmount'] });
    const [row] = rs.tablePivot();
    const want = expectedTotals('acme');
    expect(Number(row['Orders.count'])).toBe(want.count);
    expect(toCents(row['Orders.totalAmount'])).toBe(want.totalCents);
  });

  test('load by status and by month matches the seed', async () => {
    const api = cube(acme(), { apiUrl: stack.apiUrl });
    const byStatus = await api.load({ measures: ['Orders.count'], dimensions: ['Orders.status'] });
    expect(
      Object.fromEntries(byStatus.tablePivot().map((r) => [r['Orders.status'], Number(r['Orders.count'])])),
    ).toEqual(expectedCountByStatus('acme'));

    const byMonth = await api.load({
      measures: ['Orders.count'],
      timeDimensions: [
        { dimension: 'Orders.createdAt', granularity: 'month', dateRange: ['2024-01-01', '2024-04-30'] },
      ],
    });
    const series = byMonth.chartPivot().map((p) => [String(p.x).slice(0, 7), Number(p['Orders.count'])]);
    expect(Object.fromEntries(series)).toEqual(expectedCountByMonth('acme'));
  });

  test('two security contexts get two different, correctly filtered results', async () => {
    expect(tenants.length).toBeGreaterThanOrEqual(2);
    const counts: Record<string, number> = {};
    for (const tenant of tenants) {
      const api = cube(referenceToken({ tenant }), { apiUrl: stack.apiUrl });
      const rs = await api.load({ measures: ['Orders.count'] });
      counts[tenant] = Number(rs.tablePivot()[0]['Orders.count']);
    }
    expect(counts).toEqual(Object.fromEntries(tenants.map((t) => [t, expectedTotals(t).count])));
    // Without a tenant the rewrite adds no filter: the whole table.
    const all = await cube(referenceToken({}), { apiUrl: stack.apiUrl }).load({ measures: ['Orders.count'] });
    expect(Number(all.tablePivot()[0]['Orders.count'])).toBe(expectedTotals().count);
  });

  test('sql shows the tenant filter that the security context added', async () => {
    const api = cube(acme(), { apiUrl: stack.apiUrl });
    const sql = await api.sql({ measures: ['Orders.count'] });
    const [text, params] = sql.rawQuery().sql;
    expect(text).toMatch(/public\.orders/);
    expect(params).toContain('acme');
  });

  test('meta lists every cube with their members', async () => {
    const api = cube(acme(), { apiUrl: stack.apiUrl });
    const meta = await api.meta();
    const names = meta.meta.cubes.map((c) => c.name).sort();
    expect(names).toEqual(['Live', 'Orders', 'Slow']);
    const orders = meta.meta.cubes.find((c) => c.name === 'Orders')!;
    expect(orders.measures.map((m) => m.name).sort()).toEqual(['Orders.count', 'Orders.totalAmount']);
    expect(orders.dimensions.map((d) => d.name)).toEqual(
      expect.arrayContaining(['Orders.status', 'Orders.tenant', 'Orders.createdAt']),
    );
  });

  test('dryRun normalizes the query and applies the rewrite', async () => {
    const api = cube(acme(), { apiUrl: stack.apiUrl });
    const dry = await api.dryRun({ measures: ['Orders.count'], dimensions: ['Orders.status'] });
    expect(dry.queryType).toBe('regularQuery');
    expect(dry.normalizedQueries).toHaveLength(1);
    expect(dry.normalizedQueries[0].filters).toEqual(
      expect.arrayContaining([expect.objectContaining({ member: 'Orders.tenant', values: ['acme'] })]),
    );
    expect(dry.pivotQuery.dimensions).toEqual(['Orders.status']);
  });

  test('the slow cube answers "Continue wait" several times before the data', async () => {
    const api = cube(acme(), { apiUrl: stack.apiUrl });
    const stages: unknown[] = [];
    const rs = await api.load(
      {
        measures: ['Slow.answer'],
        filters: [{ member: 'Slow.label', operator: 'notEquals', values: [freshMarker()] }],
      },
      { progressCallback: (progress) => stages.push(progress.stage()) },
    );
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(Number(rs.tablePivot()[0]['Slow.answer'])).toBe(42);
  });

  test.each([
    { what: 'a token signed with another secret', token: wrongSecretToken({ tenant: 'acme' }) },
    { what: 'an expired token', token: expiredToken({ tenant: 'acme' }) },
  ])('$what is refused with 403 "Invalid token"', async ({ token }) => {
    const api = cube(token, { apiUrl: stack.apiUrl });
    const error = await api.load({ measures: ['Orders.count'] }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ReferenceRequestError);
    expect((error as ReferenceRequestError).status).toBe(403);
    expect((error as Error).message).toBe('Invalid token');
  });

  test('a request without a token is refused with 403 in production mode', async () => {
    const res = await fetch(`${stack.apiUrl}/meta`);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: "Authorization header isn't set" });
  });

  test('CORS allows a loopback page origin and refuses others', async () => {
    const preflight = (origin: string) =>
      fetch(`${stack.apiUrl}/load`, {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'authorization,content-type,x-request-id',
        },
      });
    const ok = await preflight('http://127.0.0.1:5555');
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5555');
    expect(ok.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
