// Tokens signed with `jsonwebtoken`, the library Cube itself verifies with, so a failure in
// these helpers points at the server set-up rather than at our own signing code.
import jwt from 'jsonwebtoken';
import { stack } from './stack';

export function referenceToken(
  payload: object = {},
  options: { expiresIn?: number; secret?: string } = {},
): string {
  return jwt.sign(payload, options.secret ?? stack.secret, {
    algorithm: 'HS256',
    expiresIn: options.expiresIn ?? 3600,
  });
}

/** A token whose `exp` is already in the past, but otherwise valid. */
export function expiredToken(payload: object = {}): string {
  const now = Math.floor(Date.now() / 1000);
  return jwt.sign({ ...payload, iat: now - 120, exp: now - 60 }, stack.secret, { algorithm: 'HS256' });
}

/** A well-formed token signed with a secret the server does not know. */
export function wrongSecretToken(payload: object = {}): string {
  return referenceToken(payload, { secret: 'not-the-secret-the-server-uses-0123456789' });
}
