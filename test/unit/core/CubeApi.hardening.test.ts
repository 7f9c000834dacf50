/**
 * Issue #19's protocol defects (3, 6, 7, 9): each test here failed before the fix.
 */
import { jest } from '@jest/globals';
import { HttpResponse } from 'msw';
import cubejs, { RequestError } from '../../../src/index';
import { API_URL, countingTokenFn, json, loadBody, useFakeCube } from '../../support/fixtures';

const cube = useFakeCube();
const query = { measures: ['Orders.count'] };

async function failure(promise: Promise<unknown>): Promise<RequestError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RequestError);
  return error as RequestError;
}

describe('#19.3 auth failures are recognised from the status first', () => {
  it.each([
    [
      'an HTML body',
      () =>
        new HttpResponse('<html><h1>401 Authorization Required</h1></html>', {
          status: 401,
          headers: { 'content-type': 'text/html' },
        }),
    ],
    ['an empty body', () => new HttpResponse(null, { status: 401 })],
  ])("a gateway's 401 with %s refreshes the token once", async (_label, unauthorized) => {
    cube.answer((request) => (request.authorization === 'revoked' ? unauthorized() : json(loadBody(2))));
    const tokens = countingTokenFn(['revoked', 'fresh']);
    const resultSet = await cubejs(tokens, { apiUrl: API_URL }).load(query);
    expect(resultSet.rawData()).toEqual([{ 'Orders.count': '2' }]);
    expect(cube.seen.map((r) => r.authorization)).toEqual(['revoked', 'fresh']);
  });

  it('a 401 that persists is AUTH_FAILED after one retry, not BAD_RESPONSE', async () => {
    cube.answer(() => new HttpResponse('<html>no</html>', { status: 401 }));
    const error = await failure(cubejs(countingTokenFn(['a', 'b']), { apiUrl: API_URL }).load(query));
    expect([error.code, error.status, cube.seen.length]).toEqual(['AUTH_FAILED', 401, 2]);
  });
});

describe('#19.6 "Continue wait" is polled only when it is one, and never in a busy loop', () => {
  it('a 500 saying "Continue wait" and a 200 that merely contains the words are errors, not polls', async () => {
    cube.answer(() => json({ error: 'Continue wait' }, 500));
    const server = await failure(cubejs('t', { apiUrl: API_URL }).load(query));
    expect([server.code, server.status, cube.seen.length]).toEqual(['HTTP_ERROR', 500, 1]);
    cube.reset();
    cube.answer(() => json({ error: 'Continue wait for the maintenance window to end' }));
    const wordy = await failure(cubejs('t', { apiUrl: API_URL }).load(query));
    expect([wordy.message, cube.seen.length]).toEqual(['Continue wait for the maintenance window to end', 1]);
  });

  it('an instant "Continue wait" is followed by a short, growing pause', async () => {
    cube.answer(() => json({ error: 'Continue wait' }));
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 600);
    const api = cubejs('t', { apiUrl: API_URL, random: () => 0.5 });
    const error = await failure(api.load(query, { signal: stop.signal }));
    expect(error.code).toBe('ABORTED');
    // Pauses of 100, 150, 250, 450 ms: about four polls in 600 ms (thousands before the fix).
    expect(cube.seen.length).toBeGreaterThanOrEqual(2);
    expect(cube.seen.length).toBeLessThanOrEqual(6);
  });

  it("listeners on the caller's signal are added once per call, not once per poll", async () => {
    cube.answer((_r, i) => (i < 6 ? json({ error: 'Continue wait' }) : json(loadBody(6))));
    const caller = new AbortController();
    const added = jest.spyOn(caller.signal, 'addEventListener');
    const resultSet = await cubejs(countingTokenFn(['t']), { apiUrl: API_URL, random: () => 0 }).load(query, {
      signal: caller.signal,
    });
    expect(resultSet.rawData()).toEqual([{ 'Orders.count': '6' }]);
    expect(cube.seen).toHaveLength(7);
    expect(added).toHaveBeenCalledTimes(1);
  });
});

describe('#19.7 every reply is checked for the shape its method needs', () => {
  it.each([['null'], ['{}'], ['[]'], ['{"results":[{}]}'], ['{"results":[{"data":[]}]}'], ['"text"']])(
    'load answered %s → BAD_RESPONSE',
    async (body) => {
      cube.answer(() => new HttpResponse(body, { headers: { 'content-type': 'application/json' } }));
      const error = await failure(cubejs('t', { apiUrl: API_URL }).load(query));
      expect([error.code, error.status]).toEqual(['BAD_RESPONSE', 200]);
    },
  );

  it.each([
    ['meta', (api: ReturnType<typeof cubejs>) => api.meta()],
    ['sql', (api: ReturnType<typeof cubejs>) => api.sql(query)],
    ['dryRun', (api: ReturnType<typeof cubejs>) => api.dryRun(query)],
    [
      'subscribe-free load with compact rows missing',
      (api: ReturnType<typeof cubejs>) => api.load(query, {}, undefined, 'compact'),
    ],
  ])('%s answered null → BAD_RESPONSE', async (_label, call) => {
    cube.answer(() => new HttpResponse('null', { headers: { 'content-type': 'application/json' } }));
    const error = await failure(call(cubejs('t', { apiUrl: API_URL })));
    expect(error.code).toBe('BAD_RESPONSE');
  });

  it('{"error":"boom"} with status 200 is a RequestError carrying "boom"', async () => {
    cube.answer(() => json({ error: 'boom' }));
    const api = cubejs('t', { apiUrl: API_URL });
    for (const call of [api.load(query), api.meta(), api.sql(query), api.dryRun(query)]) {
      const error = await failure(call);
      expect([error.code, error.message, error.status]).toEqual(['HTTP_ERROR', 'boom', 200]);
    }
  });
});

describe('#19.9 header names are compared case-insensitively', () => {
  it('the managed token wins over a user authorization of any spelling; without a token the header is sent', async () => {
    for (const name of ['authorization', 'Authorization', 'AUTHORIZATION']) {
      await cubejs('TOKEN', { apiUrl: API_URL, headers: { [name]: 'Bearer other' } }).load(query);
    }
    await cubejs(null, { apiUrl: API_URL, headers: { authorization: 'Bearer app' } }).load(query);
    expect(cube.seen.map((r) => r.authorization)).toEqual(['TOKEN', 'TOKEN', 'TOKEN', 'Bearer app']);
  });

  it('the managed x-request-id and content-type win as well', async () => {
    const headers = { 'X-Request-ID': 'mine', 'content-TYPE': 'text/plain', 'X-Tenant': 'acme' };
    await cubejs('t', { apiUrl: API_URL, headers, method: 'POST' }).load(query, { baseRequestId: 'base' });
    const [seen] = cube.seen;
    expect([seen.requestId, seen.headers.get('content-type'), seen.headers.get('x-tenant')]).toEqual([
      'base-span-1',
      'application/json',
      'acme',
    ]);
  });
});
