// Real time against the real Cube 0.33 with WebSockets on (processSubscriptionsInterval 1 s, the
// Live cube's one-second refresh key): pushes after an INSERT, tokens that expire under a live
// connection, a Cube restart, tokens that are always rejected, unsubscribe from the callback,
// and a Node process that exits by itself. Figures the issue asks for are printed as [ws] lines.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { cubejs, RequestError, type TokenFunction } from '../../src/index';
import { WebSocketTransport } from '../../src/ws/index';
import { root, runNodeChild } from '../support/nodeChild';
import { startCube, type CubeHandle } from './harness.mjs';
import { startCuttableProxy } from './support/cuttableProxy';
import {
  insertLive,
  liveQuery,
  median,
  newChannel,
  recordingWebSocket,
  sleep,
  watchCount,
} from './support/live';
import { stack } from './support/stack';
import { referenceToken, wrongSecretToken } from './support/tokens';

const wsUrl = (baseUrl: string) => baseUrl.replace(/^http/, 'ws') + '/';
const report = (line: string) => process.stderr.write(`[ws] ${line}\n`);
const open: WebSocketTransport[] = [];
const closeAfter: { close(): Promise<void> }[] = [];

function transport(options: Partial<ConstructorParameters<typeof WebSocketTransport>[0]> = {}) {
  const created = new WebSocketTransport({
    apiUrl: wsUrl(stack.baseUrl),
    ...recordingWebSocket(),
    ...options,
  });
  open.push(created);
  return created;
}

/** Our client with `ws` as its transport, which hands the transport its token rules (`useTokenSource`). */
const withClient = (ws: WebSocketTransport, token: TokenFunction) =>
  cubejs(token, { apiUrl: stack.apiUrl, transport: ws });

afterEach(async () => {
  for (const created of [...open.splice(0), ...closeAfter.splice(0)]) await created.close();
});

test('an INSERT in PostgreSQL arrives as a pushed result', async () => {
  const channel = newChannel();
  const ws = transport();
  withClient(ws, () => referenceToken({}, { expiresIn: 600 }));
  const watch = watchCount(ws, channel);
  await watch.reach(0);
  const latencies: number[] = [];
  for (let inserted = 1; inserted <= 5; inserted += 1) {
    const before = Date.now();
    insertLive(channel);
    latencies.push((await watch.reach(inserted, 10000)) - before);
  }
  report(`push latency after INSERT: median ${median(latencies)} ms (${latencies.join(', ')} ms)`);
  expect(watch.counts.at(-1)?.count).toBe(5);
  expect(watch.failures).toEqual([]);
  expect(median(latencies)).toBeLessThan(5000);
}, 60000);

test('through our client: cubeApi.subscribe gets each INSERT as a ResultSet, no polling', async () => {
  const channel = newChannel();
  const { WebSocket, record } = recordingWebSocket();
  const ws = transport({ WebSocket });
  const cubeApi = withClient(ws, () => referenceToken({}, { expiresIn: 600 }));
  const counts: number[] = [];
  const errors: unknown[] = [];
  const reached = (n: number) =>
    new Promise<void>((resolve) => {
      const check = () => (counts.includes(n) ? resolve() : setTimeout(check, 20));
      check();
    });
  const subscription = cubeApi.subscribe(liveQuery(channel), {}, (error, resultSet) => {
    if (error) errors.push(error);
    else counts.push(Number(resultSet?.rawData()[0]['Live.count']));
  });
  await reached(0);
  insertLive(channel);
  await reached(1);
  await subscription.unsubscribe();
  expect(errors).toEqual([]);
  expect(ws.getConnectionState().status).toBe('open');
  // One socket, and the query went over it as one subscription (Cube re-runs it; nobody polls).
  expect(record.attempts).toHaveLength(1);
  const subscribed = new Set(record.frames.map((f) => f.frame.messageId).filter((id) => id !== undefined));
  expect(subscribed.size).toBe(1);
}, 30000);

test('5-second tokens, the connection cut after each expiry: pushes go on, one token per connection', async () => {
  const proxy = await startCuttableProxy(Number(new URL(stack.baseUrl).port));
  closeAfter.push(proxy);
  const channel = newChannel();
  let tokenCalls = 0;
  let issuedAt = 0;
  const { WebSocket, record } = recordingWebSocket();
  const ws = transport({ apiUrl: proxy.url, WebSocket });
  withClient(ws, () => {
    tokenCalls += 1;
    issuedAt = Date.now();
    return referenceToken({}, { expiresIn: 5 });
  });
  const watch = watchCount(ws, channel);
  await watch.reach(0);
  const started = Date.now();
  let inserted = 0;
  let cuts = 0;
  while (Date.now() - started < 30000) {
    insertLive(channel);
    inserted += 1;
    await watch.reach(inserted, 15000);
    // The open connection authenticated with the newest token; once that one has expired, cut,
    // so the reconnect needs a token that is valid now (Cube would refuse the old one).
    if (ws.getConnectionState().status === 'open' && Date.now() - issuedAt > 5200) {
      proxy.cut();
      cuts += 1;
    }
    await sleep(1000);
  }
  // One more change after the last cut: the connection it needed is back.
  insertLive(channel);
  await watch.reach(++inserted, 30000);
  report(
    `30 s with 5 s tokens and ${cuts} cuts: ${tokenCalls} token calls, ${record.attempts.length} connections, ${inserted} pushes`,
  );
  expect(cuts).toBeGreaterThanOrEqual(2);
  expect(watch.failures).toEqual([]);
  // One for the first connection and one per reconnect after an expiry; never a loop.
  expect(tokenCalls).toBe(cuts + 1);
  expect(record.attempts.length).toBe(cuts + 1);
  // No handshake was rejected: each reconnect used a token valid at that moment.
  expect(record.frames.filter((f) => f.frame.status === 403)).toEqual([]);
}, 90000);

describe('a private Cube that is killed and restarted on the same port', () => {
  let cube: CubeHandle;
  beforeAll(async () => {
    cube = await startCube({ pg: stack.pg, secret: stack.secret, dir: stack.dir });
  }, 60000);
  afterAll(() => cube?.stop());

  test('the subscription resumes by itself and delivers the next change, with few attempts', async () => {
    const channel = newChannel();
    const { WebSocket, record } = recordingWebSocket();
    const ws = transport({ apiUrl: wsUrl(cube.baseUrl), WebSocket });
    withClient(ws, () => referenceToken({}, { expiresIn: 600 }));
    const watch = watchCount(ws, channel);
    await watch.reach(0);
    const killedAt = Date.now();
    process.kill(cube.pid, 'SIGKILL');
    await sleep(3000);
    const attemptsIn3s = record.attempts.length - 1;
    cube = await startCube({ pg: stack.pg, secret: stack.secret, dir: stack.dir, port: cube.port });
    const downMs = Date.now() - killedAt;
    const attemptsWhileDown = record.attempts.length - 1;
    insertLive(channel);
    const resumedAt = await watch.reach(1, 60000);
    report(
      `Cube restart: ${attemptsIn3s} attempts in the first 3 s of the outage, ${attemptsWhileDown} while down (${downMs} ms), ` +
        `resumed ${resumedAt - killedAt} ms after the kill, ${record.attempts.length - 1} reconnect attempts in all`,
    );
    expect(ws.getConnectionState().status).toBe('open');
    expect(attemptsIn3s).toBeLessThanOrEqual(2);
    // A growing backoff: about log2(outage / 5 s) + 1 attempts, never one per millisecond.
    expect(record.attempts.length - 1).toBeLessThanOrEqual(5);
    expect(watch.failures).toEqual([]);
  }, 150000);
});

test('every token rejected: one refresh, AUTH_FAILED to the callback, then silence', async () => {
  let tokenCalls = 0;
  const { WebSocket, record } = recordingWebSocket();
  const ws = transport({ WebSocket });
  withClient(ws, () => {
    tokenCalls += 1;
    return wrongSecretToken();
  });
  const watch = watchCount(ws, newChannel());
  await watch.reach(Infinity, 5000).catch(() => undefined);
  expect(watch.failures).toHaveLength(1);
  const failure = watch.failures[0].failure;
  expect(failure).toBeInstanceOf(RequestError);
  expect(failure).toMatchObject({ code: 'AUTH_FAILED', status: 403 });
  expect(failure?.message).toMatch(/Invalid token/);
  await sleep(3000);
  expect(tokenCalls).toBe(2);
  expect(watch.failures).toHaveLength(1);
  expect(record.attempts).toHaveLength(1);
  expect(record.frames.map((f) => f.frame.status)).toEqual([403, 403]);
  expect(ws.getConnectionState()).toMatchObject({ status: 'closed', error: failure });
}, 30000);

test('unsubscribe inside the callback: the server stops pushing that subscription', async () => {
  const { WebSocket, record } = recordingWebSocket();
  const ws = transport({ WebSocket });
  withClient(ws, () => referenceToken({}, { expiresIn: 600 }));
  const stopped = newChannel();
  const kept = newChannel();
  const keep = watchCount(ws, kept); // keeps the socket open, so silence is the server's
  let stopAt = 0;
  const stop: { current?: ReturnType<typeof watchCount> } = {};
  stop.current = watchCount(ws, stopped, (count) => {
    if (count >= 1 && !stopAt) {
      stopAt = Date.now();
      void stop.current?.unsubscribe();
    }
  });
  await keep.reach(0);
  await stop.current.reach(0);
  insertLive(stopped);
  await stop.current.reach(1);
  await sleep(200);
  const stoppedId = record.frames.find(
    (f) =>
      f.at <= stopAt &&
      f.frame.messageId &&
      (f.frame.message as { results?: unknown }).results &&
      JSON.stringify(f.frame.message).includes(stopped),
  )?.frame.messageId;
  expect(stoppedId).toBeDefined();
  insertLive(stopped, 2);
  insertLive(kept);
  await keep.reach(1);
  await sleep(3000);
  const afterStop = record.frames.filter(
    (f) =>
      f.at > stopAt + 100 && (f.frame.messageId === stoppedId || f.frame.messageProcessedId === stoppedId),
  );
  expect(afterStop).toEqual([]);
  expect(record.frames.some((f) => f.at > stopAt + 100 && f.frame.messageProcessedId !== undefined)).toBe(
    true,
  );
}, 30000);

test('a Node process with a subscription exits by itself once it unsubscribes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cube-client-ws-child-'));
  try {
    const bundle = join(dir, 'ws.mjs');
    await build({
      entryPoints: [`${root}src/ws/index.ts`],
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'es2022',
      outfile: bundle,
      logLevel: 'silent',
    });
    const wsModule = pathToFileURL(createRequire(`${root}package.json`).resolve('ws')).href;
    const script = join(dir, 'child.mjs');
    writeFileSync(
      script,
      `import { WebSocketTransport } from ${JSON.stringify(pathToFileURL(bundle).href)};
import ws from ${JSON.stringify(wsModule)};
const [url, token, query] = process.argv.slice(2);
const transport = new WebSocketTransport({ apiUrl: url, authorization: token, WebSocket: ws });
const request = transport.request('subscribe', { query: JSON.parse(query), queryType: 'multi' });
const started = Date.now();
request.subscribe((reply) => {
  console.log('pushed', reply.status, Date.now() - started);
  return request.unsubscribe();
});
`,
    );
    const started = Date.now();
    const child = await runNodeChild(
      script,
      [wsUrl(stack.baseUrl), referenceToken(), JSON.stringify(liveQuery(newChannel()))],
      15000,
    );
    report(`child process exited ${Date.now() - started} ms after start (${child.stdout.trim()})`);
    expect(child.exit).toBe(0);
    expect(child.stdout).toMatch(/^pushed 200/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 30000);
