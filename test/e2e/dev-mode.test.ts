// Cube in dev mode (CUBEJS_DEV_MODE=true) next to the production-mode server of the run, on the
// same database: it answers without a token and ignores a bad one, which is what a client with
// no token at all (`cubejs(null, ...)`) relies on.
import cube from '@cubejs-client/core';
import { startCube, type CubeHandle } from './harness.mjs';
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
