/** A value that survives `JSON.stringify` / `JSON.parse` unchanged. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** The algorithms a Cube token can be signed with. Cube's default configuration expects HS256. */
export type CubeTokenAlgorithm = 'HS256' | 'RS256' | 'ES256';

/**
 * A token lifetime: a whole number of seconds, or a string such as `'30s'`, `'15m'`, `'2h'`,
 * `'30d'`, `'1w'` (long unit names like `'30 days'` work too). A string of digits alone means
 * seconds, unlike `jsonwebtoken`, which reads it as milliseconds.
 */
export type ExpiresIn = number | string;

/**
 * The payload of a Cube token as `verifyCubeToken` returns it: the registered claims plus the
 * security context, at the top level or (legacy form) under `u`.
 */
export interface CubeTokenPayload {
  /** Issued at, in seconds since the epoch. */
  iat?: number;
  /** Expires at, in seconds since the epoch. */
  exp?: number;
  /** Not before, in seconds since the epoch. */
  nbf?: number;
  /** Issuer. */
  iss?: string;
  /** Subject, usually the user id. */
  sub?: string;
  /** Audience. */
  aud?: string | string[];
  /** Token id. */
  jti?: string;
  /** The security context of older Cube versions. */
  u?: { [key: string]: unknown };
  [claim: string]: unknown;
}
