import { createRequire } from 'node:module';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A 64-character secret, like the hex secrets Cube's CLI writes to .env. */
export const SECRET = 'c0ffee'.repeat(10) + 'beef';
export const OTHER_SECRET = 'd15ea5e'.repeat(10);

interface JwtVerifyOptions {
  algorithms?: string[];
  audience?: string;
  issuer?: string;
  clockTimestamp?: number;
}
interface JsonWebToken {
  verify(token: string, key: string | Buffer, options?: JwtVerifyOptions): Record<string, unknown>;
  sign(
    payload: object,
    key: string | Buffer,
    options?: { algorithm?: string; expiresIn?: number | string; noTimestamp?: boolean; notBefore?: number },
  ): string;
  decode(
    token: string,
    options: { complete: true },
  ): { header: Record<string, unknown>; payload: Record<string, unknown> };
}

// jsonwebtoken ships no types and @types/jsonwebtoken is not installed; this is the slice we use.
// It is what Cube's API gateway verifies tokens with, so a token it accepts is one Cube accepts.
export const jwt = createRequire(import.meta.url)('jsonwebtoken') as JsonWebToken;

/** Verifies like Cube's default checkAuth: HS256 with CUBEJS_API_SECRET. */
export function cubeVerify(
  token: string,
  secret: string = SECRET,
  options: JwtVerifyOptions = {},
): Record<string, unknown> {
  return jwt.verify(token, secret, { algorithms: ['HS256'], ...options });
}

export function decodeHeader(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8'));
}

export function b64(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
export const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
export const pem = {
  rsaPrivate: rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  rsaPrivatePkcs1: rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string,
  rsaPublic: rsa.publicKey.export({ type: 'spki', format: 'pem' }) as string,
  ecPrivate: ec.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  ecPublic: ec.publicKey.export({ type: 'spki', format: 'pem' }) as string,
};

/**
 * Runs `fn` with CUBEJS_API_SECRET set to `value` (or unset) and the working directory in a fresh
 * temporary folder, optionally holding a `.env` file; restores both afterwards.
 */
export async function withSecretSources<T>(
  sources: { env?: string; dotenv?: string },
  fn: (dir: string) => Promise<T>,
): Promise<T> {
  const { writeFileSync } = await import('node:fs');
  const savedEnv = process.env.CUBEJS_API_SECRET;
  const savedCwd = process.cwd();
  const dir = mkdtempSync(join(tmpdir(), 'cube-token-'));
  try {
    if (sources.env === undefined) delete process.env.CUBEJS_API_SECRET;
    else process.env.CUBEJS_API_SECRET = sources.env;
    if (sources.dotenv !== undefined) writeFileSync(join(dir, '.env'), sources.dotenv);
    process.chdir(dir);
    return await fn(dir);
  } finally {
    process.chdir(savedCwd);
    if (savedEnv === undefined) delete process.env.CUBEJS_API_SECRET;
    else process.env.CUBEJS_API_SECRET = savedEnv;
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The rejection of `promise`, failing the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a rejection');
}

/** The error `fn` throws synchronously, failing the test when it returns. */
export function thrownBy(fn: () => unknown): Error & { code?: string } {
  try {
    fn();
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a throw');
}

/** An HS256 JWS over an arbitrary payload text, for payloads no JWT library would sign. */
export function signRaw(
  payloadText: string,
  secret: string = SECRET,
  header: object = { alg: 'HS256', typ: 'JWT' },
): string {
  const input = `${b64(header)}.${Buffer.from(payloadText).toString('base64url')}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}
