// The secret is whatever CUBEJS_API_SECRET the Cube server runs with, often the 'secret' of
// Cube's own docs: it is used, with a warning, unless minSecretBytes asks for more. This file
// has a module registry of its own, so the once-per-process warning starts unsent here.
import { jest } from '@jest/globals';
import { signCubeToken } from '../../src/server/signCubeToken';
import { verifyCubeToken } from '../../src/server/verifyCubeToken';
import { createTokenHandler } from '../../src/server/createTokenHandler';
import { TokenSigningError } from '../../src/errors/TokenSigningError';
import type { CubeTokenWarning } from '../../src/server/secret';
import { cubeVerify, jwt, rejectionOf, thrownBy, withSecretSources } from './support';

const warningOptions = { type: 'CubeClientWarning', code: 'CUBE_SECRET_TOO_SHORT' };

afterEach(() => jest.restoreAllMocks());

describe('a secret shorter than 32 bytes', () => {
  it('goes to onWarning instead, on every use, without the secret in it', async () => {
    const emitWarning = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const warnings: CubeTokenWarning[] = [];
    const onWarning = (warning: CubeTokenWarning) => void warnings.push(warning);
    for (let i = 0; i < 2; i += 1) {
      cubeVerify(await signCubeToken({ secret: 'hunter2', onWarning }), 'hunter2');
    }
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toEqual({ code: 'CUBE_SECRET_TOO_SHORT', message: expect.any(String) });
    expect(warnings[0]!.message).toMatch(/^secret is 7 bytes long, under the 32 .*RFC 7518/);
    expect(warnings[0]!.message).not.toContain('hunter2');
    // Runs before any test lets the process warning out, so its absence here means something.
    expect(emitWarning).not.toHaveBeenCalled();
  });

  it('signs the seed’s example token, which jsonwebtoken accepts, and warns once per process', async () => {
    const emitWarning = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    // The seed: jwt.sign({ u: { id: 42 } }, 'secret', { expiresIn: '30d' })
    const token = await signCubeToken({
      secret: 'secret',
      expiresIn: '30d',
      securityContext: { id: 42 },
      legacyUserContext: true,
    });
    const payload = jwt.verify(token, 'secret', { algorithms: ['HS256'] });
    expect(payload.u).toEqual({ id: 42 });
    expect((payload.exp as number) - (payload.iat as number)).toBe(30 * 86_400);
    expect(emitWarning).toHaveBeenCalledTimes(1);
    expect(emitWarning).toHaveBeenCalledWith(
      expect.stringMatching(/^secret is 6 bytes long/),
      warningOptions,
    );

    // Once per process, as Node's own warnings: a second short secret is not announced again.
    await signCubeToken({ secret: 'another' });
    expect(emitWarning).toHaveBeenCalledTimes(1);
  });

  it('names CUBEJS_API_SECRET when the short secret came from the environment', async () => {
    const warnings: CubeTokenWarning[] = [];
    await withSecretSources({ env: 'dev' }, async () => {
      cubeVerify(await signCubeToken({ onWarning: (w) => void warnings.push(w) }), 'dev');
    });
    expect(warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/^CUBEJS_API_SECRET is 3 bytes long/),
    ]);
  });

  it('gives no warning from 32 bytes on', async () => {
    const onWarning = jest.fn();
    await signCubeToken({ secret: 'x'.repeat(32), onWarning });
    expect(onWarning).not.toHaveBeenCalled();
  });

  it('is refused under minSecretBytes: 32, with the message that names the minimum', async () => {
    const onWarning = jest.fn();
    const error = await rejectionOf(signCubeToken({ secret: 'secret', minSecretBytes: 32, onWarning }));
    expect(error).toBeInstanceOf(TokenSigningError);
    expect(error.code).toBe('SECRET_TOO_SHORT');
    expect(error.message).toBe(
      'secret is 6 bytes long; HS256 needs at least 32 (for example: openssl rand -hex 32)',
    );
    expect(onWarning).not.toHaveBeenCalled();
    const stricter = await rejectionOf(signCubeToken({ secret: 'x'.repeat(40), minSecretBytes: 64 }));
    expect(stricter.message).toMatch(/^secret is 40 bytes long; minSecretBytes asks for at least 64/);
  });

  it.each([0, -1, 1.5, Number.NaN, '32'])('refuses minSecretBytes %p with a TypeError', async (value) => {
    const error = await rejectionOf(signCubeToken({ secret: 'secret', minSecretBytes: value as number }));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toMatch(/^minSecretBytes must be a whole number/);
  });

  it('refuses an onWarning that is not a function', async () => {
    const error = await rejectionOf(signCubeToken({ secret: 'secret', onWarning: 'log' as never }));
    expect(error).toBeInstanceOf(TypeError);
  });

  it('verifies with the same rule: accepted with a warning, refused when asked', async () => {
    const token = jwt.sign({ u: { id: 42 } }, 'secret', { expiresIn: '30d' });
    const onWarning = jest.fn();
    expect((await verifyCubeToken(token, { secret: 'secret', onWarning })).u).toEqual({ id: 42 });
    expect(onWarning).toHaveBeenCalledTimes(1);
    const error = await rejectionOf(verifyCubeToken(token, { secret: 'secret', minSecretBytes: 32 }));
    expect(error.code).toBe('SECRET_TOO_SHORT');
  });
});

describe('createTokenHandler with a short secret', () => {
  it('warns once, at construction, and then issues tokens Cube accepts', async () => {
    const onWarning = jest.fn();
    const handler = createTokenHandler({
      secret: 'secret',
      onWarning,
      getSecurityContext: () => ({ id: 42 }),
    });
    expect(onWarning).toHaveBeenCalledTimes(1);
    expect(onWarning).toHaveBeenCalledWith({ code: 'CUBE_SECRET_TOO_SHORT', message: expect.any(String) });
    for (let i = 0; i < 3; i += 1) {
      const { token } = (await (await handler(new Request('http://app/auth/cubejs-token'))).json()) as {
        token: string;
      };
      expect(cubeVerify(token, 'secret').id).toBe(42);
    }
    expect(onWarning).toHaveBeenCalledTimes(1);
  });

  it('warns once at the first request when the short secret comes from the environment', async () => {
    const onWarning = jest.fn();
    const handler = createTokenHandler({ onWarning, getSecurityContext: () => ({}) });
    expect(onWarning).not.toHaveBeenCalled();
    await withSecretSources({ env: 'dev' }, async () => {
      for (let i = 0; i < 2; i += 1) {
        expect((await handler(new Request('http://app/auth/cubejs-token'))).status).toBe(200);
      }
    });
    expect(onWarning).toHaveBeenCalledTimes(1);
  });

  it('refuses it at construction under minSecretBytes: 32', () => {
    const error = thrownBy(() =>
      createTokenHandler({ secret: 'secret', minSecretBytes: 32, getSecurityContext: () => ({}) }),
    );
    expect(error).toBeInstanceOf(TokenSigningError);
    expect(error.code).toBe('SECRET_TOO_SHORT');
  });
});
