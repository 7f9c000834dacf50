import { TokenSigningError } from '../errors/TokenSigningError';
import { parseExpiresIn } from './duration';
import { checkSecret, secretCheck, type SecretCheck } from './secret';
import { signWith, type SignCubeTokenOptions } from './signCubeToken';

/**
 * A web-standard route handler: Node 18+ (`fetch` API), Next.js route handlers, Cloudflare
 * Workers, Deno, Bun. `context` is whatever the host passes next to the request (the Node request
 * when wrapped by `toNodeHandler`) and is handed to `getSecurityContext`.
 */
export type TokenHandler<Context = unknown> = (request: Request, context?: Context) => Promise<Response>;

/** Options of {@link createTokenHandler}: those of `signCubeToken` but the context, plus these. */
export interface TokenHandlerOptions<Context = unknown> extends Omit<
  SignCubeTokenOptions,
  'securityContext'
> {
  /**
   * Authenticates the caller with your own session and returns their security context, or
   * `null` (also `undefined`, or a throw) when they may not have a token: the handler then
   * answers 401 and signs nothing. Return `{}` for a token without a security context.
   */
  getSecurityContext: (
    request: Request,
    context: Context | undefined,
  ) => object | null | undefined | Promise<object | null | undefined>;

  /**
   * How long `getSecurityContext` may take, in milliseconds. When it takes longer, the caller
   * gets a 503 and `onError` a `TokenSigningError` with code `CONTEXT_TIMEOUT`; whatever the
   * function settles with later is ignored. At most 2^31 − 1 (about 24.8 days).
   *
   * @default 5000 (under the browser client's 10 s `tokenTimeout`, so it hears the 503)
   */
  contextTimeout?: number;

  /**
   * Called with what `getSecurityContext` threw, with the `CONTEXT_TIMEOUT` error, and with the
   * error when a token could not be signed (answered with 500), so that failures can be logged.
   * Never called for a `null` context. What it throws or rejects with is ignored: logging must
   * not change the answer, nor become an unhandled rejection.
   */
  onError?: (error: unknown, request: Request) => void;
}

const ALLOWED_METHODS = 'GET, POST';
const DEFAULT_CONTEXT_TIMEOUT = 5000;
/** The largest delay `setTimeout` honours; a larger one would fire at once. */
const MAX_TIMEOUT = 2 ** 31 - 1;
/** What `getSecurityContext` settles with in time, or this marker. */
const TIMED_OUT = Symbol('timed out');

/**
 * Creates the seed's `/auth/cubejs-token` route: for a caller `getSecurityContext` accepts, it
 * answers `200 {"token": "..."}`; for anyone else `401 {"error": "Unauthorized"}`. Every answer
 * carries `Cache-Control: no-store` so no cache or proxy keeps a token. Only `GET` and `POST` are
 * answered (`405` otherwise).
 *
 * The expiry and an explicitly given secret are checked at once, so a misconfiguration fails at
 * start-up rather than on the first request; a secret shorter than 32 bytes gives its warning
 * then, once (see `onWarning`). A secret from `CUBEJS_API_SECRET` / `.env` is read on each
 * request that needs it, as `signCubeToken` does.
 *
 * @throws {TokenSigningError} for an invalid `expiresIn` or `secret`.
 * @throws {TypeError} without `getSecurityContext`, or for a bad `contextTimeout` or `minSecretBytes`.
 *
 * @example
 * ```ts
 * // app/auth/cubejs-token/route.ts (Next.js)
 * import { createTokenHandler } from 'cube-client/server';
 *
 * export const GET = createTokenHandler({
 *   expiresIn: '1h',
 *   getSecurityContext: async (request) => {
 *     const user = await getSessionUser(request);
 *     return user ? { userId: user.id, tenantId: user.tenantId } : null;
 *   },
 * });
 * ```
 */
export function createTokenHandler<Context = unknown>(
  options: TokenHandlerOptions<Context>,
): TokenHandler<Context> {
  if (typeof options?.getSecurityContext !== 'function') {
    throw new TypeError('createTokenHandler needs a getSecurityContext function');
  }
  const { getSecurityContext, onError, contextTimeout = DEFAULT_CONTEXT_TIMEOUT, ...signOptions } = options;
  checkContextTimeout(contextTimeout);
  if (options.expiresIn !== undefined) parseExpiresIn(options.expiresIn);
  const check = warningOnce(secretCheck(signOptions));
  if (options.secret !== undefined) checkSecret(options.secret, check);
  const report = reporterFor(onError);

  return async (request, context) => {
    if (!ALLOWED_METHODS.split(', ').includes(request.method.toUpperCase())) {
      return json(405, { error: 'Method Not Allowed' }, { Allow: ALLOWED_METHODS });
    }
    const asked = await askForContext(
      () => getSecurityContext(request, context),
      contextTimeout,
      (error) => report(error, request),
    );
    if ('answer' in asked) return asked.answer;
    try {
      return json(200, { token: await signWith({ ...signOptions, securityContext: asked.context }, check) });
    } catch (error) {
      report(error, request);
      return json(500, { error: 'Could not issue a token' });
    }
  };
}

function checkContextTimeout(contextTimeout: number): void {
  if (!Number.isFinite(contextTimeout) || contextTimeout <= 0 || contextTimeout > MAX_TIMEOUT) {
    throw new TypeError(
      `contextTimeout must be a number of milliseconds above 0 and at most ${MAX_TIMEOUT}; got ${String(contextTimeout)}`,
    );
  }
}

/**
 * The caller's security context, or the answer for a caller without one: 401 when
 * `getSecurityContext` throws or returns `null`/`undefined`, 503 when it takes over `contextTimeout`.
 */
async function askForContext(
  getSecurityContext: () => object | null | undefined | Promise<object | null | undefined>,
  contextTimeout: number,
  report: (error: unknown) => void,
): Promise<{ context: object } | { answer: Response }> {
  let securityContext: object | null | undefined | typeof TIMED_OUT;
  try {
    securityContext = await withTimeout(getSecurityContext, contextTimeout);
  } catch (error) {
    report(error);
    return { answer: json(401, { error: 'Unauthorized' }) };
  }
  if (securityContext === TIMED_OUT) {
    report(
      new TokenSigningError(
        'CONTEXT_TIMEOUT',
        `getSecurityContext did not settle within ${contextTimeout} ms`,
      ),
    );
    return { answer: json(503, { error: 'Could not check the session in time' }, { 'Retry-After': '1' }) };
  }
  if (securityContext === null || securityContext === undefined) {
    return { answer: json(401, { error: 'Unauthorized' }) };
  }
  return { context: securityContext };
}

/**
 * One warning per handler: at creation for a given secret, else at the first request that finds
 * a short one in the environment.
 */
function warningOnce(check: SecretCheck): SecretCheck {
  let warned = false;
  return {
    ...check,
    warn: (warning) => {
      if (!warned) check.warn(warning);
      warned = true;
    },
  };
}

/** `onError`, made harmless: logging must not change the answer, whatever it throws or rejects. */
function reporterFor(onError: TokenHandlerOptions['onError']): (error: unknown, request: Request) => void {
  return (error, request) => {
    try {
      Promise.resolve(onError?.(error, request)).catch(() => undefined);
    } catch {
      // The answer stands.
    }
  };
}

/**
 * What `run` settles with, or `TIMED_OUT` after `ms`. The timer keeps Node alive, as the request
 * waiting for it does; a late rejection is caught so it never surfaces as unhandled.
 */
async function withTimeout<T>(run: () => T | Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  const pending = Promise.resolve().then(run);
  pending.catch(() => undefined);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  try {
    return await Promise.race([pending, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function json(status: number, body: object, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers },
  });
}
