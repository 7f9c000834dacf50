import { TokenSigningError } from '../errors/TokenSigningError';
import { TokenVerificationError } from '../errors/TokenVerificationError';
import { readDotEnvFile } from './dotenv';

/** RFC 7518 §3.2: an HS256 key must be at least as long as the hash, 256 bits. */
export const MIN_SECRET_BYTES = 32;

/** The environment variable Cube itself reads its signing secret from. */
export const SECRET_ENV = 'CUBEJS_API_SECRET';

type ErrorClass = typeof TokenSigningError | typeof TokenVerificationError;

/**
 * The secret to sign or verify with, as bytes: the given one, else `CUBEJS_API_SECRET` from the
 * environment, else from `./.env`. The real environment wins over the file, as with dotenv, so a
 * deployment can override a checked-in development secret.
 */
export async function resolveSecret(
  secret: string | Uint8Array | undefined,
  ErrorType: ErrorClass = TokenSigningError,
): Promise<Uint8Array> {
  if (secret !== undefined) return checkSecret(secret, ErrorType);
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const fromEnv = env?.[SECRET_ENV] || (await readDotEnvFile())[SECRET_ENV];
  if (!fromEnv) {
    throw new ErrorType(
      'SECRET_MISSING',
      `No secret: pass one, or set ${SECRET_ENV} in the environment or in a .env file in the working directory`,
    );
  }
  return checkSecret(fromEnv, ErrorType, SECRET_ENV);
}

/** Checks an explicit secret and returns its bytes (UTF-8 for strings, as Cube and jsonwebtoken use). */
export function checkSecret(
  secret: unknown,
  ErrorType: ErrorClass = TokenSigningError,
  name = 'secret',
): Uint8Array {
  if (typeof secret !== 'string' && !(secret instanceof Uint8Array)) {
    throw new ErrorType(
      'SECRET_MISSING',
      `${name} must be a string or a Uint8Array; got ${secret === null ? 'null' : typeof secret}`,
    );
  }
  const bytes = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
  if (bytes.length === 0) throw new ErrorType('SECRET_MISSING', `${name} is empty`);
  if (bytes.length < MIN_SECRET_BYTES) {
    throw new ErrorType(
      'SECRET_TOO_SHORT',
      `${name} is ${bytes.length} bytes long; HS256 needs at least ${MIN_SECRET_BYTES} (for example: openssl rand -hex 32)`,
    );
  }
  return bytes;
}
