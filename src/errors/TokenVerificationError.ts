import { CubeClientError } from './CubeClientError';

/**
 * Why {@link TokenVerificationError} was thrown.
 *
 * - `SECRET_MISSING`, `SECRET_UNREADABLE`, `SECRET_TOO_SHORT`, `KEY_INVALID`: the verifying
 *   secret or key is absent or unusable (same rules as for signing).
 * - `TOKEN_MALFORMED`: not a compact JWS with a JSON object payload.
 * - `ALGORITHM_REJECTED`: the token's `alg` is `none` or is not among the allowed algorithms.
 * - `SIGNATURE_INVALID`: signed with another secret or key, or altered after signing.
 * - `TOKEN_EXPIRED`: `exp` is in the past.
 * - `TOKEN_NOT_YET_VALID`: `nbf` is in the future.
 * - `CLAIM_INVALID`: another claim fails validation, e.g. a non-numeric `iat`, or a missing
 *   `exp` when one is required.
 */
export type TokenVerificationErrorCode =
  | 'SECRET_MISSING'
  | 'SECRET_UNREADABLE'
  | 'SECRET_TOO_SHORT'
  | 'KEY_INVALID'
  | 'TOKEN_MALFORMED'
  | 'ALGORITHM_REJECTED'
  | 'SIGNATURE_INVALID'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_NOT_YET_VALID'
  | 'CLAIM_INVALID';

/**
 * Thrown (as a rejection) by `verifyCubeToken` when a token is not one this server should
 * accept, or when it cannot be checked at all. The message never contains the token or the
 * secret; `cause` keeps the underlying `jose` error when there is one.
 *
 * @example
 * ```ts
 * try {
 *   const payload = await verifyCubeToken(token, { secret });
 * } catch (error) {
 *   if (error instanceof TokenVerificationError && error.code === 'TOKEN_EXPIRED') askForANewOne();
 * }
 * ```
 */
export class TokenVerificationError extends CubeClientError<TokenVerificationErrorCode> {}
