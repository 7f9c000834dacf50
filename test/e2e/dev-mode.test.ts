// Cube in dev mode (CUBEJS_DEV_MODE=true) next to the production-mode server of the run, on the
// same database: it answers without a token and ignores a bad one, which is what a client with
// no token at all (`cubejs(null, ...)`) relies on.
import cube from '@cubejs-client/core';
import cubejs, { RequestError } from '../../src/index';
import { startCube, type CubeHandle } from './harness.mjs';
import { startRecordingProxy } from './support/proxy';
import { expectedTotals, stack } from './support/stack';
import { wrongSecretToken } from './support/tokens';

let dev: CubeHandle;

beforeAll(async () => {
  dev = await startCube({ pg: stack.pg, secret: stack.secret, devMode: true, dir: stack.dir });
}, 60000);

afterAll(async () => {
  await dev?.stop();
});

test('a dev-mode server answers a request without an Authorization header', async () => {
  const res = await fetch(
    `${dev.apiUrl}/load?query=${encodeURIComponent(JSON.stringify({ measures: ['Orders.count'] }))}`,
  );
  expect(res.status).toBe(200);
  const body = (await res.json()) as { data: Record<string, string>[] };
  expect(Number(body.data[0]['Orders.count'])).toBe(expectedTotals().count);
});

test('a dev-mode server does not enforce the token, unlike the production-mode one', async () => {
  const token = wrongSecretToken({ tenant: 'acme' });
  const devResult = await cube(token, { apiUrl: dev.apiUrl }).load({ measures: ['Orders.count'] });
  // The bad token is ignored, so no tenant filter applies.
  expect(Number(devResult.tablePivot()[0]['Orders.count'])).toBe(expectedTotals().count);
  await expect(
    cube(token, { apiUrl: stack.apiUrl }).load({ measures: ['Orders.count'] }),
  ).rejects.toMatchObject({
    status: 403,
  });
});

test('our dev-mode client (null token, or options only) sends no Authorization header and gets data', async () => {
  const proxy = await startRecordingProxy(dev.apiUrl);
  try {
    for (const api of [cubejs(null, { apiUrl: proxy.apiUrl }), cubejs({ apiUrl: proxy.apiUrl })]) {
      const resultSet = await api.load({ measures: ['Orders.count'] });
      expect(Number(resultSet.tablePivot()[0]['Orders.count'])).toBe(expectedTotals().count);
    }
    expect(proxy.of('/load')).toHaveLength(2);
    expect(proxy.of('/load').map((exchange) => exchange.authorization)).toEqual([undefined, undefined]);
  } finally {
    await proxy.close();
  }
});

test('our dev-mode client against a server that requires a token: AUTH_FAILED saying so', async () => {
  const error = (await cubejs(null, { apiUrl: stack.apiUrl })
    .load({ measures: ['Orders.count'] })
    .catch((e: unknown) => e)) as RequestError;
  expect(error).toBeInstanceOf(RequestError);
  expect(error.code).toBe('AUTH_FAILED');
  expect(error.status).toBe(403);
  expect(error.message).toMatch(/requires a token/);
});
