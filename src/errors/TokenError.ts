import { CubeClientError } from './CubeClientError';

/**
 * Why no usable token could be obtained:
 * - `TOKEN_FETCH_FAILED`: the token function threw or rejected (the original error is `cause`);
 * - `TOKEN_INVALID`: it returned something other than a non-empty string;
 * - `TOKEN_TIMEOUT`: it did not settle within `tokenTimeout`;
 * - `TOKEN_ROUTE_UNAUTHORIZED`: the app's token route answered 401/403 (the user is logged out);
 * - `TOKEN_REJECTED`: the Cube server kept rejecting freshly fetched tokens, so the client backs
 *   off instead of calling the token route again (see `retryAfter`).
 */
export type TokenErrorCode =
  'TOKEN_FETCH_FAILED' | 'TOKEN_INVALID' | 'TOKEN_TIMEOUT' | 'TOKEN_ROUTE_UNAUTHORIZED' | 'TOKEN_REJECTED';

/**
 * Thrown (through the request that needed the token) when the token function fails.
 * Failed results are never cached: the next request calls the token function again.
 *
 * @example
 * ```ts
 * cubeApi.load(query).catch((error) => {
 *   if (error instanceof TokenError && error.code === 'TOKEN_ROUTE_UNAUTHORIZED') location.assign('/login');
 * });
 * ```
 */
export class TokenError extends CubeClientError<TokenErrorCode> {
  /** HTTP status of the token route's reply, when the token came from one. */
  readonly status?: number;
  /** Milliseconds until the client will try the token route again (`TOKEN_REJECTED` only). */
  readonly retryAfter?: number;

  constructor(
    code: TokenErrorCode,
    message: string,
    details: {
      cause?: unknown;
      status?: number;
      retryAfter?: number;
      /** A token this error is about: redacted from the message and `cause` (see `redactToken`). */
      token?: string;
    } = {},
  ) {
    super(code, message, { cause: details.cause, token: details.token });
    if (details.status !== undefined) this.status = details.status;
    if (details.retryAfter !== undefined) this.retryAfter = details.retryAfter;
  }
}
