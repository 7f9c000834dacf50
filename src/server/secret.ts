import { TokenSigningError } from '../errors/TokenSigningError';
import { TokenVerificationError } from '../errors/TokenVerificationError';
import { readDotEnvFile } from './dotenv';

/** RFC 7518 §3.2: an HS256 key should be at least as long as the hash, 256 bits. */
export const RECOMMENDED_SECRET_BYTES = 32;

/** The environment variable Cube itself reads its signing secret from. */
export const SECRET_ENV = 'CUBEJS_API_SECRET';

/** The `code` of the warning about a secret shorter than {@link RECOMMENDED_SECRET_BYTES}. */
export const SHORT_SECRET_WARNING = 'CUBE_SECRET_TOO_SHORT';

/** A warning given through `onWarning`, or through `process.emitWarning` with the same `code`. */
export interface CubeTokenWarning {
  /** A stable identifier: `'CUBE_SECRET_TOO_SHORT'` for an HS256 secret under 32 bytes. */
  code: typeof SHORT_SECRET_WARNING;
  /** What is wrong and what to do about it; never contains the secret. */
  message: string;
}

/** How strictly an HS256 secret is checked; shared by signing, verifying and the token route. */
export interface SecretPolicy {
  /**
   * Refuse an HS256 secret shorter than this many bytes with `SECRET_TOO_SHORT`. Without it, any
   * non-empty secret is used (it is whatever `CUBEJS_API_SECRET` the Cube server runs with) and
   * one shorter than 32 bytes, RFC 7518's minimum for HS256, gives a warning. Pass `32` to refuse
   * such secrets instead.
   *
   * @default 1
   */
  minSecretBytes?: number;

  /**
   * Receives the warning about a secret shorter than 32 bytes, each time one is used. Without
   * it, the warning is a Node process warning (`process.emitWarning`, type `CubeClientWarning`,
   * code `CUBE_SECRET_TOO_SHORT`), given once per process.
   *
   * @default process.emitWarning, once per process
   */
  onWarning?: (warning: CubeTokenWarning) => void;
}

type ErrorClass = typeof TokenSigningError | typeof TokenVerificationError;

/** What a secret is checked against, and whom to tell about a weak one. */
export interface SecretCheck {
  ErrorType: ErrorClass;
  minSecretBytes: number;
  warn: (warning: CubeTokenWarning) => void;
}

let processWarned = false;

/** The default warning channel: one Node process warning, as Node does for its own deprecations. */
function emitProcessWarningOnce(warning: CubeTokenWarning): void {
  if (processWarned) return;
  const emit = (globalThis as { process?: { emitWarning?: unknown } }).process?.emitWarning;
  if (typeof emit !== 'function') return;
  processWarned = true;
  (emit as (message: string, options: object) => void).call(
    (globalThis as { process?: unknown }).process,
    warning.message,
    { type: 'CubeClientWarning', code: warning.code },
  );
}

/**
 * Reads `minSecretBytes` and `onWarning` into a {@link SecretCheck}. A bad `minSecretBytes` is a
 * `TypeError`: it is a programming mistake, not a property of the secret.
 */
export function secretCheck(policy: SecretPolicy, ErrorType: ErrorClass = TokenSigningError): SecretCheck {
  const { minSecretBytes = 1, onWarning } = policy;
  if (!Number.isSafeInteger(minSecretBytes) || minSecretBytes < 1) {
    throw new TypeError(
      `minSecretBytes must be a whole number of bytes, at least 1; got ${String(minSecretBytes)}`,
    );
  }
  if (onWarning !== undefined && typeof onWarning !== 'function') {
    throw new TypeError(`onWarning must be a function; got ${typeof onWarning}`);
  }
  return { ErrorType, minSecretBytes, warn: onWarning ?? emitProcessWarningOnce };
}

/**
 * The secret to sign or verify with, as bytes: the given one, else `CUBEJS_API_SECRET` from the
 * environment, else from `./.env`. The real environment wins over the file, as with dotenv, so a
 * deployment can override a checked-in development secret.
 */
export async function resolveSecret(
  secret: string | Uint8Array | undefined,
  check: SecretCheck,
): Promise<Uint8Array> {
  if (secret !== undefined) return checkSecret(secret, check);
  const { ErrorType } = check;
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  let fromEnv = env?.[SECRET_ENV];
  if (!fromEnv) {
    try {
      fromEnv = (await readDotEnvFile())[SECRET_ENV];
    } catch (cause) {
      const reason = (cause as { code?: unknown } | null)?.code;
      throw new ErrorType(
        'SECRET_UNREADABLE',
        `.env in the working directory exists but could not be read${
          typeof reason === 'string' ? ` (${reason})` : ''
        }; fix it, or set ${SECRET_ENV} in the environment`,
        { cause },
      );
    }
  }
  if (!fromEnv) {
    throw new ErrorType(
      'SECRET_MISSING',
      `No secret: pass one, or set ${SECRET_ENV} in the environment or in a .env file in the working directory`,
    );
  }
  return checkSecret(fromEnv, check, SECRET_ENV);
}

/** Checks an explicit secret and returns its bytes (UTF-8 for strings, as Cube and jsonwebtoken use). */
export function checkSecret(secret: unknown, check: SecretCheck, name = 'secret'): Uint8Array {
  const { ErrorType, minSecretBytes } = check;
  if (typeof secret !== 'string' && !(secret instanceof Uint8Array)) {
    throw new ErrorType(
      'SECRET_MISSING',
      `${name} must be a string or a Uint8Array; got ${secret === null ? 'null' : typeof secret}`,
    );
  }
  const bytes = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
  if (bytes.length === 0) throw new ErrorType('SECRET_MISSING', `${name} is empty`);
  if (bytes.length < minSecretBytes) {
    throw new ErrorType(
      'SECRET_TOO_SHORT',
      `${name} is ${bytes.length} bytes long; ${
        minSecretBytes === RECOMMENDED_SECRET_BYTES ? 'HS256 needs' : 'minSecretBytes asks for'
      } at least ${minSecretBytes} (for example: openssl rand -hex 32)`,
    );
  }
  if (bytes.length < RECOMMENDED_SECRET_BYTES) {
    check.warn({
      code: SHORT_SECRET_WARNING,
      message: `${name} is ${bytes.length} bytes long, under the ${RECOMMENDED_SECRET_BYTES} that RFC 7518 asks for HS256: anyone who guesses it can sign tokens (for example: openssl rand -hex 32; minSecretBytes: 32 refuses short secrets)`,
    });
  }
  return bytes;
}
