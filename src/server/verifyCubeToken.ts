import type { JWTVerifyOptions } from 'jose';
import { TokenVerificationError } from '../errors/TokenVerificationError';
import { loadJose } from './jose';
import { importAsymmetricKey, type PublicKeyInput } from './keys';
import { resolveSecret, secretCheck, type SecretPolicy } from './secret';
import type { CubeTokenAlgorithm, CubeTokenPayload } from './types';

/** Options of {@link verifyCubeToken}. */
export interface VerifyCubeTokenOptions extends SecretPolicy {
  /**
   * The HS256 secret: any non-empty secret, with a warning under 32 bytes (see `onWarning`), as
   * for signing.
   *
   * @default `CUBEJS_API_SECRET` from the environment, else from `./.env` (when no `publicKey`)
   */
  secret?: string | Uint8Array;

  /** The public key for RS256/ES256 tokens; replaces `secret`. */
  publicKey?: PublicKeyInput;

  /**
   * The algorithms to accept. `none` is never accepted, whatever this says.
   *
   * @default ['HS256'] with a secret, ['RS256', 'ES256'] with a public key
   */
  algorithms?: CubeTokenAlgorithm[];

  /**
   * Refuse tokens without `exp`. Cube itself accepts them, so this is off unless asked for.
   *
   * @default false
   */
  requireExpiry?: boolean;

  /**
   * Seconds of clock difference to tolerate on `exp` and `nbf`.
   *
   * @default 0 (as Cube)
   */
  clockTolerance?: number;

  /**
   * The moment to check `exp` and `nbf` against.
   *
   * @default now
   */
  currentDate?: Date;
}

const JOSE_CODES: Record<string, TokenVerificationError['code']> = {
  ERR_JWT_EXPIRED: 'TOKEN_EXPIRED',
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'SIGNATURE_INVALID',
  ERR_JOSE_ALG_NOT_ALLOWED: 'ALGORITHM_REJECTED',
  ERR_JOSE_NOT_SUPPORTED: 'ALGORITHM_REJECTED',
  ERR_JWS_INVALID: 'TOKEN_MALFORMED',
  ERR_JWT_INVALID: 'TOKEN_MALFORMED',
  ERR_JWT_CLAIM_VALIDATION_FAILED: 'CLAIM_INVALID',
};

const MESSAGES: Record<TokenVerificationError['code'], string> = {
  SECRET_MISSING: 'No secret to verify with',
  SECRET_UNREADABLE: 'The secret could not be read',
  SECRET_TOO_SHORT: 'The secret is too short',
  KEY_INVALID: 'The key cannot verify this token',
  TOKEN_MALFORMED: 'The token is not a well-formed JWT',
  ALGORITHM_REJECTED: 'The token is signed with an algorithm that is not allowed',
  SIGNATURE_INVALID: 'The token signature does not match',
  TOKEN_EXPIRED: 'The token has expired',
  TOKEN_NOT_YET_VALID: 'The token is not valid yet (nbf)',
  CLAIM_INVALID: 'A claim of the token is invalid',
};

/**
 * Checks a Cube token the way a Cube server does (signature, algorithm, `exp`, `nbf`) and returns
 * its payload. A `Bearer ` prefix is ignored, so an `Authorization` header can be passed as is.
 *
 * @throws {TokenVerificationError} when the token must not be accepted, or there is nothing to
 *   verify it with; see its codes.
 *
 * @example
 * ```ts
 * const payload = await verifyCubeToken(request.headers.get('authorization') ?? '', { secret });
 * console.log(payload.tenantId, new Date(payload.exp! * 1000));
 * ```
 */
export async function verifyCubeToken(
  token: string,
  options: VerifyCubeTokenOptions = {},
): Promise<CubeTokenPayload> {
  if (typeof token !== 'string' || !token)
    throw new TokenVerificationError('TOKEN_MALFORMED', 'The token must be a non-empty string');
  const compact = token.replace(/^Bearer\s+/i, '').trim();
  const jose = await loadJose();

  let alg: unknown;
  try {
    alg = jose.decodeProtectedHeader(compact).alg;
  } catch (cause) {
    throw new TokenVerificationError('TOKEN_MALFORMED', MESSAGES.TOKEN_MALFORMED, { cause });
  }
  // jose refuses unsecured tokens too; checking first gives the caller a precise code.
  if (typeof alg !== 'string' || alg.toLowerCase() === 'none') {
    throw new TokenVerificationError('ALGORITHM_REJECTED', 'Unsigned tokens (alg "none") are never accepted');
  }

  const { publicKey } = options;
  const usePublicKey = publicKey !== undefined;
  const algorithms = options.algorithms ?? (usePublicKey ? ['RS256', 'ES256'] : ['HS256']);
  if (!(algorithms as string[]).includes(alg)) {
    throw new TokenVerificationError(
      'ALGORITHM_REJECTED',
      `${MESSAGES.ALGORITHM_REJECTED}: ${JSON.stringify(alg.slice(0, 20))}`,
    );
  }
  const key = usePublicKey
    ? await importAsymmetricKey(publicKey, alg as CubeTokenAlgorithm, 'verify')
    : await resolveSecret(options.secret, secretCheck(options, TokenVerificationError));

  const verifyOptions: JWTVerifyOptions = {
    algorithms,
    ...(options.requireExpiry ? { requiredClaims: ['exp'] } : {}),
    ...(options.clockTolerance === undefined ? {} : { clockTolerance: options.clockTolerance }),
    ...(options.currentDate === undefined ? {} : { currentDate: options.currentDate }),
  };
  try {
    const { payload } = await jose.jwtVerify(compact, key, verifyOptions);
    return payload;
  } catch (cause) {
    throw new TokenVerificationError(codeOf(cause), messageOf(cause), { cause });
  }
}

function codeOf(error: unknown): TokenVerificationError['code'] {
  const joseCode = (error as { code?: unknown } | null)?.code;
  if (joseCode === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && (error as { claim?: unknown }).claim === 'nbf') {
    return 'TOKEN_NOT_YET_VALID';
  }
  if (typeof joseCode === 'string' && joseCode in JOSE_CODES) return JOSE_CODES[joseCode];
  // jose throws plain TypeErrors for keys that do not fit the algorithm.
  return error instanceof TypeError ? 'KEY_INVALID' : 'TOKEN_MALFORMED';
}

function messageOf(error: unknown): string {
  const code = codeOf(error);
  const claim = (error as { claim?: unknown } | null)?.claim;
  return code === 'CLAIM_INVALID' && typeof claim === 'string'
    ? `${MESSAGES.CLAIM_INVALID}: ${claim}`
    : MESSAGES[code];
}
