/**
 * Shared by the fault suites: a loopback HTTP server that can misbehave at the socket level,
 * secret-looking tokens, and the checks every fault case must pass (one typed outcome, no token
 * leak, no client timer left behind, nothing printed that holds a token).
 */
import { loadBody, makeJwt } from '../support/fixtures';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { jest } from '@jest/globals';
import { RequestError, TokenError, type CubeApi } from '../../src/index';

/** Seconds since the epoch for token claims. */
export const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * A token that looks like a real secret: a JWT whose payload and signature carry markers no
 * other string in the suite contains, so a leak anywhere is found by a substring search.
 */
export function secretToken(serial: number | string, claims: Record<string, unknown> = {}): string {
  const iat = nowSeconds();
  return makeJwt(
    { sub: 'fault-suite', tenant: 'acme', iat, exp: iat + 3600, nonce: `nOnCe${serial}`, ...claims },
    `SiGnAtUrE-s3cr3t-${serial}-Zq9xKw2VbT7mPpL4`,
  );
}

/** Every token any fault case handed out; the leak checks search for each of them. */
export const issuedTokens = new Set<string>();

const WINDOW = 32;
/**
 * 32-character windows, 16 apart, over every issued token's payload and signature: any leaked
 * run of 48 characters or more contains one, including a token cut short by an excerpt. (The
 * header segment is the same in every JWT, so it is left out.) Searching text is then one set
 * lookup per offset, however many tokens were issued.
 */
const secretWindows = new Set<string>();

export function issue(serial: number | string, claims?: Record<string, unknown>): string {
  const token = secretToken(serial, claims);
  issuedTokens.add(token);
  const secret = token.slice(token.indexOf('.') + 1);
  for (let i = 0; i + WINDOW <= secret.length; i += WINDOW / 2)
    secretWindows.add(secret.slice(i, i + WINDOW));
  secretWindows.add(secret.slice(-WINDOW));
  return token;
}

export function leaksToken(text: string): boolean {
  for (let i = 0; i + WINDOW <= text.length; i += 1) {
    if (secretWindows.has(text.slice(i, i + WINDOW))) return true;
  }
  return false;
}

/** A Cube `/load` reply whose single count is `count`; `dryRun` returns the same body as is. */
export const loadReply = loadBody;

/** The query of a fault case: `limit` carries an id the servers echo back as the count. */
export const queryFor = (id: number) => ({ measures: ['Orders.count'], limit: id });

/** Runs one API call and returns the count the server answered with. */
export async function ask(api: CubeApi, id: number, options?: { signal?: AbortSignal }): Promise<string> {
  const resultSet = await api.load(queryFor(id), options);
  return String(resultSet.rawData()[0]['Orders.count']);
}

/** The id a request carries in its query (GET `query` param or POST body). */
export function idOf(url: string, body: string): number | undefined {
  const raw =
    new URL(url, 'http://x').searchParams.get('query') ??
    (body ? (JSON.parse(body) as { query?: unknown }).query : undefined);
  const query = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { limit?: number } | undefined;
  return query?.limit;
}

// ---------------------------------------------------------------------------------------------
// The loopback server

/** What the loopback server saw of one request. */
export interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  headers: IncomingMessage['headers'];
  body: string;
}

/** Answers one request; its return value is ignored (a socket from `resetAndDestroy()` is fine). */
export type Behaviour = (req: IncomingMessage, res: ServerResponse, seen: Seen, index: number) => unknown;

export interface Loopback {
  origin: string;
  apiUrl: string;
  seen: Seen[];
  set(behaviour: Behaviour): void;
  close(): Promise<void>;
}

export const sendJson = (
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) => {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

/** A real server on 127.0.0.1 that answers through a replaceable behaviour and records everything. */
export async function loopback(initial?: Behaviour): Promise<Loopback> {
  const seen: Seen[] = [];
  const sockets = new Set<Socket>();
  let behaviour: Behaviour = initial ?? ((_req, res) => sendJson(res, 200, loadReply(0)));
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const entry: Seen = {
        method: req.method ?? '',
        url: req.url ?? '',
        authorization: req.headers.authorization,
        headers: req.headers,
        body,
      };
      seen.push(entry);
      void Promise.resolve(behaviour(req, res, entry, seen.length - 1)).catch((error: unknown) => {
        res.destroy(error as Error);
      });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    apiUrl: `${origin}/cubejs-api/v1`,
    seen,
    set(next) {
      behaviour = next;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Sends headers and part of a body, then resets the connection (RST, not a clean FIN). */
export function resetMidBody(res: ServerResponse, partial = '{"queryType":"regularQuery","resu'): void {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '4096' });
  res.write(partial, () => setImmediate(() => res.socket?.resetAndDestroy()));
}

/** A complete HTTP reply whose JSON body was cut short (Content-Length matches what is sent). */
export function truncatedJson(res: ServerResponse, id: number | string = 0): void {
  const text = JSON.stringify(loadReply(id));
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(text.slice(0, Math.floor(text.length / 2)));
}

export const PROXY_HTML =
  '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>';

export function proxyHtml(res: ServerResponse, status = 502): void {
  res.writeHead(status, { 'Content-Type': 'text/html' });
  res.end(PROXY_HTML);
}

// ---------------------------------------------------------------------------------------------
// Outcome checks

export type Outcome =
  { value: string; error?: undefined } | { error: RequestError | TokenError; value?: undefined };

/** Every error a fault case produced, for the leak checks. */
export const thrownErrors: unknown[] = [];

/**
 * Settles `promise` and checks that it produced either a value or exactly one typed error of
 * this package (anything else, e.g. a bare TypeError from `fetch`, fails the case).
 */
export async function settle(promise: Promise<string>): Promise<Outcome> {
  try {
    return { value: await promise };
  } catch (error) {
    thrownErrors.push(error);
    if (!(error instanceof RequestError) && !(error instanceof TokenError)) {
      throw new Error(`untyped error escaped: ${String(error)}`, { cause: error });
    }
    expectNoLeak(error);
    return { error };
  }
}

/** `message`, `String(error)`, the JSON of `response` and the causes' messages hold no token. */
export function expectNoLeak(error: unknown): void {
  const texts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth += 1) {
    texts.push(current.message, String(current));
    current = current.cause;
  }
  const response = (error as { response?: unknown }).response;
  texts.push(JSON.stringify(response) ?? '');
  for (const text of texts) {
    if (leaksToken(text)) throw new Error(`an error leaks a token: ${text.slice(0, 300)}`);
  }
}

export function expectData(outcome: Outcome, value: string): void {
  if (outcome.error)
    throw new Error(
      `expected data ${value}, got ${outcome.error.name} ${outcome.error.code}: ${outcome.error.message}`,
    );
  expect(outcome.value).toBe(value);
}

export function expectError<E extends RequestError | TokenError>(
  outcome: Outcome,
  type: abstract new (...args: never[]) => E,
  code: string,
  status?: number,
): E {
  expect(outcome.error).toBeInstanceOf(type);
  expect(outcome.error?.code).toBe(code);
  if (status !== undefined) expect(outcome.error?.status).toBe(status);
  return outcome.error as E;
}

// ---------------------------------------------------------------------------------------------
// Suite-wide guards

interface TrackedTimer {
  handle: unknown;
  stack: string;
}

/**
 * Wraps the sandbox's `setTimeout`, which the client's modules share with the tests, and keeps
 * the timers created from `src/` that have neither fired nor been cleared.
 */
function trackClientTimers() {
  const pending = new Map<unknown, TrackedTimer>();
  const realSet = globalThis.setTimeout;
  const realClear = globalThis.clearTimeout;
  const patchedSet = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const stack = new Error().stack ?? '';
    const fromClient = stack
      .split('\n')
      .slice(2)
      .some((line) => line.includes(SRC_DIR));
    const handle = realSet(
      (...inner: unknown[]) => {
        pending.delete(handle);
        callback(...inner);
      },
      ms,
      ...args,
    );
    if (fromClient) pending.set(handle, { handle, stack });
    return handle;
  }) as typeof setTimeout;
  const patchedClear = ((handle?: Parameters<typeof clearTimeout>[0]) => {
    pending.delete(handle);
    realClear(handle);
  }) as typeof clearTimeout;
  return {
    install() {
      globalThis.setTimeout = patchedSet;
      globalThis.clearTimeout = patchedClear;
    },
    uninstall() {
      globalThis.setTimeout = realSet;
      globalThis.clearTimeout = realClear;
    },
    pending,
  };
}

const SRC_DIR = fileURLToPath(new URL('../../src/', import.meta.url));

const CONSOLE_METHODS = ['log', 'warn', 'error', 'info', 'debug'] as const;

/**
 * Installs the checks every fault file runs under:
 * - console is spied for the whole file; no call may contain a token;
 * - no timer created by the client outlives a test (checked after each test, once the event
 *   loop had a moment to run the clean-ups);
 * - every error a test produced is searched for tokens.
 *
 * Unhandled rejections: Jest's sandbox gives the test its own copy of `process`, whose
 * 'unhandledRejection' never fires, and Jest itself fails the test that owns one. The explicit
 * recorder runs where it can see them: in the child process of `childProcess.test.ts`.
 */
export function installGuards(): { consoleCalls: () => unknown[][] } {
  const timers = trackClientTimers();
  const spies: { mockRestore(): void }[] = [];
  const calls: unknown[][] = [];
  beforeAll(() => {
    for (const method of CONSOLE_METHODS) {
      spies.push(
        jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
          calls.push(args);
        }),
      );
    }
    timers.install();
  });
  afterEach(async () => {
    await new Promise((resolve) => setImmediate(resolve));
    const left = [...timers.pending.values()];
    timers.pending.clear();
    expect(left.map((timer) => timer.stack.split('\n').slice(1, 5).join(' | '))).toEqual([]);
    for (const error of thrownErrors.splice(0)) expectNoLeak(error);
  });
  afterAll(() => {
    timers.uninstall();
    for (const spy of spies) spy.mockRestore();
    const leaking = calls.filter((args) => leaksToken(args.map((arg) => safeText(arg)).join(' ')));
    expect(leaking).toEqual([]);
  });
  return { consoleCalls: () => calls };
}

function safeText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return `${String(value)} ${value.stack ?? ''} ${safeText(value.cause)}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** URLs the servers saw must never carry a token (the header is the only place for it). */
export function expectNoTokenInUrls(seen: { url: string }[]): void {
  const leaking = seen.filter((entry) => leaksToken(decodeURIComponent(entry.url)) || leaksToken(entry.url));
  expect(leaking.map((entry) => entry.url.slice(0, 120))).toEqual([]);
}

export const sleepMs = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
