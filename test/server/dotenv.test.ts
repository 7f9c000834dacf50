import { parseDotEnv, readDotEnvFile } from '../../src/server/dotenv';
import { withSecretSources } from './support';

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
