// The WebSocket transport against a loopback server that speaks Cube's protocol: what goes on
// the wire, the token rules at the handshake, reconnects, heartbeats and the lifecycle.
import WebSocket from 'ws';
import { RequestError } from '../../src/errors/RequestError';
import { TokenError } from '../../src/errors/TokenError';
import type { TransportTokenSource } from '../../src/transport/types';
import {
  WebSocketTransport,
  type WebSocketConstructor,
  type WebSocketTransportOptions,
} from '../../src/ws/index';
import type { WebSocketResult } from '../../src/ws/WebSocketResult';
import { startFakeCube, type FakeCube } from './fakeCube';

const Ctor = WebSocket as unknown as WebSocketConstructor;
let cube: FakeCube;
let transports: WebSocketTransport[];

beforeEach(async () => {
  cube = await startFakeCube();
  transports = [];
});

afterEach(async () => {
  for (const transport of transports) await transport.close();
  await cube.close();
});

function transport(options: Partial<WebSocketTransportOptions> = {}): WebSocketTransport {
  const created = new WebSocketTransport({
    apiUrl: cube.url,
    WebSocket: Ctor,
    reconnectDelay: 80,
    idleTimeout: 50,
    random: () => 0.5,
    ...options,
  });
  transports.push(created);
  return created;
}

/** A token source like the client's: counts calls, hands out `token-1`, `token-2`, ... */
function tokenSource(options: { rejectWith?: Error } = {}) {
  let issued = 0;
  const identity: (() => void)[] = [];
  const source = {
    getTokenCalls: 0,
    rejectedCalls: [] as (string | undefined)[],
    acceptedCalls: [] as (string | undefined)[],
    current: 'token-0',
    getToken() {
      source.getTokenCalls += 1;
      if (source.current === 'token-0') source.current = `token-${++issued}`;
      return Promise.resolve(source.current);
    },
    rejected(token: string | undefined) {
      source.rejectedCalls.push(token);
      if (options.rejectWith) return Promise.reject(options.rejectWith);
      source.current = `token-${++issued}`;
      return Promise.resolve(source.current);
    },
    accepted(token: string | undefined) {
      source.acceptedCalls.push(token);
    },
    onIdentityChange(listener: () => void) {
      identity.push(listener);
      return () => undefined;
    },
    changeIdentity() {
      source.current = 'token-0';
      for (const listener of identity) listener();
    },
  };
  return source satisfies TransportTokenSource;
}

/** Collects the replies of a subscription, asking for the next one after each. */
function collect(
  request: ReturnType<WebSocketTransport['request']>,
  onReply?: (reply: WebSocketResult) => void,
) {
  const replies: WebSocketResult[] = [];
  const waiters: (() => void)[] = [];
  void request.subscribe(function next(reply, more): Promise<void> | void {
    replies.push(reply);
    onReply?.(reply);
    for (const waiter of waiters.splice(0)) waiter();
    if (!reply.failure) return more();
  });
  return {
    replies,
    until: (count: number) =>
      new Promise<void>((resolve) => {
        const check = () => (replies.length >= count ? resolve() : waiters.push(check));
        check();
      }),
  };
}

const frames = (key: string) => cube.received.filter((r) => key in r.frame);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Waits until `check()` holds (a loaded CI machine makes every fixed pause a guess). */
async function eventually(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not true within ${ms} ms: ${String(check)}`);
    await sleep(10);
  }
}
const query = { measures: ['Live.count'] };

test('authenticates first, then sends only the params Cube reads; the token never goes into the URL', async () => {
  const ws = transport({ authorization: 'secret-token' });
  const reply = await ws
    .request('load', {
      query,
      queryType: 'multi',
      baseRequestId: 'req-1',
      cache: 'stale-if-slow',
      signal: undefined,
    })
    .subscribe((r) => r.json());
  expect(cube.received.map((r) => Object.keys(r.frame))).toEqual([
    ['authorization'],
    ['messageId', 'requestId', 'method', 'params'],
  ]);
  expect(cube.received[0].frame).toEqual({ authorization: 'secret-token' });
  expect(cube.received[1].frame).toEqual({
    messageId: 1,
    requestId: 'req-1',
    method: 'load',
    params: { query, queryType: 'multi' },
  });
  expect(reply).toEqual({ method: 'load', params: { query, queryType: 'multi' } });
  expect(cube.urls.join()).not.toContain('secret-token');
});

test('meta sends no params, sql and dry-run only the query', async () => {
  const ws = transport({ authorization: 't' });
  for (const method of ['meta', 'sql', 'dry-run']) {
    await ws.request(method, { query, queryType: 'multi', extra: 1 }).subscribe((r) => r.json());
  }
  expect(frames('method').map((r) => r.frame.params)).toEqual([{}, { query }, { query }]);
});

test('a reply is read like a fetch Response: status, ok, json(), text(), clone()', async () => {
  cube.onRequest = (_frame, reply) => reply({ error: 'Bad query' }, 400);
  const ws = transport({ authorization: 't' });
  const reply = await ws.request('load', { query }).subscribe((r) => r);
  expect(reply).toMatchObject({ status: 400, ok: false, body: { error: 'Bad query' } });
  expect(reply.failure).toBeUndefined();
  await expect(reply.clone().text()).resolves.toBe('{"error":"Bad query"}');
});

test('a load answered "Continue wait" is sent again (same messageId) when the client asks for the next reply', async () => {
  let asked = 0;
  cube.onRequest = (_frame, reply) => reply(++asked < 3 ? { error: 'Continue wait' } : { data: 'done' });
  const ws = transport({ authorization: 't' });
  const bodies: unknown[] = [];
  const last = await ws
    .request('load', { query })
    .subscribe(async function onReply(r, next): Promise<unknown> {
      const body = await r.json();
      bodies.push(body);
      return (body as { error?: string }).error ? next() : body;
    });
  expect(last).toEqual({ data: 'done' });
  expect(bodies).toHaveLength(3);
  expect(frames('method').map((r) => r.frame.messageId)).toEqual([1, 1, 1]);
});

test('the socket closes after the last request ends, and opens again for the next', async () => {
  const ws = transport({ authorization: 't' });
  await ws.request('meta').subscribe((r) => r.json());
  expect(ws.getConnectionState().status).toBe('open');
  await eventually(() => cube.openSockets() === 0);
  expect(ws.getConnectionState()).toEqual({ status: 'closed' });
  await ws.request('meta').subscribe((r) => r.json());
  expect(cube.connections).toBe(2);
});

test('pushed results reach the subscriber; unsubscribe from inside the callback reaches the server', async () => {
  cube.onRequest = (frame, reply) => reply({ n: 0, id: frame.messageId });
  const ws = transport({ authorization: 't' });
  const subscription = ws.request('subscribe', { query, queryType: 'multi' });
  const { replies, until } = collect(subscription, (reply) => {
    if ((reply.body as { n: number }).n === 2) void subscription.unsubscribe();
  });
  await until(1);
  cube.push(1, { n: 1 });
  await until(2);
  cube.push(1, { n: 2 });
  await cube.waitFor((r) => r.frame.unsubscribe === 1);
  cube.push(1, { n: 3 });
  await sleep(100);
  expect(replies.map((r) => (r.body as { n: number }).n)).toEqual([0, 1, 2]);
  await eventually(() => cube.openSockets() === 0);
});

test('a rejected handshake: one fresh token on the same socket, and the subscription goes on', async () => {
  const source = tokenSource();
  cube.accept = (token) => token === 'token-2';
  const ws = transport();
  ws.useTokenSource(source);
  const { replies, until } = collect(ws.request('subscribe', { query }));
  await until(1);
  expect(source.rejectedCalls).toEqual(['token-1']);
  expect(cube.connections).toBe(1);
  expect(frames('authorization').map((r) => r.frame.authorization)).toEqual(['token-1', 'token-2']);
  expect(replies[0].status).toBe(200);
  // The handshake's success is reported, so a rejection of token-2 hours later refreshes at once.
  expect(source.acceptedCalls).toEqual(['token-2']);
});

test('a second rejection: AUTH_FAILED to the callback once, then silence, and the state says why', async () => {
  const source = tokenSource();
  cube.accept = () => false;
  const ws = transport();
  ws.useTokenSource(source);
  const { replies, until } = collect(ws.request('subscribe', { query }));
  await until(1);
  await sleep(300);
  expect(replies).toHaveLength(1);
  const failure = replies[0].failure as RequestError;
  expect(failure).toBeInstanceOf(RequestError);
  expect(failure).toMatchObject({ code: 'AUTH_FAILED', status: 403 });
  expect(failure.message).not.toContain('token-');
  expect(source.rejectedCalls).toEqual(['token-1']);
  expect(frames('authorization')).toHaveLength(2);
  expect(frames('method')).toHaveLength(0);
  expect(cube.connections).toBe(1);
  expect(ws.getConnectionState()).toEqual({ status: 'closed', error: failure });
});

test('a static token that is rejected fails at once; a token the source cannot replace surfaces its own error', async () => {
  cube.accept = () => false;
  const ws = transport({ authorization: 'static' });
  const reply = await ws.request('load', { query }).subscribe((r) => r);
  expect(reply.failure).toMatchObject({ code: 'AUTH_FAILED' });
  expect(frames('authorization')).toHaveLength(1);

  const routeDown = new TokenError('TOKEN_ROUTE_UNAUTHORIZED', 'logged out');
  const other = transport();
  other.useTokenSource(tokenSource({ rejectWith: routeDown }));
  const second = await other.request('load', { query }).subscribe((r) => r);
  expect(second.failure).toBe(routeDown);
});

test('a failing token source fails waiting requests with its error and opens no socket', async () => {
  const ws = transport();
  const error = new TokenError('TOKEN_FETCH_FAILED', 'route down');
  ws.useTokenSource({ ...tokenSource(), getToken: () => Promise.reject(error) });
  const reply = await ws.request('load', { query }).subscribe((r) => r);
  expect(reply.failure).toBe(error);
  expect(cube.connections).toBe(0);
});

test('a dropped connection: reconnect after a jittered pause with a token valid now, resubscribe, deliver', async () => {
  const source = tokenSource();
  const ws = transport({ reconnectDelay: 200 });
  ws.useTokenSource(source);
  const states: string[] = [];
  ws.subscribeConnectionState(() => states.push(ws.getConnectionState().status));
  const { replies, until } = collect(ws.request('subscribe', { query }));
  await until(1);
  const dropped = Date.now();
  cube.dropAll();
  await cube.waitFor((r) => r.connection === 2 && 'method' in r.frame);
  // random() = 0.5: the pause is 0.25 + 0.75 * 0.5 of the 200 ms window.
  expect(Date.now() - dropped).toBeGreaterThanOrEqual(120);
  expect(source.getTokenCalls).toBe(2);
  await until(2);
  expect(replies.every((r) => r.status === 200)).toBe(true);
  expect(states).toEqual(['connecting', 'open', 'reconnecting', 'open']);
  expect(ws.getConnectionState().error).toBeUndefined();
});

test('a token route down during a reconnect: the subscription waits and resumes; a logout then ends it', async () => {
  const source = tokenSource();
  let routeDownFor = 0;
  let tokenAsks = 0;
  let fail: TokenError = new TokenError('TOKEN_FETCH_FAILED', 'route down');
  const flaky: TransportTokenSource = {
    ...source,
    getToken: () => (++tokenAsks, routeDownFor-- > 0 ? Promise.reject(fail) : source.getToken()),
  };
  const ws = transport({ reconnectDelay: 60 });
  ws.useTokenSource(flaky);
  const states: string[] = [];
  ws.subscribeConnectionState(() => {
    const { status, error } = ws.getConnectionState();
    states.push(error instanceof TokenError ? `${status}:${error.code}` : status);
  });
  const { replies, until } = collect(ws.request('subscribe', { query }));
  await until(1);
  routeDownFor = 2;
  cube.dropAll();
  await until(2);
  expect(replies.map((r) => r.status)).toEqual([200, 200]);
  expect(states).toEqual(['connecting', 'open', 'reconnecting', 'reconnecting:TOKEN_FETCH_FAILED', 'open']);
  // One token for the first connection, two failed asks on the reconnect schedule, one that works.
  expect(tokenAsks).toBe(4);
  expect(cube.connections).toBe(2);
  // A logged-out user is final: the subscriber hears it once, and no socket is opened for it.
  fail = new TokenError('TOKEN_ROUTE_UNAUTHORIZED', 'logged out');
  routeDownFor = 1;
  cube.dropAll();
  await until(3);
  expect(replies[2].failure).toBe(fail);
  expect(ws.getConnectionState()).toMatchObject({ status: 'closed', error: fail });
  expect(cube.connections).toBe(2);
});

test('reconnect pauses grow while the server stays away, up to the cap', async () => {
  const url = cube.url;
  await cube.close();
  const attempts: number[] = [];
  const ObservedSocket = class extends WebSocket {
    constructor(address: string) {
      attempts.push(Date.now());
      super(address);
    }
  } as unknown as WebSocketConstructor;
  // The largest random() there is: every pause is its whole window, 100, 200, 400, then 500 ms.
  const ws = transport({
    apiUrl: url,
    WebSocket: ObservedSocket,
    reconnectDelay: 100,
    maxReconnectDelay: 500,
    random: () => 1 - 2 ** -53,
    authorization: 't',
  });
  void ws.request('subscribe', { query }).subscribe(() => undefined);
  await eventually(() => attempts.length >= 6, 10000);
  const gaps = attempts.slice(1).map((at, i) => at - attempts[i]);
  // A busy machine only adds to a pause, so the windows are floors.
  [100, 200, 400, 500, 500].forEach((floor, i) => expect(gaps[i]).toBeGreaterThanOrEqual(floor - 5));
  expect(ws.getConnectionState()).toMatchObject({ status: 'reconnecting', error: { code: 'NETWORK_ERROR' } });
  await ws.close();
  cube = await startFakeCube();
}, 15000);

test('a load in flight when the socket drops is sent again once on the new connection', async () => {
  let answer = false;
  cube.onRequest = (_frame, reply) => (answer ? reply({ data: 1 }) : cube.dropAll());
  const ws = transport({ authorization: 't' });
  const pending = ws.request('load', { query }).subscribe((r) => r.json());
  await cube.waitFor((r) => 'method' in r.frame);
  answer = true;
  await expect(pending).resolves.toEqual({ data: 1 });
  expect(frames('method').map((r) => r.connection)).toEqual([1, 2]);
});

test('a load whose connection drops twice fails with NETWORK_ERROR instead of hanging', async () => {
  cube.onRequest = () => cube.dropAll();
  const ws = transport({ authorization: 't' });
  const reply = await ws.request('load', { query }).subscribe((r) => r);
  expect(reply.failure).toBeInstanceOf(RequestError);
  expect(reply.failure).toMatchObject({ code: 'NETWORK_ERROR', status: 0 });
  expect(frames('method')).toHaveLength(2);
  await sleep(200);
  expect(cube.connections).toBe(2);
});

test('heartbeats re-send live subscriptions; a connection that stops answering is replaced', async () => {
  const ws = transport({ authorization: 't', heartBeatInterval: 0.1 });
  const { until } = collect(ws.request('subscribe', { query }));
  await until(1);
  await cube.waitFor((r) => r.frame.method === 'subscribe', 3);
  expect(cube.connections).toBe(1);
  cube.mute();
  await cube.waitFor((r) => r.connection === 2);
  expect(cube.connections).toBe(2);
});

test('a new identity authenticates the open socket again; subscriptions stay', async () => {
  const source = tokenSource();
  const ws = transport();
  ws.useTokenSource(source);
  const { until } = collect(ws.request('subscribe', { query }));
  await until(1);
  source.changeIdentity();
  await cube.waitFor((r) => 'authorization' in r.frame, 2);
  await sleep(50);
  expect(frames('authorization').map((r) => [r.connection, r.frame.authorization])).toEqual([
    [1, 'token-1'],
    [1, 'token-2'],
  ]);
  expect(ws.getConnectionState().status).toBe('open');
  expect(frames('method')).toHaveLength(1);
});

test('a new token set on authorization is used at the next handshake and never reconnects', async () => {
  const ws = transport({ authorization: 'a' });
  const { until } = collect(ws.request('subscribe', { query }));
  await until(1);
  ws.authorization = 'b';
  ws.authorization = 'c';
  expect(ws.authorization).toBe('c');
  await sleep(100);
  expect(cube.connections).toBe(1);
  cube.dropAll();
  await cube.waitFor((r) => r.connection === 2);
  expect(frames('authorization').map((r) => r.frame.authorization)).toEqual(['a', 'c']);
});

test('close() ends subscriptions silently and fails waiting requests with ABORTED', async () => {
  cube.onRequest = (frame, reply) => frame.method === 'subscribe' && reply({ n: 0 });
  const ws = transport({ authorization: 't' });
  const { replies, until } = collect(ws.request('subscribe', { query }));
  await until(1);
  const load = ws.request('load', { query }).subscribe((r) => r);
  await cube.waitFor((r) => r.frame.method === 'load');
  await ws.close();
  expect((await load).failure).toMatchObject({ code: 'ABORTED' });
  cube.push(1, { n: 1 });
  await sleep(100);
  expect(replies).toHaveLength(1);
  expect(ws.getConnectionState()).toEqual({ status: 'closed' });
  await eventually(() => cube.openSockets() === 0);
});

test("a caller's signal aborts its request", async () => {
  cube.onRequest = () => undefined;
  const ws = transport({ authorization: 't' });
  const controller = new AbortController();
  const pending = ws.request('load', { query, signal: controller.signal }).subscribe((r) => r);
  await cube.waitFor((r) => r.frame.method === 'load');
  controller.abort();
  expect((await pending).failure).toMatchObject({ code: 'ABORTED' });
});

test('without a token (dev mode) the handshake still happens, with a placeholder', async () => {
  const ws = transport();
  await ws.request('meta').subscribe((r) => r.json());
  expect(cube.received[0].frame).toEqual({ authorization: 'dev-mode' });
});

test('without a global WebSocket, and none passed, construction says what to do', () => {
  expect(() => new WebSocketTransport({ apiUrl: 'ws://x' })).toThrow(/pass one as the `WebSocket` option/);
});

test('http(s) addresses are read as ws(s)', async () => {
  const ws = transport({ apiUrl: cube.url.replace('ws:', 'http:'), authorization: 't' });
  await ws.request('meta').subscribe((r) => r.json());
  expect(cube.connections).toBe(1);
});

test('a subscriber that has not asked for the next reply yet gets only the newest result', async () => {
  cube.onRequest = (_frame, reply) => reply({ n: 0 });
  const ws = transport({ authorization: 't' });
  const request = ws.request('subscribe', { query });
  type Step = { reply: WebSocketResult; next: () => Promise<Step> };
  const first = await request.subscribe<Step>((reply, next) => ({ reply, next }));
  expect(first.reply.body).toEqual({ n: 0 });
  cube.push(1, { n: 1 });
  cube.push(1, { n: 2 });
  await cube.waitFor((r) => r.frame.method === 'subscribe');
  await sleep(100);
  const second = await first.next();
  expect(second.reply.body).toEqual({ n: 2 });
});

test('close() while a connection is being refused leaves no unhandled socket error (Node ws)', async () => {
  const url = cube.url;
  await cube.close();
  let closing: Promise<void> | undefined;
  const ClosingSocket = class extends WebSocket {
    constructor(address: string) {
      super(address);
      // close() lands while this socket is still connecting; the refusal comes a moment later.
      queueMicrotask(() => (closing = ws.close()));
    }
  } as unknown as WebSocketConstructor;
  const ws = transport({ apiUrl: url, WebSocket: ClosingSocket, authorization: 't' });
  void ws.request('subscribe', { query }).subscribe(() => undefined);
  await eventually(() => closing !== undefined, 5000);
  await closing;
  // Without a listener, `ws` would throw the refused connect's 'error' event.
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(ws.getConnectionState().status).toBe('closed');
  cube = await startFakeCube();
});
