import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { SECRET, cubeVerify, jwt } from '../server/support';

const root = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../..');
// Built here rather than taken from dist/: other work may be mid-change, and this suite tests src.
const cli = join(root, '.tmp', 'cli-test', 'cube-token.cjs');

let cwd: string;

beforeAll(async () => {
  await build({
    entryPoints: [join(root, 'src/cli/index.ts')],
    outfile: cli,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['jose'],
    logLevel: 'silent',
  });
});

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'cube-token-cli-'));
});

afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as a real process in a temp folder, with CUBEJS_API_SECRET only when given. */
function run(args: string[], env: Record<string, string> = {}): Run {
  const { CUBEJS_API_SECRET: _ignored, ...inherited } = process.env;
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    env: { ...inherited, NODE_OPTIONS: '', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The token printed by a successful run, checked the way Cube checks it. */
function tokenOf(result: Run, secret = SECRET): Record<string, unknown> {
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  expect(result.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
  return cubeVerify(result.stdout.trim(), secret);
}

describe('cube-token', () => {
  it('prints the token alone, with the seed’s flags, and exits 0', () => {
    const payload = tokenOf(run(['-e', '30d', '-s', SECRET, '-p', 'FOO=BAR']));
    expect(payload.FOO).toBe('BAR');
    expect((payload.exp as number) - (payload.iat as number)).toBe(30 * 86_400);
  });

  it('accepts the long flag names and --flag=value', () => {
    const payload = tokenOf(run([`--secret=${SECRET}`, '--expiry', '2h', '--payload', 'tenant=acme']));
    expect(payload.tenant).toBe('acme');
    expect((payload.exp as number) - (payload.iat as number)).toBe(7200);
  });

  it('expires in 30 days by default, like `cubejs token`', () => {
    const payload = tokenOf(run(['-s', SECRET]));
    expect((payload.exp as number) - (payload.iat as number)).toBe(2_592_000);
  });

  it.each([
    ['3600', 3600],
    ['45s', 45],
    ['15m', 900],
    ['1w', 604_800],
  ])('makes exp - iat equal to -e %s', (expiry, seconds) => {
    const payload = tokenOf(run(['-s', SECRET, '-e', expiry]));
    expect((payload.exp as number) - (payload.iat as number)).toBe(seconds);
  });

  it('reads JSON values from --payload and keeps other text as strings', () => {
    const payload = tokenOf(
      run([
        '-s',
        SECRET,
        '-p',
        'n=42',
        '-p',
        'f=1.5',
        '-p',
        'yes=true',
        '-p',
        'no=false',
        '-p',
        'nothing=null',
        '-p',
        'org={"id":7,"tags":["a"]}',
        '-p',
        'roles=["admin","viewer"]',
        '-p',
        'quoted="42"',
        '-p',
        'zip=0042',
        '-p',
        'text=hello world',
        '-p',
        'eq=a=b',
        '-p',
        'empty=',
      ]),
    );
    expect(payload).toMatchObject({
      n: 42,
      f: 1.5,
      yes: true,
      no: false,
      nothing: null,
      org: { id: 7, tags: ['a'] },
      roles: ['admin', 'viewer'],
      quoted: '42',
      zip: '0042',
      text: 'hello world',
      eq: 'a=b',
      empty: '',
    });
  });

  it('writes the legacy u form with --user-context', () => {
    const payload = tokenOf(run(['-s', SECRET, '--user-context', '-p', 'id=42']));
    expect(payload.u).toEqual({ id: 42 });
    expect(payload).not.toHaveProperty('id');
  });

  it('prints {token, payload} with --json', () => {
    const result = run(['-s', SECRET, '--json', '-p', 'id=1', '-e', '1h']);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    const output = JSON.parse(result.stdout) as { token: string; payload: Record<string, unknown> };
    expect(Object.keys(output).sort()).toEqual(['payload', 'token']);
    expect(cubeVerify(output.token)).toEqual(output.payload);
    expect(output.payload).toMatchObject({ id: 1 });
    expect((output.payload.exp as number) - (output.payload.iat as number)).toBe(3600);
  });

  it('reads CUBEJS_API_SECRET from the environment', () => {
    expect(tokenOf(run(['-p', 'a=1'], { CUBEJS_API_SECRET: SECRET })).a).toBe(1);
  });

  it('reads CUBEJS_API_SECRET from .env in the working directory', () => {
    const fileSecret = 'f00d'.repeat(12);
    writeFileSync(
      join(cwd, '.env'),
      `# written by cubejs create\nCUBEJS_DB_TYPE=postgres\nCUBEJS_API_SECRET=${fileSecret}\n`,
    );
    expect(tokenOf(run(['-p', 'a=1']), fileSecret).a).toBe(1);
  });

  it('prefers -s over the environment, and the environment over .env', () => {
    writeFileSync(join(cwd, '.env'), `CUBEJS_API_SECRET=${'f'.repeat(40)}\n`);
    expect(tokenOf(run([], { CUBEJS_API_SECRET: SECRET }))).toHaveProperty('exp');
    const flagSecret = 'g'.repeat(40);
    expect(tokenOf(run(['-s', flagSecret], { CUBEJS_API_SECRET: SECRET }), flagSecret)).toHaveProperty('exp');
  });

  it('produces a token jsonwebtoken would also have produced for the same payload', () => {
    const result = run(['-s', SECRET, '-p', 'FOO=BAR', '--json']);
    const { token, payload } = JSON.parse(result.stdout) as {
      token: string;
      payload: { iat: number; exp: number };
    };
    const reference = jwt.sign({ FOO: 'BAR', iat: payload.iat, exp: payload.exp }, SECRET);
    expect(jwt.decode(token, { complete: true })).toEqual(jwt.decode(reference, { complete: true }));
  });

  it('signs with the seed’s short secret: the token alone on stdout, one warning line on stderr, exit 0', () => {
    const result = run(['-e', '30d', '-s', 'secret', '-p', 'FOO=BAR']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const payload = jwt.verify(result.stdout.trim(), 'secret', { algorithms: ['HS256'] });
    expect(payload.FOO).toBe('BAR');
    expect((payload.exp as number) - (payload.iat as number)).toBe(30 * 86_400);
    const lines = result.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^cube-token: warning: --secret is 6 bytes long, under the 32 .*--strict refuses/,
    );
    expect(lines[0]).not.toMatch(/minSecretBytes/);
  });

  it('signs ordinary keys named constructor, toString and valueOf', () => {
    const payload = tokenOf(
      run(['-s', SECRET, '-p', 'constructor=c', '-p', 'toString=t', '-p', 'valueOf=1']),
    );
    expect(Object.getOwnPropertyDescriptor(payload, 'constructor')?.value).toBe('c');
    expect(Object.getOwnPropertyDescriptor(payload, 'toString')?.value).toBe('t');
    expect(Object.getOwnPropertyDescriptor(payload, 'valueOf')?.value).toBe(1);
  });

  it('keeps numbers JSON cannot carry exactly as the text typed', () => {
    const payload = tokenOf(
      run([
        '-s',
        SECRET,
        '-p',
        'id=12345678901234567890',
        '-p',
        'negative=-9007199254740993',
        '-p',
        'huge=1e400',
        '-p',
        'exp21=1e21',
        '-p',
        'safe=9007199254740991',
        '-p',
        'fraction=0.1',
        '-p',
        'list=[9007199254740991]',
      ]),
    );
    expect(payload).toMatchObject({
      id: '12345678901234567890',
      negative: '-9007199254740993',
      huge: '1e400',
      exp21: '1e21',
      safe: 9_007_199_254_740_991,
      fraction: 0.1,
      list: [9_007_199_254_740_991],
    });
  });

  it('exits quietly with status 0 when the reader closes the pipe first (| head -c 10)', async () => {
    const child = spawn(process.execPath, [cli, '-s', SECRET, '-p', 'a=1'], {
      cwd,
      env: { ...process.env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Closing our end before the CLI has written anything makes its write fail with EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    expect(stderr).toBe('');
    expect(status).toBe(0);
  });

  it('prints help on stdout and exits 0', () => {
    for (const flag of ['--help', '-h']) {
      const result = run([flag]);
      expect(result.status).toBe(0);
      expect(result.stderr).toBe('');
      expect(result.stdout).toMatch(/^Usage: cube-token/);
      for (const option of [
        '--expiry',
        '--secret',
        '--strict',
        '--payload',
        '--user-context',
        '--json',
        '--version',
      ]) {
        expect(result.stdout).toContain(option);
      }
      // What happens with a short secret, the one Cube's own docs use.
      expect(result.stdout).toMatch(/shorter than 32 bytes still signs, with a warning on\s+stderr/);
    }
  });

  it('prints the package version and exits 0', () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) {
      expect(run([flag])).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
    }
  });
});

describe('cube-token with bad input', () => {
  it.each([
    ['an unknown flag', ['-s', SECRET, '--frobnicate'], /Unknown option '--frobnicate'/],
    ['an unknown short flag', ['-x'], /Unknown option '-x'/],
    ['a flag without its value', ['-s'], /--secret/],
    ['-e without its value', ['-s', SECRET, '-e'], /--expiry/],
    ['a value for a boolean flag', ['-s', SECRET, '--json=yes'], /--json/],
    ['a positional argument', [SECRET], /Unexpected argument/],
    ['-p without =', ['-s', SECRET, '-p', 'FOO'], /KEY=VALUE/],
    ['-p with an empty key', ['-s', SECRET, '-p', '=1'], /KEY=VALUE/],
    ['-p with the same key twice', ['-s', SECRET, '-p', 'a=1', '-p', 'a=2'], /a is given more than once/],
    ['a negative expiry', ['-s', SECRET, '--expiry=-5m'], /--expiry must be a positive/],
    ['a dash value after -e', ['-s', SECRET, '-e', '-5m'], /'-e' argument is ambiguous.*--expiry=-XYZ/],
    ['an unparseable expiry', ['-s', SECRET, '-e', 'forever'], /--expiry must be a positive/],
    ['a zero expiry', ['-s', SECRET, '-e', '0'], /--expiry must be a positive/],
    [
      'a short secret with --strict',
      ['--strict', '-s', 'tooshort'],
      /--secret is 8 bytes long; HS256 needs at least 32/,
    ],
    ['a __proto__ payload key', ['-s', SECRET, '-p', '__proto__=x'], /--payload __proto__ cannot be signed/],
    [
      'a __proto__ key inside a payload value',
      ['-s', SECRET, '-p', 'org={"__proto__":{"admin":true}}'],
      /--payload org\.__proto__ cannot be signed/,
    ],
    [
      'a payload value 10,000 levels deep',
      ['-s', SECRET, '-p', `deep=${'['.repeat(10_000)}1${']'.repeat(10_000)}`],
      /--payload deep.* nested more than 64 levels deep/,
    ],
    [
      'a big whole number inside a JSON payload value',
      ['-s', SECRET, '-p', 'org={"id":12345678901234567890}'],
      /--payload org holds a whole number too big for JSON to carry exactly; quote it/,
    ],
    [
      'a reserved payload key',
      ['-s', SECRET, '-p', 'exp=1'],
      /--payload exp clashes .* computed from --expiry/,
    ],
    ['a registered claim in the payload', ['-s', SECRET, '-p', 'sub=user'], /--payload sub clashes/],
    ['u in the payload', ['-s', SECRET, '-p', 'u={"id":1}'], /--payload u is reserved.*--user-context/],
    ['no secret anywhere', [], /No secret: pass --secret, or set CUBEJS_API_SECRET/],
  ])('%s: message on stderr, nothing on stdout, exit 2', (_name, args, message) => {
    const result = run(args);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^cube-token: /);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('--help');
    expect(result.stderr).not.toContain(SECRET);
  });

  it('does not echo a short secret from .env, in the warning or under --strict', () => {
    writeFileSync(join(cwd, '.env'), 'CUBEJS_API_SECRET=tiny-secret\n');
    const warned = run([]);
    expect(warned.status).toBe(0);
    expect(warned.stderr).toMatch(/^cube-token: warning: CUBEJS_API_SECRET is 11 bytes long/);
    expect(warned.stderr).not.toContain('tiny-secret');
    const strict = run(['--strict']);
    expect(strict.status).toBe(2);
    expect(strict.stderr).toMatch(/CUBEJS_API_SECRET is 11 bytes/);
    expect(strict.stderr).not.toContain('tiny-secret');
  });

  it('reports an .env it cannot read as unreadable, not as a missing secret', () => {
    mkdirSync(join(cwd, '.env')); // unreadable as a file for every user, root included
    const result = run(['-p', 'a=1']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^cube-token: \.env in the working directory exists but could not be read \(EISDIR\)/,
    );
    expect(result.stderr).not.toMatch(/No secret/);
  });
});
