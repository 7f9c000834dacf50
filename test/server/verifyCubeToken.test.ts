import { verifyCubeToken } from '../../src/server/verifyCubeToken';
import { signCubeToken } from '../../src/server/signCubeToken';
import { TokenVerificationError } from '../../src/errors/TokenVerificationError';
import { CubeClientError } from '../../src/errors/CubeClientError';
import { OTHER_SECRET, SECRET, b64, ec, jwt, pem, rejectionOf, signRaw, withSecretSources } from './support';

const now = () => Math.floor(Date.now() / 1000);

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(TokenVerificationError);
  expect(error).toBeInstanceOf(CubeClientError);
  return error.code;
}

describe('verifyCubeToken', () => {
  it('returns the payload of a token signCubeToken made', async () => {
    const token = await signCubeToken({ secret: SECRET, securityContext: { tenantId: 3 }, expiresIn: '15m' });
    const payload = await verifyCubeToken(token, { secret: SECRET });
    expect(payload.tenantId).toBe(3);
    expect(payload.exp! - payload.iat!).toBe(900);
  });

  it('accepts tokens from jsonwebtoken, as the seed route makes them', async () => {
    const token = jwt.sign({ u: { id: 42 } }, SECRET, { expiresIn: '30d' });
    await expect(verifyCubeToken(token, { secret: SECRET })).resolves.toMatchObject({ u: { id: 42 } });
  });

  it('ignores a Bearer prefix', async () => {
    const token = await signCubeToken({ secret: SECRET });
    await expect(verifyCubeToken(`Bearer ${token}`, { secret: SECRET })).resolves.toHaveProperty('exp');
  });

  it('accepts a token without exp unless an expiry is required', async () => {
    const token = jwt.sign({ id: 1 }, SECRET);
    await expect(verifyCubeToken(token, { secret: SECRET })).resolves.toMatchObject({ id: 1 });
    expect(await codeOf(verifyCubeToken(token, { secret: SECRET, requireExpiry: true }))).toBe(
      'CLAIM_INVALID',
    );
  });

  it('rejects another secret and an altered payload with SIGNATURE_INVALID', async () => {
    const token = await signCubeToken({ secret: SECRET, securityContext: { role: 'viewer' } });
    expect(await codeOf(verifyCubeToken(token, { secret: OTHER_SECRET }))).toBe('SIGNATURE_INVALID');
    const [header, , signature] = token.split('.');
    const forged = `${header}.${b64({ role: 'admin', exp: now() + 60 })}.${signature}`;
    expect(await codeOf(verifyCubeToken(forged, { secret: SECRET }))).toBe('SIGNATURE_INVALID');
  });

  it('rejects an expired token with TOKEN_EXPIRED, unless within clockTolerance or at an earlier currentDate', async () => {
    const exp = now() - 30;
    const token = jwt.sign({ iat: exp - 60, exp }, SECRET);
    expect(await codeOf(verifyCubeToken(token, { secret: SECRET }))).toBe('TOKEN_EXPIRED');
    await expect(verifyCubeToken(token, { secret: SECRET, clockTolerance: 120 })).resolves.toHaveProperty(
      'exp',
      exp,
    );
    await expect(
      verifyCubeToken(token, { secret: SECRET, currentDate: new Date((exp - 10) * 1000) }),
    ).resolves.toHaveProperty('exp', exp);
  });

  it('rejects a token used before nbf with TOKEN_NOT_YET_VALID', async () => {
    const token = await signCubeToken({ secret: SECRET, claims: { nbf: now() + 600 } });
    expect(await codeOf(verifyCubeToken(token, { secret: SECRET }))).toBe('TOKEN_NOT_YET_VALID');
  });

  it('rejects a non-numeric iat with CLAIM_INVALID', async () => {
    const token = signRaw(JSON.stringify({ iat: 'yesterday' }));
    expect(await codeOf(verifyCubeToken(token, { secret: SECRET }))).toBe('CLAIM_INVALID');
  });

  it.each(['none', 'None', 'NONE'])('never accepts alg %p, whatever the options say', async (alg) => {
    const unsigned = `${b64({ alg, typ: 'JWT' })}.${b64({ admin: true, exp: now() + 60 })}.`;
    const error = await rejectionOf(
      verifyCubeToken(unsigned, { secret: SECRET, algorithms: ['none' as never, 'HS256'] }),
    );
    expect(error.code).toBe('ALGORITHM_REJECTED');
    expect(error.message).toMatch(/none/);
  });

  it('rejects a header without alg', async () => {
    const token = `${b64({ typ: 'JWT' })}.${b64({ exp: now() + 60 })}.c2ln`;
    expect(await codeOf(verifyCubeToken(token, { secret: SECRET }))).toBe('ALGORITHM_REJECTED');
  });

  it('rejects algorithms other than the allowed ones', async () => {
    const hs512 = jwt.sign({ id: 1 }, SECRET, { algorithm: 'HS512' });
    expect(await codeOf(verifyCubeToken(hs512, { secret: SECRET }))).toBe('ALGORITHM_REJECTED');
    const hs256 = await signCubeToken({ secret: SECRET });
    expect(await codeOf(verifyCubeToken(hs256, { secret: SECRET, algorithms: ['RS256'] }))).toBe(
      'ALGORITHM_REJECTED',
    );
  });

  it('does not let an HS256 token pass as RS256 by using the public key as a secret', async () => {
    const confused = jwt.sign({ admin: true }, pem.rsaPublic.padEnd(64, ' '), { algorithm: 'HS256' });
    expect(await codeOf(verifyCubeToken(confused, { publicKey: pem.rsaPublic }))).toBe('ALGORITHM_REJECTED');
  });

  it.each([
    ['garbage', 'not-a-token'],
    ['three empty parts', '..'],
    ['a header that is not JSON', `${Buffer.from('{nope').toString('base64url')}.${b64({})}.c2ln`],
    ['a correctly signed payload that is not JSON', signRaw('nope')],
    ['only a prefix', 'Bearer '],
  ])('rejects %s with TOKEN_MALFORMED', async (_name, token) => {
    expect(await codeOf(verifyCubeToken(token, { secret: SECRET }))).toBe('TOKEN_MALFORMED');
  });

  it('rejects an empty or non-string token with TOKEN_MALFORMED', async () => {
    expect(await codeOf(verifyCubeToken('', { secret: SECRET }))).toBe('TOKEN_MALFORMED');
    expect(await codeOf(verifyCubeToken(undefined as never, { secret: SECRET }))).toBe('TOKEN_MALFORMED');
  });

  it('rejects a JSON payload that is not an object', async () => {
    const token = signRaw(JSON.stringify('just a string'));
    expect(await codeOf(verifyCubeToken(token, { secret: SECRET }))).toBe('TOKEN_MALFORMED');
  });

  it('checks the verifying secret like the signing one', async () => {
    const token = await signCubeToken({ secret: SECRET });
    expect(await codeOf(verifyCubeToken(token, { secret: 'short', minSecretBytes: 32 }))).toBe(
      'SECRET_TOO_SHORT',
    );
    expect(await codeOf(verifyCubeToken(token, { secret: '' }))).toBe('SECRET_MISSING');
  });

  it('falls back on CUBEJS_API_SECRET, and reports SECRET_MISSING without one', async () => {
    const token = await signCubeToken({ secret: SECRET });
    await withSecretSources({ env: SECRET }, async () => {
      await expect(verifyCubeToken(token)).resolves.toHaveProperty('exp');
    });
    await withSecretSources({ dotenv: `CUBEJS_API_SECRET=${SECRET}\n` }, async () => {
      await expect(verifyCubeToken(token)).resolves.toHaveProperty('exp');
    });
    await withSecretSources({}, async () => {
      expect(await codeOf(verifyCubeToken(token))).toBe('SECRET_MISSING');
    });
  });

  it('verifies RS256 and ES256 tokens with a public key (PEM, KeyObject or JWK)', async () => {
    const rs = await signCubeToken({
      algorithm: 'RS256',
      privateKey: pem.rsaPrivate,
      securityContext: { id: 1 },
    });
    await expect(verifyCubeToken(rs, { publicKey: pem.rsaPublic })).resolves.toMatchObject({ id: 1 });
    const es = await signCubeToken({
      algorithm: 'ES256',
      privateKey: pem.ecPrivate,
      securityContext: { id: 2 },
    });
    await expect(verifyCubeToken(es, { publicKey: ec.publicKey })).resolves.toMatchObject({ id: 2 });
    await expect(
      verifyCubeToken(es, { publicKey: ec.publicKey.export({ format: 'jwk' }) as never }),
    ).resolves.toMatchObject({ id: 2 });
  });

  it('rejects a public key of the wrong kind with KEY_INVALID', async () => {
    const es = await signCubeToken({ algorithm: 'ES256', privateKey: pem.ecPrivate });
    expect(await codeOf(verifyCubeToken(es, { publicKey: pem.rsaPublic }))).toBe('KEY_INVALID');
    expect(await codeOf(verifyCubeToken(es, { publicKey: 'not a pem' }))).toBe('KEY_INVALID');
  });

  it('rejects a token signed by another key pair with SIGNATURE_INVALID', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const es = await signCubeToken({ algorithm: 'ES256', privateKey: other.privateKey });
    expect(await codeOf(verifyCubeToken(es, { publicKey: pem.ecPublic }))).toBe('SIGNATURE_INVALID');
  });

  it('keeps the token and the secret out of messages, and jose errors as cause', async () => {
    const token = await signCubeToken({ secret: SECRET });
    const error = await rejectionOf(verifyCubeToken(token, { secret: OTHER_SECRET }));
    expect(error.message).not.toContain(token.split('.')[1]!);
    expect(error.message).not.toContain(OTHER_SECRET);
    expect((error as Error & { cause?: { code?: string } }).cause?.code).toBe(
      'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    );
  });
});
