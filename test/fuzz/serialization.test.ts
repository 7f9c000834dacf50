/**
 * Query serialization: whatever unicode a query holds, the GET URL's `query` parameter and the
 * POST body decode to the same query (and to the query that was asked). Requests go to a fake
 * `fetch` that records them, so each run costs no network.
 */
import fc from 'fast-check';
import cubejs from '../../src/index';
import type { Query } from '../../src/types/query';
import { checkAsync, RUNS } from './settings';

const text = fc.string({ unit: 'binary', maxLength: 30 });
const member = fc.tuple(text, text).map(([cube, field]) => `${cube}.${field}`);
const query: fc.Arbitrary<Query> = fc.record(
  {
    measures: fc.array(member, { maxLength: 3 }),
    dimensions: fc.array(member, { maxLength: 3 }),
    segments: fc.array(member, { maxLength: 2 }),
    filters: fc.array(
      fc.record({
        member,
        operator: fc.constantFrom('equals', 'notEquals', 'contains', 'gt', 'inDateRange', 'set'),
        values: fc.array(text, { maxLength: 4 }),
      }),
      { maxLength: 3 },
    ),
    timeDimensions: fc.array(
      fc.record({
        dimension: member,
        granularity: fc.constantFrom('day', 'week', 'month', 'year'),
        dateRange: fc.oneof(text, fc.tuple(text, text)),
      }),
      { maxLength: 2 },
    ),
    order: fc.dictionary(member, fc.constantFrom('asc', 'desc'), { maxKeys: 3 }),
    limit: fc.nat({ max: 50_000 }),
    offset: fc.nat(),
    timezone: text,
    total: fc.boolean(),
    ungrouped: fc.boolean(),
  },
  { requiredKeys: ['measures'] },
) as fc.Arbitrary<Query>;

interface Sent {
  url: string;
  method: string;
  body?: string;
}

function client(method?: 'GET' | 'POST') {
  const sent: Sent[] = [];
  const api = cubejs('serialization-token', {
    apiUrl: 'http://cube.fuzz/cubejs-api/v1',
    method,
    fetch: async (url, init) => {
      sent.push({ url, method: String(init.method), body: init.body as string | undefined });
      return new Response('{"queryType":"regularQuery","normalizedQueries":[]}', {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      });
    },
  });
  return { api, sent };
}

/** A GET and a POST client: runs the same call on both and returns what each one sent. */
function bothForms() {
  const get = client('GET');
  const post = client('POST');
  return async (call: (api: ReturnType<typeof cubejs>) => Promise<unknown>): Promise<[Sent, Sent]> => {
    get.sent.length = 0;
    post.sent.length = 0;
    await call(get.api);
    await call(post.api);
    return [get.sent[0], post.sent[0]];
  };
}

function decode(sent: Sent): unknown {
  if (sent.method === 'GET') return JSON.parse(new URL(sent.url).searchParams.get('query') ?? 'null');
  return (JSON.parse(sent.body ?? 'null') as { query: unknown }).query;
}

/** What a JSON round trip of the query gives (undefined members dropped, -0 → 0). */
const viaJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe(`query serialization (${RUNS} runs per property)`, () => {
  it('GET `query` parameter and POST body decode to the same query, for any unicode', async () => {
    const send = bothForms();
    await checkAsync(
      fc.asyncProperty(query, async (q) => {
        const [viaGet, viaPost] = await send((api) => api.dryRun(q));
        const fromGet = decode(viaGet);
        const fromPost = decode(viaPost);
        expect(viaGet.method).toBe('GET');
        expect(viaPost.method).toBe('POST');
        expect(fromGet).toEqual(fromPost);
        expect(fromGet).toEqual(viaJson(q));
      }),
      20_000,
    );
  });

  it('the automatic switch to POST for long URLs keeps the query intact; the URL stays ≤ 2,000 characters', async () => {
    const auto = client();
    const long = fc.array(fc.string({ unit: 'binary', minLength: 50, maxLength: 200 }), {
      minLength: 0,
      maxLength: 40,
    });
    await checkAsync(
      fc.asyncProperty(query, long, async (q, values) => {
        auto.sent.length = 0;
        const big = { ...q, filters: [{ member: 'Orders.status', operator: 'equals', values }] } as Query;
        await auto.api.dryRun(big);
        const [sent] = auto.sent;
        expect(sent.url.length <= 2000 || sent.method === 'POST').toBe(true);
        expect(decode(sent)).toEqual(viaJson(big));
      }),
      20_000,
    );
  });

  it('load sends the same query in both forms (with queryType multi)', async () => {
    const send = bothForms();
    await checkAsync(
      fc.asyncProperty(query, async (q) => {
        const [viaGet, viaPost] = await send((api) => api.load(q).catch(() => undefined));
        expect(new URL(viaGet.url).searchParams.get('queryType')).toBe('multi');
        expect(JSON.parse(viaPost.body ?? '{}')).toMatchObject({ queryType: 'multi' });
        expect(decode(viaGet)).toEqual(decode(viaPost));
      }),
      20_000,
    );
  });
});
