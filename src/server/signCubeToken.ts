import { TokenSigningError } from '../errors/TokenSigningError';
import { parseExpiresIn } from './duration';
import { loadJose } from './jose';
import { toJsonObject } from './json';
import { ALGORITHMS, importAsymmetricKey, type PrivateKeyInput } from './keys';
import { resolveSecret, secretCheck, type SecretCheck, type SecretPolicy } from './secret';
import type { CubeTokenAlgorithm, ExpiresIn, JsonValue } from './types';

/** Options of {@link signCubeToken}. */
export interface SignCubeTokenOptions extends SecretPolicy {
  /**
   * The HS256 secret Cube verifies with: any non-empty secret, the one your Cube server runs
   * with. Strings are used as their UTF-8 bytes, as Cube does. One shorter than 32 bytes is used
   * with a warning (see `onWarning`), or refused under `minSecretBytes: 32`.
   *
   * @default `CUBEJS_API_SECRET` from the environment, else from `./.env`
   */
  secret?: string | Uint8Array;

  /**
   * The token's lifetime; `exp - iat` is exactly this many seconds.
   *
   * @default '1d'
   */
  expiresIn?: ExpiresIn;

  /**
   * What the user may see, as Cube's `securityContext`: a plain JSON object, written at the top
   * level of the payload. Its own properties are copied; those set to `undefined` are left out.
   * A `__proto__` key (as `JSON.parse` can produce) is refused rather than lost, and so is a
   * context nested deeper than 64 levels or a payload over 8 KiB of JSON, which would make a
   * token too big for the `Authorization` header of most servers. It may not use the claim
   * names `exp`, `iat`, `nbf`, `iss`, `sub`, `aud`, `jti` (pass those through `claims`), nor `u`,
   * which Cube would merge into the context.
   *
   * @default {} (every user has the same access)
   */
  securityContext?: object;

  /**
   * Write the security context under `u` instead, for Cube versions older than 0.26, which only
   * read it from there. Newer Cube versions still accept it but log a deprecation warning.
   *
   * @default false
   */
  legacyUserContext?: boolean;

  /**
   * The signing algorithm. RS256 and ES256 need `privateKey` and a Cube configured with the
   * matching public key (`CUBEJS_JWK_URL` or `CUBEJS_JWT_KEY`).
   *
   * @default 'HS256'
   */
  algorithm?: CubeTokenAlgorithm;

  /** The private key for RS256 or ES256. */
  privateKey?: PrivateKeyInput;

  /** A `kid` header, for servers that pick the verifying key from a key set. */
  keyId?: string;

  /**
   * More claims, for example `{ iss: 'my-app', sub: 'user-42', aud: 'cube' }`. `exp` and `iat`
   * are computed and cannot be set here; `u` is reserved for `legacyUserContext`. A claim may
   * not also be a key of the security context.
   */
  claims?: { [claim: string]: JsonValue | undefined };
}

/** Claims this package computes itself. */
const COMPUTED_CLAIMS = ['exp', 'iat'];
/** Claims with a meaning of their own to JWT verifiers, which therefore never come from a context. */
const REGISTERED_CLAIMS = ['exp', 'iat', 'nbf', 'iss', 'sub', 'aud', 'jti'];
const DEFAULT_EXPIRES_IN = '1d';
/**
 * The largest payload, as JSON, signed: its token is then about 11 KiB, which leaves room for
 * the other headers under the 16 KiB Node (and so Cube) accepts for all of them by default.
 */
const MAX_PAYLOAD_BYTES = 8 * 1024;

/**
 * Signs a token for Cube's REST and GraphQL APIs.
 *
 * @returns a compact JWS (`header.payload.signature`) with `iat`, `exp` and the security context.
 * @throws {TokenSigningError} when an option cannot produce a valid token; see its codes.
 *
 * @example
 * ```ts
 * import { signCubeToken } from 'cube-client/server';
 *
 * // CUBEJS_API_SECRET comes from the environment or ./.env
 * const token = await signCubeToken({ expiresIn: '1h', securityContext: { tenantId: 42 } });
 * ```
 */
export async function signCubeToken(options: SignCubeTokenOptions = {}): Promise<string> {
  return signWith(options, secretCheck(options));
}

/** `signCubeToken` with the secret policy already read, so the token route reads it once. */
export async function signWith(options: SignCubeTokenOptions, check: SecretCheck): Promise<string> {
  const algorithm = options.algorithm ?? 'HS256';
  if (!ALGORITHMS.includes(algorithm)) {
    throw new TokenSigningError(
      'ALGORITHM_UNSUPPORTED',
      `algorithm must be one of ${ALGORITHMS.join(', ')}; got ${JSON.stringify(algorithm)}`,
    );
  }
  const seconds = parseExpiresIn(options.expiresIn ?? DEFAULT_EXPIRES_IN);
  const payload = buildPayload(options);
  const payloadBytes = new TextEncoder().encode(JSON.stringify(payload)).length;
  if (payloadBytes > MAX_PAYLOAD_BYTES) {
    throw new TokenSigningError(
      'PAYLOAD_TOO_LARGE',
      `The security context and claims are ${payloadBytes} bytes of JSON; over ${MAX_PAYLOAD_BYTES}, the token would be too big for the Authorization header most servers accept`,
    );
  }
  const key = await signingKey(options, algorithm, check);

  const jose = await loadJose();
  const iat = Math.floor(Date.now() / 1000);
  const header = {
    alg: algorithm,
    typ: 'JWT',
    ...(options.keyId === undefined ? {} : { kid: options.keyId }),
  };
  try {
    return await new jose.SignJWT(payload)
      .setProtectedHeader(header)
      .setIssuedAt(iat)
      .setExpirationTime(iat + seconds)
      .sign(key);
  } catch (cause) {
    throw new TokenSigningError('KEY_INVALID', `The key could not sign with ${algorithm}`, { cause });
  }
}

function buildPayload(options: SignCubeTokenOptions): { [claim: string]: JsonValue } {
  const context = toJsonObject(options.securityContext ?? {}, 'securityContext');
  const claims = toJsonObject(options.claims ?? {}, 'claims', 'CLAIM_INVALID');

  for (const name of Object.keys(claims)) {
    if (COMPUTED_CLAIMS.includes(name)) {
      throw new TokenSigningError(
        'CLAIM_RESERVED',
        `claims.${name} is computed from expiresIn and cannot be set`,
      );
    }
    if (name === 'u') {
      throw new TokenSigningError(
        'CLAIM_RESERVED',
        'claims.u is reserved: use legacyUserContext to put the context under u',
      );
    }
  }
  checkRegisteredClaimTypes(claims);

  if (options.legacyUserContext) return { ...claims, u: context };

  for (const name of Object.keys(context)) {
    if (REGISTERED_CLAIMS.includes(name)) {
      throw new TokenSigningError(
        'CLAIM_RESERVED',
        `securityContext.${name} clashes with the JWT claim of that name; ${
          COMPUTED_CLAIMS.includes(name) ? 'it is computed from expiresIn' : 'pass it through claims instead'
        }`,
      );
    }
    if (name === 'u') {
      throw new TokenSigningError(
        'CLAIM_RESERVED',
        'securityContext.u is reserved: Cube merges it into the context; use legacyUserContext for the u form',
      );
    }
    if (Object.hasOwn(claims, name)) {
      throw new TokenSigningError('CLAIM_RESERVED', `securityContext.${name} is also given in claims`);
    }
  }
  return { ...claims, ...context };
}

function checkRegisteredClaimTypes(claims: { [claim: string]: JsonValue }): void {
  const bad = (name: string, expected: string) =>
    new TokenSigningError('CLAIM_INVALID', `claims.${name} must be ${expected}`);
  for (const name of ['iss', 'sub', 'jti']) {
    if (Object.hasOwn(claims, name) && typeof claims[name] !== 'string') throw bad(name, 'a string');
  }
  const aud = claims.aud;
  if (
    aud !== undefined &&
    typeof aud !== 'string' &&
    !(Array.isArray(aud) && aud.every((item) => typeof item === 'string'))
  ) {
    throw bad('aud', 'a string or an array of strings');
  }
  if (Object.hasOwn(claims, 'nbf') && !Number.isSafeInteger(claims.nbf))
    throw bad('nbf', 'a whole number of seconds since the epoch');
}

async function signingKey(options: SignCubeTokenOptions, algorithm: CubeTokenAlgorithm, check: SecretCheck) {
  if (algorithm === 'HS256') {
    if (options.privateKey !== undefined) {
      throw new TokenSigningError(
        'KEY_INVALID',
        'privateKey is for RS256 and ES256; HS256 signs with secret',
      );
    }
    return resolveSecret(options.secret, check);
  }
  if (options.secret !== undefined) {
    throw new TokenSigningError('KEY_INVALID', `secret is for HS256; ${algorithm} signs with privateKey`);
  }
  if (options.privateKey === undefined || options.privateKey === null) {
    throw new TokenSigningError('KEY_INVALID', `${algorithm} needs a privateKey`);
  }
  return importAsymmetricKey(options.privateKey, algorithm, 'sign');
}
