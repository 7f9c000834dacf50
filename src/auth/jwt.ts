/**
 * Reading a JWT's payload on the client, without verifying it: the client only needs `exp` and
 * `iat` to know when to refresh. Verification is the Cube server's job.
 */
import { stripBearer } from '../utils/stripBearer';

/** The claims the client reads; everything else in the payload is left alone. */
export interface TokenTimes {
  /** `exp`, seconds since the epoch (issuer's clock). */
  exp?: number;
  /** `iat`, seconds since the epoch (issuer's clock). */
  iat?: number;
}

/** A payload larger than this is not a Cube token; refusing it bounds the work done on junk. */
const MAX_PAYLOAD_CHARS = 64 * 1024;

function finiteNumber(value: unknown): number | undefined {
  return Number.isFinite(value) ? (value as number) : undefined;
}

/**
 * Returns the `exp` and `iat` claims of a JWT, or `undefined` when the string is not a JWT with a
 * JSON object payload. Never throws: an opaque token is legal, it just has no known expiry.
 * Claims that are not finite numbers are ignored.
 *
 * @example
 * ```ts
 * readTokenTimes('eyJhbGciOi...'); // { exp: 1767225600, iat: 1767139200 }
 * readTokenTimes('opaque-api-key'); // undefined
 * ```
 */
export function readTokenTimes(token: string): TokenTimes | undefined {
  const parts = stripBearer(token).split('.');
  const payload = parts[1];
  if (parts.length !== 3 || payload.length > MAX_PAYLOAD_CHARS || !/^[\w-]*$/.test(payload)) return undefined;
  try {
    // atob takes base64 without its padding, and throws on a length no base64 can have.
    const binary = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    const claims: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    if (claims === null || typeof claims !== 'object' || Array.isArray(claims)) return undefined;
    const { exp, iat } = claims as Record<string, unknown>;
    return { exp: finiteNumber(exp), iat: finiteNumber(iat) };
  } catch {
    // Not base64url, not UTF-8 or not JSON: an opaque token.
    return undefined;
  }
}

/** The precision of `iat`: whole seconds. */
const IAT_ROUNDING_MS = 1000;

/** When a token expires and when the client should refresh it, on the client's own clock. */
export interface TokenSchedule {
  /** Local-clock milliseconds after which the token must not be sent. */
  expiresAt: number;
  /** Local-clock milliseconds from which a request triggers a background refresh. */
  refreshAt: number;
  /**
   * Until when the token may still be valid (`expiresAt` plus the `iat` rounding margin): used
   * only as a last resort, when no new token can be had.
   */
  graceUntil?: number;
}

/**
 * Works out a token's schedule from the moment it was received.
 *
 * With both `iat` and `exp`, the lifetime `exp - iat` is counted from `receivedAt`, so a client
 * clock that is hours off does not matter. With `exp` only, the local clock is all there is.
 * Without `exp`, the token has no schedule: it is used until the server rejects it.
 *
 * The refresh moment is spread at random over the first half of the leeway window before
 * expiry, so tokens issued together are not all refreshed together, yet there is always time
 * left to refresh before the token expires.
 *
 * @param leeway - milliseconds before expiry; by default `min(60 s, 20% of the lifetime)`.
 */
export function scheduleToken(
  times: TokenTimes | undefined,
  receivedAt: number,
  random: () => number,
  leeway?: number,
): TokenSchedule | undefined {
  if (times?.exp === undefined) return undefined;
  const { exp, iat } = times;
  // With `exp` only, the local clock is all there is.
  let graceUntil = exp * 1000;
  let expiresAt = graceUntil;
  if (iat !== undefined && exp >= iat) {
    // `iat` is rounded down to the second, so the token may have been issued up to a second later
    // than it says and expire that much sooner after receipt: count the lifetime one second short.
    graceUntil = receivedAt + (exp - iat) * 1000;
    expiresAt = Math.max(receivedAt, graceUntil - IAT_ROUNDING_MS);
  }
  const lifetime = Math.max(0, expiresAt - receivedAt);
  const window = Math.min(leeway ?? Math.min(60_000, lifetime * 0.2), lifetime);
  const refreshAt = expiresAt - window + random() * (window / 2);
  return { expiresAt, refreshAt, graceUntil };
}
