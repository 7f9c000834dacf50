// A Cube server that dies while a client is waiting on it: the load fails with a RequestError
// that says what happened, instead of hanging or polling forever. A private server is used so
// the rest of the run keeps its own.
import { cubejs, RequestError } from '../../src/index';
import { signCubeToken } from '../../src/server/index';
import { startCube, type CubeHandle } from './harness.mjs';
import { freshMarker, stack } from './support/stack';

let doomed: CubeHandle;

beforeAll(async () => {
  doomed = await startCube({ pg: stack.pg, secret: stack.secret, dir: stack.dir });
}, 60000);

afterAll(async () => {
  await doomed?.stop();
});

test('killing the server during Continue-wait polling fails the load with a NETWORK_ERROR RequestError', async () => {
  const token = await signCubeToken({
    secret: stack.secret,
    expiresIn: '1h',
    securityContext: { tenant: 'acme' },
  });
  const api = cubejs(token, { apiUrl: doomed.apiUrl, networkErrorRetries: 1 });
  let polls = 0;
  const started = Date.now();
  const error = await api
    .load(
      {
        measures: ['Slow.answer'],
        filters: [{ member: 'Slow.label', operator: 'notEquals', values: [freshMarker()] }],
      },
      {
        progressCallback: () => {
          polls += 1;
          if (polls === 1) process.kill(doomed.pid, 'SIGKILL');
        },
      },
    )
    .catch((e: unknown) => e);
  expect(polls).toBe(1);
  expect(error).toBeInstanceOf(RequestError);
  expect(error).toMatchObject({ code: 'NETWORK_ERROR', status: 0 });
  expect((error as Error).message).toMatch(/load.*network error/);
  expect(Date.now() - started).toBeLessThan(15000);
}, 30000);
