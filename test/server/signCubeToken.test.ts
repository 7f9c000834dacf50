import { webcrypto } from 'node:crypto';
import { signCubeToken } from '../../src/server/signCubeToken';
import { TokenSigningError } from '../../src/errors/TokenSigningError';
import { CubeClientError } from '../../src/errors/CubeClientError';
import {
  SECRET,
  cubeVerify,
  decodeHeader,
  ec,
  jwt,
  pem,
  rejectionOf,
  rsa,
  withSecretSources,
} from './support';

describe('signCubeToken with HS256', () => {
  it('signs a token Cube accepts, with iat now and the default one-day expiry', async () => {
    const before = Math.floor(Date.now() / 1000);
    const token = await signCubeToken({ secret: SECRET });
    const after = Math.floor(Date.now() / 1000);

    const payload = cubeVerify(token);
    expect(decodeHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload.iat).toBeGreaterThanOrEqual(before);
    expect(payload.iat).toBeLessThanOrEqual(after);
    expect((payload.exp as number) - (payload.iat as number)).toBe(86_400);
    expect(Object.keys(payload).sort()).toEqual(['exp', 'iat']);
  });

  it.each([
    [60, 60],
    ['30s', 30],
    ['15m', 900],
    ['2h', 7200],
    ['30d', 2_592_000],
    ['1w', 604_800],
    ['2 days', 172_800],
  ])('makes exp - iat equal to expiresIn %p', async (expiresIn, seconds) => {
    const payload = cubeVerify(await signCubeToken({ secret: SECRET, expiresIn }));
    expect((payload.exp as number) - (payload.iat as number)).toBe(seconds);
  });

  it('puts the security context at the top level and drops undefined properties', async () => {
    const securityContext = {
      tenantId: 42,
      roles: ['admin', 'viewer'],
      org: { id: 'acme', flags: { beta: true } },
      none: null,
      gone: undefined,
    };
    const payload = cubeVerify(await signCubeToken({ secret: SECRET, securityContext }));
    expect(payload).toMatchObject({
      tenantId: 42,
      roles: ['admin', 'viewer'],
      org: { id: 'acme', flags: { beta: true } },
      none: null,
    });
    expect(payload).not.toHaveProperty('gone');
    expect(payload).not.toHaveProperty('u');
  });

  it('accepts a context without a prototype, as JSON.parse-like code makes', async () => {
    const securityContext = Object.assign(Object.create(null) as object, { id: 7 });
    expect(cubeVerify(await signCubeToken({ secret: SECRET, securityContext }))).toMatchObject({ id: 7 });
  });

  it('writes the legacy u form on request, where registered claim names are just context keys', async () => {
    const payload = cubeVerify(
      await signCubeToken({ secret: SECRET, legacyUserContext: true, securityContext: { id: 42, sub: 'x' } }),
    );
    expect(payload.u).toEqual({ id: 42, sub: 'x' });
    expect(payload).not.toHaveProperty('id');
    expect(payload).not.toHaveProperty('sub');
  });

  it('writes an empty u in the legacy form without a context', async () => {
    expect(cubeVerify(await signCubeToken({ secret: SECRET, legacyUserContext: true })).u).toEqual({});
  });

  it('adds claims next to the context and sets the kid header', async () => {
    const token = await signCubeToken({
      secret: SECRET,
      securityContext: { tenantId: 1 },
      claims: { iss: 'my-app', sub: 'user-1', aud: 'cube', jti: 'abc', custom: { a: 1 } },
      keyId: 'key-2024',
    });
    const payload = cubeVerify(token, SECRET, { audience: 'cube', issuer: 'my-app' });
    expect(payload).toMatchObject({
      tenantId: 1,
      iss: 'my-app',
      sub: 'user-1',
      aud: 'cube',
      jti: 'abc',
      custom: { a: 1 },
    });
    expect(decodeHeader(token).kid).toBe('key-2024');
  });

  it('carries an nbf claim that verifiers honour', async () => {
    const nbf = Math.floor(Date.now() / 1000) + 3600;
    const token = await signCubeToken({ secret: SECRET, claims: { nbf } });
    expect(() => cubeVerify(token)).toThrow(/not active/);
    expect(cubeVerify(token, SECRET, { clockTimestamp: nbf + 1 }).nbf).toBe(nbf);
  });

  it('accepts a Uint8Array secret and measures strings in UTF-8 bytes', async () => {
    const bytes = new TextEncoder().encode(SECRET);
    expect(cubeVerify(await signCubeToken({ secret: bytes }))).toHaveProperty('exp');
    // 16 characters but 32 bytes: long enough.
    const accented = 'é'.repeat(16);
    expect(cubeVerify(await signCubeToken({ secret: accented }), accented)).toHaveProperty('exp');
  });

  it('produces a different signature under another secret', async () => {
    const token = await signCubeToken({ secret: SECRET });
    expect(() => cubeVerify(token, 'x'.repeat(40))).toThrow(/invalid signature/);
  });
});

describe('signCubeToken secret sources', () => {
  it('reads CUBEJS_API_SECRET from the environment', async () => {
    await withSecretSources({ env: SECRET }, async () => {
      expect(cubeVerify(await signCubeToken())).toHaveProperty('iat');
    });
  });

  it('reads CUBEJS_API_SECRET from .env in the working directory', async () => {
    const fileSecret = 'f'.repeat(48);
    await withSecretSources(
      { dotenv: `CUBEJS_DB_TYPE=postgres\nCUBEJS_API_SECRET="${fileSecret}"\n` },
      async () => {
        expect(cubeVerify(await signCubeToken(), fileSecret)).toHaveProperty('iat');
      },
    );
  });

  it('prefers the environment over .env, and an explicit secret over both', async () => {
    await withSecretSources({ env: SECRET, dotenv: `CUBEJS_API_SECRET=${'f'.repeat(48)}\n` }, async () => {
      expect(cubeVerify(await signCubeToken())).toHaveProperty('iat');
      const explicit = 'e'.repeat(32);
      expect(cubeVerify(await signCubeToken({ secret: explicit }), explicit)).toHaveProperty('iat');
    });
  });

  it('fails with SECRET_MISSING when there is no secret anywhere', async () => {
    await withSecretSources({ dotenv: 'OTHER=1\n' }, async () => {
      const error = await rejectionOf(signCubeToken());
      expect(error).toBeInstanceOf(TokenSigningError);
      expect(error.code).toBe('SECRET_MISSING');
      expect(error.message).toMatch(/CUBEJS_API_SECRET/);
    });
  });

  it('checks the length of a secret from the environment too', async () => {
    await withSecretSources({ env: 'short-env-secret' }, async () => {
      const error = await rejectionOf(signCubeToken({ minSecretBytes: 32 }));
      expect(error.code).toBe('SECRET_TOO_SHORT');
      expect(error.message).toMatch(/^CUBEJS_API_SECRET is 16 bytes/);
      expect(error.message).not.toContain('short-env-secret');
    });
  });
});

describe('signCubeToken refuses bad input', () => {
  const cases: Array<[string, Parameters<typeof signCubeToken>[0], string]> = [
    ['an empty secret', { secret: '' }, 'SECRET_MISSING'],
    ['an empty Uint8Array secret', { secret: new Uint8Array() }, 'SECRET_MISSING'],
    ['a 31-byte secret, 32 asked for', { secret: 's'.repeat(31), minSecretBytes: 32 }, 'SECRET_TOO_SHORT'],
    ['a non-string secret', { secret: 12345 as never }, 'SECRET_MISSING'],
    ['a negative expiry', { secret: SECRET, expiresIn: -60 }, 'EXPIRY_INVALID'],
    ['a zero expiry', { secret: SECRET, expiresIn: 0 }, 'EXPIRY_INVALID'],
    ['an unparseable expiry', { secret: SECRET, expiresIn: 'soon' }, 'EXPIRY_INVALID'],
    ['an array context', { secret: SECRET, securityContext: [1, 2] }, 'CONTEXT_INVALID'],
    ['a string context', { secret: SECRET, securityContext: 'user-1' as never }, 'CONTEXT_INVALID'],
    [
      'a class instance context',
      {
        secret: SECRET,
        securityContext: new (class User {
          id = 1;
        })(),
      },
      'CONTEXT_INVALID',
    ],
    ['a Map context', { secret: SECRET, securityContext: new Map([['id', 1]]) }, 'CONTEXT_INVALID'],
    ['a Date inside the context', { secret: SECRET, securityContext: { at: new Date() } }, 'CONTEXT_INVALID'],
    ['NaN inside the context', { secret: SECRET, securityContext: { n: Number.NaN } }, 'CONTEXT_INVALID'],
    [
      'Infinity inside the context',
      { secret: SECRET, securityContext: { n: Number.POSITIVE_INFINITY } },
      'CONTEXT_INVALID',
    ],
    ['a function inside the context', { secret: SECRET, securityContext: { f: () => 1 } }, 'CONTEXT_INVALID'],
    ['a bigint inside the context', { secret: SECRET, securityContext: { n: BigInt(1) } }, 'CONTEXT_INVALID'],
    [
      'a symbol inside the context',
      { secret: SECRET, securityContext: { s: Symbol('s') } },
      'CONTEXT_INVALID',
    ],
    [
      'undefined inside an array',
      { secret: SECRET, securityContext: { a: [1, undefined] } },
      'CONTEXT_INVALID',
    ],
    ['a context with exp', { secret: SECRET, securityContext: { exp: 1 } }, 'CLAIM_RESERVED'],
    ['a context with iat', { secret: SECRET, securityContext: { iat: 1 } }, 'CLAIM_RESERVED'],
    ['a context with nbf', { secret: SECRET, securityContext: { nbf: 1 } }, 'CLAIM_RESERVED'],
    ['a context with iss', { secret: SECRET, securityContext: { iss: 'x' } }, 'CLAIM_RESERVED'],
    ['a context with sub', { secret: SECRET, securityContext: { sub: 'x' } }, 'CLAIM_RESERVED'],
    ['a context with aud', { secret: SECRET, securityContext: { aud: 'x' } }, 'CLAIM_RESERVED'],
    ['a context with jti', { secret: SECRET, securityContext: { jti: 'x' } }, 'CLAIM_RESERVED'],
    ['a context with u', { secret: SECRET, securityContext: { u: { id: 1 } } }, 'CLAIM_RESERVED'],
    ['claims with exp', { secret: SECRET, claims: { exp: 1 } }, 'CLAIM_RESERVED'],
    ['claims with iat', { secret: SECRET, claims: { iat: 1 } }, 'CLAIM_RESERVED'],
    ['claims with u', { secret: SECRET, claims: { u: {} } }, 'CLAIM_RESERVED'],
    [
      'claims with u in the legacy form',
      { secret: SECRET, legacyUserContext: true, claims: { u: {} } },
      'CLAIM_RESERVED',
    ],
    [
      'a key both in context and claims',
      { secret: SECRET, securityContext: { role: 'a' }, claims: { role: 'b' } },
      'CLAIM_RESERVED',
    ],
    ['claims that are not an object', { secret: SECRET, claims: 'iss=x' as never }, 'CLAIM_INVALID'],
    ['claims holding a Date', { secret: SECRET, claims: { at: new Date() as never } }, 'CLAIM_INVALID'],
    ['a numeric sub claim', { secret: SECRET, claims: { sub: 42 } }, 'CLAIM_INVALID'],
    ['a numeric iss claim', { secret: SECRET, claims: { iss: 1 } }, 'CLAIM_INVALID'],
    ['a non-string jti claim', { secret: SECRET, claims: { jti: true } }, 'CLAIM_INVALID'],
    ['an aud array with a number', { secret: SECRET, claims: { aud: ['a', 1] } }, 'CLAIM_INVALID'],
    ['a string nbf claim', { secret: SECRET, claims: { nbf: 'tomorrow' } }, 'CLAIM_INVALID'],
    ['the none algorithm', { secret: SECRET, algorithm: 'none' as never }, 'ALGORITHM_UNSUPPORTED'],
    ['HS512', { secret: SECRET, algorithm: 'HS512' as never }, 'ALGORITHM_UNSUPPORTED'],
    ['a private key with HS256', { secret: SECRET, privateKey: pem.rsaPrivate }, 'KEY_INVALID'],
  ];

  it.each(cases)('%s', async (_name, options, code) => {
    const error = await rejectionOf(signCubeToken(options));
    expect(error).toBeInstanceOf(TokenSigningError);
    expect(error).toBeInstanceOf(CubeClientError);
    expect(error.name).toBe('TokenSigningError');
    expect(error.code).toBe(code);
    expect(error.message.length).toBeGreaterThan(10);
  });

  it('names the offending path inside the context', async () => {
    const error = await rejectionOf(
      signCubeToken({ secret: SECRET, securityContext: { org: { members: [{ since: new Date() }] } } }),
    );
    expect(error.message).toContain('securityContext.org.members[0].since');
    expect(error.message).toMatch(/Date/);
  });

  it('refuses a circular context', async () => {
    const context: Record<string, unknown> = { id: 1 };
    context.self = context;
    const error = await rejectionOf(signCubeToken({ secret: SECRET, securityContext: context }));
    expect(error.code).toBe('CONTEXT_INVALID');
    expect(error.message).toMatch(/circular/);
  });

  it('allows the same object twice when it is not a cycle', async () => {
    const shared = { a: 1 };
    expect(
      cubeVerify(await signCubeToken({ secret: SECRET, securityContext: { x: shared, y: shared } })),
    ).toMatchObject({ x: { a: 1 }, y: { a: 1 } });
  });

  it('never puts the secret or context values in a message', async () => {
    const secret = 'hunter2-but-longer';
    const short = await rejectionOf(signCubeToken({ secret, minSecretBytes: 32 }));
    expect(short.message).not.toContain(secret);
    const clash = await rejectionOf(
      signCubeToken({ secret: SECRET, securityContext: { sub: 'private-user-id' } }),
    );
    expect(clash.message).not.toContain('private-user-id');
    expect(clash.message).not.toContain(SECRET);
  });
});

describe('signCubeToken with RS256 and ES256', () => {
  it('signs RS256 with a PKCS#8 PEM key, verifiable with the public key', async () => {
    const token = await signCubeToken({
      algorithm: 'RS256',
      privateKey: pem.rsaPrivate,
      securityContext: { id: 1 },
      expiresIn: '2h',
    });
    expect(decodeHeader(token).alg).toBe('RS256');
    const payload = jwt.verify(token, pem.rsaPublic, { algorithms: ['RS256'] });
    expect(payload.id).toBe(1);
    expect((payload.exp as number) - (payload.iat as number)).toBe(7200);
  });

  it('signs ES256 with a PKCS#8 PEM key', async () => {
    const token = await signCubeToken({ algorithm: 'ES256', privateKey: pem.ecPrivate });
    expect(jwt.verify(token, pem.ecPublic, { algorithms: ['ES256'] })).toHaveProperty('exp');
  });

  it('signs with a KeyObject, a CryptoKey and a JWK', async () => {
    const fromKeyObject = await signCubeToken({ algorithm: 'RS256', privateKey: rsa.privateKey });
    expect(jwt.verify(fromKeyObject, pem.rsaPublic, { algorithms: ['RS256'] })).toHaveProperty('exp');

    const cryptoKey = await webcrypto.subtle.importKey(
      'jwk',
      ec.privateKey.export({ format: 'jwk' }),
      { name: 'ECDSA', namedCurve: 'P-256' },
      false,
      ['sign'],
    );
    const fromCryptoKey = await signCubeToken({ algorithm: 'ES256', privateKey: cryptoKey as never });
    expect(jwt.verify(fromCryptoKey, pem.ecPublic, { algorithms: ['ES256'] })).toHaveProperty('exp');

    const fromJwk = await signCubeToken({
      algorithm: 'ES256',
      privateKey: ec.privateKey.export({ format: 'jwk' }) as never,
    });
    expect(jwt.verify(fromJwk, pem.ecPublic, { algorithms: ['ES256'] })).toHaveProperty('exp');
  });

  it.each([
    ['no key', { algorithm: 'RS256' as const }],
    ['a secret instead of a key', { algorithm: 'RS256' as const, secret: SECRET }],
    [
      'PEM that is not a key',
      {
        algorithm: 'RS256' as const,
        privateKey: '-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----',
      },
    ],
    ['a PKCS#1 PEM', { algorithm: 'RS256' as const, privateKey: pem.rsaPrivatePkcs1 }],
    ['an RSA key for ES256', { algorithm: 'ES256' as const, privateKey: pem.rsaPrivate }],
    ['an EC key object for RS256', { algorithm: 'RS256' as const, privateKey: ec.privateKey }],
    ['a public key', { algorithm: 'RS256' as const, privateKey: pem.rsaPublic }],
    ['a symmetric JWK', { algorithm: 'ES256' as const, privateKey: { kty: 'oct', k: 'c2VjcmV0' } as never }],
    ['a number', { algorithm: 'ES256' as const, privateKey: 42 as never }],
  ])('refuses %s with KEY_INVALID', async (_name, options) => {
    const error = await rejectionOf(signCubeToken(options));
    expect(error).toBeInstanceOf(TokenSigningError);
    expect(error.code).toBe('KEY_INVALID');
    // No key material: DER keys in base64 begin with "MI".
    expect(error.message).not.toMatch(/MI[A-Za-z0-9+/]{8}/);
  });

  it('refuses an RSA key shorter than 2048 bits', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    expect((await rejectionOf(signCubeToken({ algorithm: 'RS256', privateKey: weak }))).code).toBe(
      'KEY_INVALID',
    );
  });
});
