import type { CryptoKey, JWK, KeyObject } from 'jose';
import { TokenSigningError } from '../errors/TokenSigningError';
import { TokenVerificationError } from '../errors/TokenVerificationError';
import { loadJose } from './jose';
import type { CubeTokenAlgorithm } from './types';

/**
 * A private key for RS256/ES256: PKCS#8 PEM text (`-----BEGIN PRIVATE KEY-----`), a Web Crypto
 * `CryptoKey`, a Node `KeyObject`, or a private JWK.
 */
export type PrivateKeyInput = string | CryptoKey | KeyObject | JWK;

/**
 * A public key for RS256/ES256: SPKI PEM text (`-----BEGIN PUBLIC KEY-----`), an X.509
 * certificate in PEM, a `CryptoKey`, a Node `KeyObject`, or a public JWK.
 */
export type PublicKeyInput = string | CryptoKey | KeyObject | JWK;

export const ALGORITHMS: readonly CubeTokenAlgorithm[] = ['HS256', 'RS256', 'ES256'];

/** Turns PEM text or a JWK into something jose signs or verifies with; other inputs pass through. */
export async function importAsymmetricKey(
  key: PrivateKeyInput | PublicKeyInput,
  algorithm: CubeTokenAlgorithm,
  use: 'sign' | 'verify',
): Promise<CryptoKey | KeyObject> {
  const ErrorType = use === 'sign' ? TokenSigningError : TokenVerificationError;
  const name = use === 'sign' ? 'privateKey' : 'publicKey';
  const jose = await loadJose();
  try {
    if (typeof key === 'string') {
      if (use === 'sign') return await jose.importPKCS8(key, algorithm);
      return key.includes('BEGIN CERTIFICATE')
        ? await jose.importX509(key, algorithm)
        : await jose.importSPKI(key, algorithm);
    }
    if (typeof key === 'object' && key !== null && 'kty' in key) {
      const imported = await jose.importJWK(key, algorithm);
      if (imported instanceof Uint8Array) throw new TypeError('a symmetric JWK');
      return imported;
    }
  } catch (cause) {
    // jose's messages describe the key's shape, never its bytes, but stay safe and write our own.
    throw new ErrorType(
      'KEY_INVALID',
      `${name} could not be read as a ${algorithm} ${use === 'sign' ? 'private' : 'public'} key${
        use === 'sign' && typeof key === 'string'
          ? ' (PEM text must be PKCS#8: -----BEGIN PRIVATE KEY-----)'
          : ''
      }`,
      { cause },
    );
  }
  if (typeof key === 'object' && key !== null) return key as CryptoKey | KeyObject;
  throw new ErrorType('KEY_INVALID', `${name} must be PEM text, a CryptoKey, a KeyObject or a JWK`);
}
