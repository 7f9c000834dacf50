import { parseExpiresIn } from './duration';
import { checkSecret } from './secret';
import { signCubeToken, type SignCubeTokenOptions } from './signCubeToken';

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
   * Called with what `getSecurityContext` threw, and with the error when a token could not be
   * signed (answered with 500), so that failures can be logged. Never called for a `null` context.
   */
  onError?: (error: unknown, request: Request) => void;
}

const ALLOWED_METHODS = 'GET, POST';

/**
 * Creates the seed's `/auth/cubejs-token` route: for a caller `getSecurityContext` accepts, it
 * answers `200 {"token": "..."}`; for anyone else `401 {"error": "Unauthorized"}`. Every answer
 * carries `Cache-Control: no-store` so no cache or proxy keeps a token. Only `GET` and `POST` are
 * answered (`405` otherwise).
 *
 * The expiry and an explicitly given secret are checked at once, so a misconfiguration fails at
 * start-up rather than on the first request. A secret from `CUBEJS_API_SECRET` / `.env` is read
 * on each request that needs it, as `signCubeToken` does.
 *
 * @throws {TokenSigningError} for an invalid `expiresIn` or `secret`.
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
  if (options.expiresIn !== undefined) parseExpiresIn(options.expiresIn);
  if (options.secret !== undefined) checkSecret(options.secret);
  const { getSecurityContext, onError, ...signOptions } = options;

  return async (request, context) => {
    if (!ALLOWED_METHODS.split(', ').includes(request.method.toUpperCase())) {
      return json(405, { error: 'Method Not Allowed' }, { Allow: ALLOWED_METHODS });
    }
    let securityContext: object | null | undefined;
    try {
      securityContext = await getSecurityContext(request, context);
    } catch (error) {
      onError?.(error, request);
      return json(401, { error: 'Unauthorized' });
    }
    if (securityContext === null || securityContext === undefined)
      return json(401, { error: 'Unauthorized' });

    try {
      return json(200, { token: await signCubeToken({ ...signOptions, securityContext }) });
    } catch (error) {
      onError?.(error, request);
      return json(500, { error: 'Could not issue a token' });
    }
  };
}

function json(status: number, body: object, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers },
  });
}
