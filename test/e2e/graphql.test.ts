// Cube's GraphQL API through `cubeApi.graphql()`, with real tokens: the security context reaches
// the server (the tenant filter applies), and a rejected token is replaced once, as for REST.
import cubejs from '../../src/index';
import { signCubeToken } from '../../src/server/index';
import { startRecordingProxy } from './support/proxy';
import { expectedTotals, stack } from './support/stack';
import { wrongSecretToken } from './support/tokens';

const QUERY = 'query { cube { orders { count } } }';
type Reply = { cube: { orders: { count: number } }[] };

test('graphql() returns data filtered by the token’s security context', async () => {
  for (const tenant of ['acme', 'globex']) {
    const api = cubejs(
      () => signCubeToken({ secret: stack.secret, expiresIn: '5m', securityContext: { tenant } }),
      {
        apiUrl: stack.apiUrl,
      },
    );
    const data = await api.graphql<Reply>(QUERY);
    expect(data.cube[0].orders.count).toBe(expectedTotals(tenant).count);
  }
});

test('graphql(): a token the server rejects is replaced once and the retry succeeds', async () => {
  const proxyUrl = new URL(stack.apiUrl);
  const proxy = await startRecordingProxy(`${proxyUrl.origin}/cubejs-api`);
  try {
    let calls = 0;
    const api = cubejs(
      async () => {
        calls += 1;
        return calls === 1
          ? wrongSecretToken({ tenant: 'acme' })
          : signCubeToken({ secret: stack.secret, expiresIn: '5m', securityContext: { tenant: 'acme' } });
      },
      { apiUrl: `${proxy.apiUrl}/v1` },
    );
    const data = await api.graphql<Reply>(QUERY);
    expect(data.cube[0].orders.count).toBe(expectedTotals('acme').count);
    expect(calls).toBe(2);
    expect(proxy.of('/graphql').map((exchange) => exchange.status)).toEqual([403, 200]);
  } finally {
    await proxy.close();
  }
});
