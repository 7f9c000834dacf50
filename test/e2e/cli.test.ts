// The `cube-token` command from the build (dist/cli.cjs), its token used as is.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cubejs } from '../../src/index';
import { startRecordingProxy } from './support/proxy';
import { expectedTotals, stack } from './support/stack';

const cli = fileURLToPath(new URL('../../dist/cli.cjs', import.meta.url));

test('a token printed by cube-token is accepted by the server and carries its security context', async () => {
  expect(existsSync(cli)).toBe(true); // `npm run build` must run before the e2e suites
  // The secret comes from the environment, as the CLI's help recommends over -s.
  const token = execFileSync(process.execPath, [cli, '-e', '1h', '-p', 'tenant=globex'], {
    env: { ...process.env, CUBEJS_API_SECRET: stack.secret },
    encoding: 'utf8',
  }).trim();
  expect(token.split('.')).toHaveLength(3);

  const proxy = await startRecordingProxy(stack.apiUrl);
  try {
    const rs = await cubejs(token, { apiUrl: proxy.apiUrl }).load({ measures: ['Orders.count'] });
    expect(Number(rs.tablePivot()[0]['Orders.count'])).toBe(expectedTotals('globex').count);
    expect(proxy.of('/load').map((e) => [e.status, e.authorization])).toEqual([[200, token]]);
  } finally {
    await proxy.close();
  }
});
