import { CubeClientError } from './CubeClientError';

/**
 * Why {@link TokenSigningError} was thrown.
 *
 * - `SECRET_MISSING`: no secret was passed and `CUBEJS_API_SECRET` is set neither in the
 *   environment nor in `./.env`, or the secret is empty.
 * - `SECRET_UNREADABLE`: `CUBEJS_API_SECRET` is not in the environment and `./.env` exists but
 *   cannot be read (permissions, a directory of that name, ...).
 * - `SECRET_TOO_SHORT`: an HS256 secret shorter than the `minSecretBytes` asked for (32 is
 *   RFC 7518 §3.2's minimum: as many bits as the hash produces). Without that option a short
 *   secret is used, with a warning.
 * - `KEY_INVALID`: the key does not fit the algorithm (a `privateKey` for HS256, a `secret` for
 *   RS256/ES256, a malformed PEM, an RSA key under 2048 bits, ...).
 * - `ALGORITHM_UNSUPPORTED`: an algorithm other than HS256, RS256 or ES256.
 * - `EXPIRY_INVALID`: `expiresIn` is not a positive whole number of seconds or a duration such as
 *   `'15m'`.
 * - `CONTEXT_INVALID`: the security context is not a plain JSON object, has a `__proto__` key,
 *   or is nested more than 64 levels deep.
 * - `PAYLOAD_TOO_LARGE`: the context and claims are more than 8 KiB of JSON, too big for a token
 *   that travels in an `Authorization` header.
 * - `CONTEXT_TIMEOUT`: `createTokenHandler`'s `getSecurityContext` took longer than its
 *   `contextTimeout` (given to `onError`; the caller gets a 503).
 * - `CLAIM_RESERVED`: the context or `claims` sets a claim this package computes (`exp`, `iat`)
 *   or that has a meaning of its own to JWT or Cube (`nbf`, `iss`, `sub`, `aud`, `jti`, `u`).
 * - `CLAIM_INVALID`: a registered claim in `claims` has the wrong type, e.g. a numeric `sub`.
 */
export type TokenSigningErrorCode =
  | 'SECRET_MISSING'
  | 'SECRET_UNREADABLE'
  | 'SECRET_TOO_SHORT'
  | 'KEY_INVALID'
  | 'ALGORITHM_UNSUPPORTED'
  | 'EXPIRY_INVALID'
  | 'CONTEXT_INVALID'
  | 'PAYLOAD_TOO_LARGE'
  | 'CONTEXT_TIMEOUT'
  | 'CLAIM_RESERVED'
  | 'CLAIM_INVALID';

/**
 * Thrown (as a rejection) by `signCubeToken`, and synchronously by `createTokenHandler` for
 * options that are wrong at start-up, when a token cannot be signed from the given input.
 *
 * The message names the offending option or claim but never contains the secret, the key or a
 * token.
 *
 * @example
 * ```ts
 * try {
 *   await signCubeToken({ expiresIn: '1d' });
 * } catch (error) {
 *   if (error instanceof TokenSigningError && error.code === 'SECRET_MISSING') {
 *     console.error('Set CUBEJS_API_SECRET');
 *   }
 * }
 * ```
 */
export class TokenSigningError extends CubeClientError<TokenSigningErrorCode> {}
