/**
 * 10,000 loads through a loopback Cube server and token route that inject random faults, drawn
 * from a seeded PRNG (`FAULT_SEED` to explore another sequence). Eight clients run side by side;
 * each one's loads are sequential, so everything the servers saw between the start and the end of
 * a load belongs to that load, and the outcome can be checked against what was injected.
 */
import { inspect } from 'node:util';
import { mulberry32 } from '../../bench/lib/prng.mjs';
import cubejs, { fetchCubeToken, RequestError, TokenError } from '../../src/index';
import {
  ask,
  expectNoTokenInUrls,
  idOf,
  installGuards,
  issue,
  leaksToken,
  loadReply,
  loopback,
  resetMidBody,
  sendJson,
  settle,
  truncatedJson,
  proxyHtml,
  type Loopback,
  type Outcome,
} from './harness';

installGuards();

const SEED = Number(process.env.FAULT_SEED ?? 20250509);
const LOADS = Number(process.env.FAULT_LOADS ?? 10_000);
const CLIENTS = 8;
const RETRIES = 2;
const ID_BASE = 1_000_000;

/** How an echoing server repeats the token: as sent, lower-cased, and its signature alone. */
function echoOf(token: string | undefined): string {
  const value = token ?? '';
  return `you sent ${value}; normalized ${value.toLowerCase()}; signature ${value.split('.')[2] ?? ''}`;
}

/** The same sequence on every run for a seed. */
const prng = mulberry32;

function pick<T extends string>(random: () => number, weights: Record<T, number>): T {
  const entries = Object.entries(weights) as [T, number][];
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random() * total;
  for (const [name, weight] of entries) {
    roll -= weight;
    if (roll < 0) return name;
  }
  return entries[entries.length - 1][0];
}

/** Relative weights; about one request in three is a fault, so most loads meet one. */
const CUBE_FAULTS = {
  ok: 66,
  continueWait: 3,
  resetEarly: 3,
  resetMidBody: 3,
  s503: 3,
  s504: 2,
  s429: 3,
  html502: 3,
  s500: 2,
  truncated: 3,
  invalidToken403: 5,
  gateway401: 2,
  scope403: 2,
  // Issue #19's kinds: a server that echoes the token, bodies of the wrong shape, a 200 carrying
  // an error, and a gateway's 401 with an HTML page.
  echo500: 2,
  echoHtml200: 1,
  wrongShape: 2,
  error200: 1,
  html401: 2,
};
/** 200 JSON bodies a load cannot be built from. */
const WRONG_SHAPES = [null, {}, [], { results: [{}] }, { results: [{ data: [] }] }];
const ROUTE_FAULTS = { ok: 88, s500: 4, reset: 3, html: 3, s401: 2 };
type CubeFault = keyof typeof CUBE_FAULTS;
type RouteFault = keyof typeof ROUTE_FAULTS;

const RETRYABLE = new Set<CubeFault>(['resetEarly', 'resetMidBody', 's503', 's504', 's429', 'html502']);
const AUTH = new Set<CubeFault>(['invalidToken403', 'gateway401', 'html401']);
/** A "Continue wait" that came back at once is followed by at least this pause (ms). */
const FAST_POLL_MIN_PAUSE = 40;

type Event =
  | { kind: 'route'; fault: RouteFault; token?: string; at: number }
  | { kind: 'cube'; fault: CubeFault; token?: string; at: number };

/** What the servers know of one client. */
interface ClientState {
  random: () => number;
  events: Event[];
  issued: string[];
  rejected: Set<string>;
  accepted: Set<string>;
  /** Rejections in a row of tokens the server had never accepted (the client backs off on these). */
  freshRejections: number;
  continueWaitsThisLoad: number;
  violations: string[];
}

const clients: ClientState[] = Array.from({ length: CLIENTS }, (_, k) => ({
  random: prng(SEED + k * 7919),
  events: [],
  issued: [],
  rejected: new Set(),
  accepted: new Set(),
  freshRejections: 0,
  continueWaitsThisLoad: 0,
  violations: [],
}));

let server: Loopback;
beforeAll(async () => {
  server = await loopback((req, res, seen) => {
    const route = /^\/auth\/c(\d+)\/token/.exec(seen.url);
    if (route) {
      const state = clients[Number(route[1])];
      const fault = pick(state.random, ROUTE_FAULTS);
      if (fault === 'ok') {
        const token = issue(`random-${route[1]}-${state.issued.length}`, {
          iat: 1_900_000_000,
          exp: 1_900_000_000 + 20 * 365 * 86_400,
        });
        state.issued.push(token);
        state.events.push({ kind: 'route', fault, token, at: Date.now() });
        return sendJson(res, 200, { token });
      }
      state.events.push({ kind: 'route', fault, at: Date.now() });
      if (fault === 's500') return sendJson(res, 500, { error: 'token service down' });
      if (fault === 's401') return sendJson(res, 401, { error: 'session expired' });
      if (fault === 'html') return proxyHtml(res, 200);
      return req.socket.resetAndDestroy();
    }
    const id = idOf(seen.url, seen.body) ?? -1;
    const state = clients[Math.floor(id / ID_BASE)];
    const token = seen.authorization;
    // No request may go out without a token, with a token the server already rejected, or with
    // any token but the newest one the client was given.
    if (!token) state.violations.push(`load ${id}: request without a token`);
    else if (state.rejected.has(token)) state.violations.push(`load ${id}: a rejected token was sent again`);
    else if (token !== state.issued[state.issued.length - 1])
      state.violations.push(`load ${id}: a stale token was sent`);
    let fault = pick(state.random, CUBE_FAULTS);
    if (fault === 'continueWait' && (state.continueWaitsThisLoad += 1) > 3) fault = 'ok';
    state.events.push({ kind: 'cube', fault, token, at: Date.now() });
    if (AUTH.has(fault) && token) {
      state.rejected.add(token);
      if (!state.accepted.has(token)) state.freshRejections += 1;
    }
    if ((fault === 'ok' || fault === 'continueWait') && token) {
      state.accepted.add(token);
      state.freshRejections = 0;
    }
    switch (fault) {
      case 'ok':
        return sendJson(res, 200, loadReply(id));
      case 'continueWait':
        return sendJson(res, 200, { error: 'Continue wait', stage: 'Executing query' });
      case 'resetEarly':
        return req.socket.resetAndDestroy();
      case 'resetMidBody':
        return resetMidBody(res);
      case 's503':
        return sendJson(res, 503, { error: 'Service Unavailable' });
      case 's504':
        return sendJson(res, 504, { error: 'Gateway Timeout' });
      case 's429':
        return sendJson(res, 429, { error: 'Too Many Requests' }, { 'Retry-After': '0' });
      case 'html502':
        return proxyHtml(res, 502);
      case 's500':
        return sendJson(res, 500, { error: 'Error: query failed' });
      case 'truncated':
        return truncatedJson(res, id);
      case 'invalidToken403':
        return sendJson(res, 403, { error: 'Invalid token' });
      case 'gateway401':
        return sendJson(res, 401, { message: 'Unauthorized' });
      case 'scope403':
        return sendJson(res, 403, { error: 'API scope is missing: data' });
      case 'echo500':
        return sendJson(res, 500, { error: echoOf(token), headers: { authorization: token } });
      case 'echoHtml200':
        res.writeHead(200, { 'Content-Type': 'text/html' });
        return res.end(`<html><body>Debug: ${echoOf(token)}</body></html>`);
      case 'wrongShape':
        return sendJson(res, 200, WRONG_SHAPES[id % WRONG_SHAPES.length]);
      case 'error200':
        return sendJson(res, 200, { error: 'boom' });
      case 'html401':
        return proxyHtml(res, 401);
    }
  });
});
afterAll(() => server.close());

const EXPECTED_ERROR: Partial<Record<CubeFault | `route:${RouteFault}`, [string, number | undefined]>> = {
  resetEarly: ['NETWORK_ERROR', 0],
  resetMidBody: ['NETWORK_ERROR', 0],
  s503: ['HTTP_ERROR', 503],
  s504: ['HTTP_ERROR', 504],
  s429: ['HTTP_ERROR', 429],
  html502: ['BAD_RESPONSE', 502],
  s500: ['HTTP_ERROR', 500],
  truncated: ['BAD_RESPONSE', 200],
  scope403: ['HTTP_ERROR', 403],
  invalidToken403: ['AUTH_FAILED', 403],
  gateway401: ['AUTH_FAILED', 401],
  html401: ['AUTH_FAILED', 401],
  echo500: ['HTTP_ERROR', 500],
  echoHtml200: ['BAD_RESPONSE', 200],
  wrongShape: ['BAD_RESPONSE', 200],
  error200: ['HTTP_ERROR', 200],
  'route:s500': ['TOKEN_FETCH_FAILED', 500],
  'route:reset': ['TOKEN_FETCH_FAILED', undefined],
  'route:html': ['TOKEN_INVALID', 200],
  'route:s401': ['TOKEN_ROUTE_UNAUTHORIZED', 401],
};

/**
 * Checks one load's outcome against the events it caused. Returns the problems found (none
 * when the client behaved): the outcome must follow from the last thing that happened, retries
 * must stop at `RETRIES`, and an auth failure gets exactly one refresh.
 */
function judge(id: number, events: Event[], outcome: Outcome, freshRejections: number): string[] {
  const problems: string[] = [];
  const say = (text: string) =>
    problems.push(`load ${id}: ${text} [${events.map((e) => `${e.kind}:${e.fault}`).join(' ')}]`);
  const last = events[events.length - 1];
  const error = outcome.error;
  if (error?.code === 'TOKEN_REJECTED') {
    if (!(error instanceof TokenError)) say('TOKEN_REJECTED that is not a TokenError');
    if (last && !(last.kind === 'cube' && AUTH.has(last.fault)))
      say('TOKEN_REJECTED after something other than a rejection');
    if (freshRejections < 2) say('TOKEN_REJECTED without two fresh tokens rejected in a row');
  } else if (!last) {
    say(`nothing was sent, yet the outcome was ${error ? error.code : 'data'}`);
  } else if (last.kind === 'cube' && last.fault === 'ok') {
    if (error) say(`data was served, the caller got ${error.code}`);
    else if (outcome.value !== String(id)) say(`wrong data ${outcome.value}`);
  } else {
    const key = last.kind === 'route' ? (`route:${last.fault}` as const) : last.fault;
    const expected = EXPECTED_ERROR[key];
    const type = last.kind === 'route' ? TokenError : RequestError;
    if (!expected) say(`a load cannot end on ${key}`);
    else if (!error) say(`expected ${expected[0]}, got data`);
    else if (!(error instanceof type) || error.code !== expected[0] || error.status !== expected[1]) {
      say(
        `expected ${type.name} ${expected[0]} ${expected[1]}, got ${error.name} ${error.code} ${error.status}`,
      );
    }
  }
  // Retry bounds: a run of transient faults is retried with the same token up to RETRIES times,
  // then it ends the load; an auth failure is followed by one token fetch, and at most one more.
  let run = 0;
  let authInExchange = 0;
  events.forEach((event, i) => {
    const next = events[i + 1];
    if (event.kind === 'route') {
      run = 0;
      return;
    }
    if (RETRYABLE.has(event.fault)) {
      run += 1;
      if (run > RETRIES + 1) say('more retries than networkErrorRetries');
      if (run <= RETRIES && !(next?.kind === 'cube' && next.token === event.token))
        say('a transient fault was not retried');
      if (run === RETRIES + 1 && next) say('requests went on after the retries ran out');
      return;
    }
    run = 0;
    if (AUTH.has(event.fault)) {
      authInExchange += 1;
      if (authInExchange > 2) say('more than one retry after an auth failure');
      if (authInExchange === 1 && next && next.kind !== 'route')
        say('an auth failure without a token refresh');
      if (authInExchange === 2 && next) say('requests went on after the second auth failure');
    } else if (event.fault === 'continueWait') {
      authInExchange = 0;
      if (!next) say('the load ended on Continue wait');
      else if (next.at - event.at < FAST_POLL_MIN_PAUSE) say('an instant Continue wait was polled at once');
    }
  });
  return problems;
}

it(`${LOADS.toLocaleString('en')} loads with random faults: data or one expected typed error each, bounded retries, no stale token`, async () => {
  const problems: string[] = [];
  const tally: Record<string, number> = {};
  const worker = async (k: number) => {
    const state = clients[k];
    let clock = Date.parse('2030-01-01T00:00:00Z');
    const api = cubejs(fetchCubeToken(`${server.origin}/auth/c${k}/token`), {
      apiUrl: server.apiUrl,
      networkErrorRetries: RETRIES,
      random: () => 0,
      now: () => clock,
    });
    for (let n = k; n < LOADS; n += CLIENTS) {
      clock += 60_000; // a minute between loads: rejection backoffs end, tokens stay valid
      const id = k * ID_BASE + n;
      state.events = [];
      state.continueWaitsThisLoad = 0;
      const outcome = await settle(ask(api, id));
      if (
        outcome.error &&
        leaksToken(`${inspect(outcome.error, { depth: 6 })} ${JSON.stringify(outcome.error)}`)
      )
        problems.push(`load ${id}: util.inspect or JSON.stringify of the error shows a token`);
      const key = outcome.error ? outcome.error.code : 'data';
      tally[key] = (tally[key] ?? 0) + 1;
      problems.push(...judge(id, state.events, outcome, state.freshRejections));
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, (_, k) => worker(k)));

  expect(problems.slice(0, 10)).toEqual([]);
  expect(clients.flatMap((state) => state.violations).slice(0, 10)).toEqual([]);
  const requests = server.seen.length;
  expectNoTokenInUrls(server.seen.splice(0));
  // Bounded in total too: with every fault retried at most twice, far below 3 requests a load.
  expect(requests).toBeGreaterThan(LOADS);
  expect(requests).toBeLessThan(2 * LOADS);
  expect(Object.values(tally).reduce((a, b) => a + b, 0)).toBe(LOADS);
  // Every kind of outcome really happened, so none of the checks above was vacuous.
  for (const code of [
    'data',
    'NETWORK_ERROR',
    'HTTP_ERROR',
    'BAD_RESPONSE',
    'AUTH_FAILED',
    'TOKEN_FETCH_FAILED',
    'TOKEN_INVALID',
    'TOKEN_ROUTE_UNAUTHORIZED',
  ]) {
    expect([code, tally[code] ?? 0]).toEqual([code, expect.any(Number)]);
    expect(tally[code]).toBeGreaterThan(0);
  }
  expect(tally.data).toBeGreaterThan(LOADS / 3);
}, 120_000);
