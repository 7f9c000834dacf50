// The one test-support module for clocks and fixtures: tokens, Cube replies, a fake Cube API on
// msw, token functions. Every suite (unit, faults, fuzz, fleet) takes them from here.
import { setupServer } from 'msw/node';
import { http, HttpResponse, type JsonBodyType } from 'msw';

export const API_URL = 'http://cube.test/cubejs-api/v1';

function base64url(value: string): string {
  return Buffer.from(value).toString('base64url');
}

/** An unsigned JWT-shaped token with the given payload; the client never verifies signatures. */
export function makeJwt(payload: Record<string, unknown>, signature = 'sig'): string {
  return `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify(payload))}.${signature}`;
}

/** A JWT issued at `now` (ms) that lives `lifetimeSeconds`, with extra `claims`. */
export function jwtAt(now: number, lifetimeSeconds: number, claims: Record<string, unknown> = {}): string {
  const iat = Math.floor(now / 1000);
  return makeJwt({ iat, exp: iat + lifetimeSeconds, ...claims });
}

/** A controllable clock: "now" in ms since the epoch, moved only by `advance`. */
export function clock(start: number) {
  const state = { now: start };
  return Object.assign(() => state.now, { advance: (ms: number) => (state.now += ms), state });
}

/** A token function returning JWTs issued by a server whose clock is `serverNow()`; counts its calls. */
export function issuer(serverNow: () => number, lifetimeSeconds: number) {
  const fn = Object.assign(
    async () => {
      fn.calls += 1;
      return jwtAt(serverNow(), lifetimeSeconds, { n: fn.calls });
    },
    { calls: 0 },
  );
  return fn;
}

/** A one-result `/load` body in Cube's format, whose single `measure` (`Orders.count` by default) is `count`. */
export function loadBody(count: number | string = 42, measure = 'Orders.count') {
  // 'Orders.count' is titled 'Orders Count', as Cube titles a member.
  const title = measure.replace('.', ' ').replace(/ (\w)/, (_, first: string) => ` ${first.toUpperCase()}`);
  return {
    queryType: 'regularQuery',
    results: [
      {
        query: { measures: [measure], dimensions: [], timeDimensions: [], filters: [] },
        data: [{ [measure]: String(count) }],
        annotation: {
          measures: { [measure]: { title, shortTitle: 'Count', type: 'number' } },
          dimensions: {},
          segments: {},
          timeDimensions: {},
        },
      },
    ],
  };
}

/** What the fake Cube server saw of one request. */
export interface SeenRequest {
  method: string;
  url: URL;
  authorization: string | null;
  requestId: string | null;
  body: unknown;
  headers: Headers;
}

export type Reply = (request: SeenRequest, index: number) => Response | Promise<Response>;

export const json = (body: JsonBodyType, status = 200, headers?: Record<string, string>) =>
  HttpResponse.json(body, { status, headers });

/**
 * A fake Cube API on msw: every request to `API_URL/*` is recorded in `seen` and answered by
 * `reply` (by default a successful load).
 */
export function fakeCube() {
  const seen: SeenRequest[] = [];
  let reply: Reply = () => json(loadBody());
  const server = setupServer(
    http.all(`${API_URL}/*`, async ({ request }) => {
      const text = request.method === 'POST' ? await request.text() : '';
      const entry: SeenRequest = {
        method: request.method,
        url: new URL(request.url),
        authorization: request.headers.get('authorization'),
        requestId: request.headers.get('x-request-id'),
        body: text ? (JSON.parse(text) as unknown) : undefined,
        headers: request.headers,
      };
      seen.push(entry);
      return reply(entry, seen.length - 1);
    }),
  );
  return {
    server,
    seen,
    /** Sets how the server answers from now on. */
    answer(next: Reply) {
      reply = next;
    },
    reset() {
      seen.length = 0;
      reply = () => json(loadBody());
    },
  };
}

/** A token function that counts its calls and hands out `tokens[i]` (the last one repeated). */
export function countingTokenFn(tokens: string[], delayMs = 5) {
  const fn = Object.assign(
    async () => {
      const token = tokens[Math.min(fn.calls, tokens.length - 1)];
      fn.calls += 1;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return token;
    },
    { calls: 0 },
  );
  return fn;
}

/**
 * A {@link fakeCube} listening for the whole test file, reset after each test (recorded requests,
 * answers and extra handlers).
 */
export function useFakeCube() {
  const cube = fakeCube();
  beforeAll(() => cube.server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    cube.reset();
    cube.server.resetHandlers();
  });
  afterAll(() => cube.server.close());
  return cube;
}

/**
 * An app's token route (`TOKEN_ROUTE`, as in Cube's recipe) on the given fake Cube's msw server:
 * counts its hits and answers `{ token }` with a fresh one-hour JWT unless told otherwise. Call
 * in the test file's top level; it resets after each test.
 */
export function useTokenRoute(cube: ReturnType<typeof fakeCube>) {
  const route = {
    hits: 0,
    reply: (): Response => HttpResponse.json({ token: jwtAt(Date.now(), 3600, { n: route.hits }) }),
  };
  const fresh = route.reply;
  beforeAll(() => {
    cube.server.use(
      http.get(TOKEN_ROUTE, () => {
        route.hits += 1;
        return route.reply();
      }),
    );
    cube.server.listen({ onUnhandledRequest: 'error' });
  });
  afterEach(() => {
    cube.reset();
    route.hits = 0;
    route.reply = fresh;
  });
  afterAll(() => cube.server.close());
  return route;
}

export const TOKEN_ROUTE = 'http://app.test/auth/cubejs-token';
