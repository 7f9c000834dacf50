import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseDotEnv, readDotEnvFile } from '../../src/server/dotenv';
import { signCubeToken } from '../../src/server/signCubeToken';
import { verifyCubeToken } from '../../src/server/verifyCubeToken';
import { TokenSigningError } from '../../src/errors/TokenSigningError';
import { TokenVerificationError } from '../../src/errors/TokenVerificationError';
import { SECRET, cubeVerify, rejectionOf, withSecretSources } from './support';

describe('parseDotEnv', () => {
  it('reads plain, exported, quoted and commented lines', () => {
    const text = [
      '# Cube environment variables: https://cube.dev/docs/reference/environment-variables',
      'CUBEJS_DB_TYPE=postgres',
      'export CUBEJS_API_SECRET=abc123',
      '  SPACED  =  value with spaces  ',
      'DOUBLE="line1\\nline2 # not a comment"',
      "SINGLE='raw \\n # kept'",
      'TRAILING=value # a comment',
      'HASH=a#b',
      'EMPTY=',
      'not a pair',
      '=novalue',
    ].join('\r\n');
    expect(parseDotEnv(text)).toEqual({
      CUBEJS_DB_TYPE: 'postgres',
      CUBEJS_API_SECRET: 'abc123',
      SPACED: 'value with spaces',
      DOUBLE: 'line1\nline2 # not a comment',
      SINGLE: 'raw \\n # kept',
      TRAILING: 'value',
      HASH: 'a#b',
      EMPTY: '',
    });
  });

  it('lets a later line win', () => {
    expect(parseDotEnv('A=1\nA=2\n')).toEqual({ A: '2' });
  });

  it('returns nothing for an empty file', () => {
    expect(parseDotEnv('')).toEqual({});
  });
});

describe('readDotEnvFile', () => {
  it('reads .env from the working directory', async () => {
    await withSecretSources({ dotenv: 'CUBEJS_API_SECRET=from-file\n' }, async () => {
      await expect(readDotEnvFile()).resolves.toEqual({ CUBEJS_API_SECRET: 'from-file' });
    });
  });

  it('returns {} when there is no .env', async () => {
    await withSecretSources({}, async () => {
      await expect(readDotEnvFile()).resolves.toEqual({});
    });
  });
});

describe('an .env that exists but cannot be read', () => {
  /** `.env` as a directory: unreadable as a file for every user, root included. */
  const unreadable = (dir: string) => {
    rmSync(join(dir, '.env'), { force: true });
    mkdirSync(join(dir, '.env'));
  };

  it('makes readDotEnvFile reject with the file system error', async () => {
    await withSecretSources({}, async (dir) => {
      unreadable(dir);
      await expect(readDotEnvFile()).rejects.toMatchObject({ code: 'EISDIR' });
    });
  });

  it('is reported by signCubeToken and verifyCubeToken as SECRET_UNREADABLE, not as a missing secret', async () => {
    await withSecretSources({}, async (dir) => {
      unreadable(dir);
      const signing = await rejectionOf(signCubeToken());
      expect(signing).toBeInstanceOf(TokenSigningError);
      expect(signing.code).toBe('SECRET_UNREADABLE');
      expect(signing.message).toMatch(
        /^\.env in the working directory exists but could not be read \(EISDIR\)/,
      );
      expect(signing.message).toContain('CUBEJS_API_SECRET');
      const verifying = await rejectionOf(verifyCubeToken(await signCubeToken({ secret: SECRET })));
      expect(verifying).toBeInstanceOf(TokenVerificationError);
      expect(verifying.code).toBe('SECRET_UNREADABLE');
    });
  });

  it('does not matter when CUBEJS_API_SECRET is in the environment', async () => {
    await withSecretSources({ env: SECRET }, async (dir) => {
      unreadable(dir);
      expect(cubeVerify(await signCubeToken())).toHaveProperty('exp');
    });
  });
});
