import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import cubejs, { RequestError } from '../../../src/index';
import { API_URL, countingTokenFn } from '../../support/fixtures';

const GRAPHQL_URL = 'http://cube.test/cubejs-api/graphql';
const seen: { authorization: string | null; body: unknown; url: string }[] = [];
let reply: (index: number, authorization: string | null) => Response = () =>
  HttpResponse.json({ data: { cube: [{ orders: { count: 3 } }] } });

const server = setupServer(
  http.post(GRAPHQL_URL, async ({ request }) => {
    const authorization = request.headers.get('authorization');
    seen.push({ authorization, body: await request.json(), url: request.url });
    return reply(seen.length - 1, authorization);
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  seen.length = 0;
  reply = () => HttpResponse.json({ data: { cube: [{ orders: { count: 3 } }] } });
});
afterAll(() => server.close());

const QUERY = 'query Orders($limit: Int) { cube(limit: $limit) { orders { count } } }';

it('POSTs the query and variables beside the REST API, with the token, and returns data', async () => {
  const data = await cubejs('tok', { apiUrl: API_URL }).graphql(QUERY, { limit: 5 });
  expect(data).toEqual({ cube: [{ orders: { count: 3 } }] });
  expect(seen).toEqual([
    { authorization: 'tok', body: { query: QUERY, variables: { limit: 5 } }, url: GRAPHQL_URL },
  ]);
});

it('GraphQL errors → RequestError GRAPHQL_ERROR with the reply', async () => {
  reply = () => HttpResponse.json({ errors: [{ message: 'Cannot query field "nope"' }] });
  const error = (await cubejs('tok', { apiUrl: API_URL })
    .graphql(QUERY)
    .catch((e: unknown) => e)) as RequestError;
  expect(error.code).toBe('GRAPHQL_ERROR');
  expect(error.message).toBe('Cannot query field "nope"');
  expect(error.response).toEqual({ errors: [{ message: 'Cannot query field "nope"' }] });
});

it('polls again on "Continue wait" and refreshes a rejected token once, like REST', async () => {
  const tokenFn = countingTokenFn(['old', 'new']);
  reply = (index, authorization) => {
    if (authorization === 'old') return HttpResponse.json({ error: 'Invalid token' }, { status: 403 });
    if (index < 3) return HttpResponse.json({ errors: [{ message: 'Continue wait' }] });
    return HttpResponse.json({ data: { ok: true } });
  };
  const progress: unknown[] = [];
  const data = await cubejs(tokenFn, { apiUrl: API_URL }).graphql(QUERY, undefined, {
    progressCallback: (p) => progress.push(p),
  });
  expect(data).toEqual({ ok: true });
  expect(tokenFn.calls).toBe(2);
  expect(seen.map((s) => s.authorization)).toEqual(['old', 'new', 'new', 'new']);
  expect(progress).toHaveLength(2);
});
