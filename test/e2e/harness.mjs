#!/usr/bin/env node
// A private PostgreSQL cluster plus a real Cube API server, both on loopback and free ports,
// for the end-to-end suites, the browser suite and the `npm start` demo.
//
//   node test/e2e/harness.mjs -- <command...>   run a command against the stack, exit with its code
//   node test/e2e/harness.mjs                   start the stack and wait for Ctrl-C
//
// As a module: `const stack = await startStack(); ...; await stack.stop();`
//
// Whatever happens (success, failure, a signal, a crash of either server), everything this
// script started is stopped and its temporary directory removed. A run killed with SIGKILL
// cannot clean up after itself, so every start first removes what dead runs left behind.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  createWriteStream,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
  rmSync,
  chownSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const cubeDir = join(here, 'cube');
const TMP_PREFIX = 'cube-client-e2e-';

const pgBin = process.env.PG_BIN || findPgBin();

function findPgBin() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return '';
  const versions = readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb')));
  versions.sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(base, versions[0], 'bin') : '';
}

/** PostgreSQL refuses to run as root, so as root we hand its files and processes to `postgres`. */
function pgUser() {
  if (process.getuid?.() !== 0) return null;
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) {
    throw new Error('running as root needs a "postgres" user (Debian\'s postgresql package creates it)');
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Resolves true when `promise` settles within `ms`, false otherwise; leaves no timer behind. */
function settlesWithin(promise, ms) {
  let timer;
  const timeout = new Promise((r) => {
    timer = setTimeout(() => r(false), ms);
  });
  return Promise.race([promise.then(() => true), timeout]).finally(() => clearTimeout(timer));
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** A child process plus a promise of its exit, so teardown can wait for it with a deadline. */
function track(child, name) {
  const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
  return {
    child,
    name,
    exited,
    get running() {
      return child.exitCode === null && child.signalCode === null;
    },
  };
}

async function stopProcess(proc, signal, graceMs) {
  if (!proc || !proc.running) return;
  try {
    proc.child.kill(signal);
  } catch {
    /* already gone */
  }
  const done = await settlesWithin(proc.exited, graceMs);
  if (!done && proc.running) {
    try {
      proc.child.kill('SIGKILL');
    } catch {
      /* already gone */
    }
    await settlesWithin(proc.exited, 2000);
  }
}

/**
 * Clusters of runs that died without cleaning up (SIGKILL, OOM). Only directories whose
 * owning harness process is gone are touched, so parallel runs do not disturb each other.
 */
function reapStaleRuns() {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(TMP_PREFIX)) continue;
    const dir = join(tmpdir(), name);
    let owner = NaN;
    try {
      owner = Number(readFileSync(join(dir, 'harness.pid'), 'utf8'));
    } catch {
      /* incomplete dir */
    }
    if (Number.isFinite(owner) && owner > 0 && isAlive(owner)) continue;
    try {
      const pgPid = Number(readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
      const cmdline = readFileSync(`/proc/${pgPid}/cmdline`, 'utf8');
      if (cmdline.includes('postgres') && cmdline.includes(dir)) process.kill(pgPid, 'SIGQUIT');
    } catch {
      /* no server left */
    }
    // Cube servers exit on their own when the harness's end of their stdin closes; this is for
    // one that was stuck at that moment.
    for (const pidFile of readdirSync(dir).filter((f) => /^cube-\d+\.pid$/.test(f))) {
      try {
        const cubePid = Number(readFileSync(join(dir, pidFile), 'utf8'));
        const cmdline = readFileSync(`/proc/${cubePid}/cmdline`, 'utf8');
        if (cmdline.includes(join(cubeDir, 'server.js'))) process.kill(cubePid, 'SIGKILL');
      } catch {
        /* no server left */
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  if (res.status !== 0) {
    throw new Error(
      `${cmd} ${args.join(' ')} failed (${res.status ?? res.signal}): ${res.stderr || res.stdout || res.error}`,
    );
  }
  return res.stdout;
}

function sqlLiteral(value) {
  return `'${String(value).replace(/'/g, "''")}'`;
}

export function seedSql() {
  const rows = JSON.parse(readFileSync(join(here, 'fixtures', 'orders.json'), 'utf8'));
  const values = rows
    .map(
      (r) =>
        `(${Number(r.id)}, ${sqlLiteral(r.tenant)}, ${sqlLiteral(r.status)}, ${sqlLiteral(r.amount)}, ${sqlLiteral(r.created_at)})`,
    )
    .join(',\n  ');
  return `CREATE TABLE public.orders (
  id integer PRIMARY KEY,
  tenant text NOT NULL,
  status text NOT NULL,
  amount numeric(10, 2) NOT NULL,
  created_at timestamp NOT NULL
);
INSERT INTO public.orders (id, tenant, status, amount, created_at) VALUES
  ${values};
-- Real-time suites insert here, each under a channel of its own (the Live cube).
CREATE TABLE public.live_events (
  id serial PRIMARY KEY,
  channel text NOT NULL,
  amount integer NOT NULL DEFAULT 1
);
`;
}

/** Runs SQL in the stack's database (e.g. an INSERT a subscription should see), via psql. */
export function runSql(pg, sql) {
  run(
    join(pgBin, 'psql'),
    [
      '-X',
      '-q',
      '-v',
      'ON_ERROR_STOP=1',
      '-h',
      '127.0.0.1',
      '-p',
      String(pg.port),
      '-U',
      pg.user,
      '-d',
      pg.database,
    ],
    { input: sql },
  );
}

async function waitFor(what, check, { timeoutMs, failed }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const why = failed?.();
    if (why) throw new Error(`${what}: ${why}`);
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`${what}: not ready after ${timeoutMs} ms`);
    await sleep(100);
  }
}

function tail(file, lines = 15) {
  try {
    // Cube logs each refused token with a long stack; the first part of a line says enough.
    return readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .slice(-lines)
      .map((line) => (line.length > 300 ? `${line.slice(0, 300)}…` : line))
      .join('\n');
  } catch {
    return '';
  }
}

async function startPostgres(dir, log) {
  if (!pgBin) throw new Error('PostgreSQL binaries not found; apt-get install -y postgresql (or set PG_BIN)');
  const user = pgUser();
  const data = join(dir, 'data');
  const asPg = user ? { uid: user.uid, gid: user.gid } : {};
  if (user) chownSync(dir, user.uid, user.gid);
  run(
    join(pgBin, 'initdb'),
    [
      '-D',
      data,
      '--auth=trust',
      '-U',
      'postgres',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
      '--no-instructions',
    ],
    { ...asPg, cwd: dir },
  );
  const port = await freePort();
  const pgLog = join(dir, 'postgres.log');
  const out = createWriteStream(pgLog);
  await new Promise((r) => out.once('open', r));
  const child = spawn(
    join(pgBin, 'postgres'),
    [
      '-D',
      data,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${dir}`,
      // A throwaway cluster: durability only costs time here.
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=40',
      '-c',
      'shared_buffers=16MB',
    ],
    { ...asPg, cwd: dir, stdio: ['ignore', out, out], detached: true },
  );
  const proc = track(child, 'postgres');
  const psql = (args) =>
    spawnSync(
      join(pgBin, 'psql'),
      ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', ...args],
      {
        encoding: 'utf8',
        env: { ...process.env, PGCONNECT_TIMEOUT: '2' },
      },
    );
  try {
    await waitFor('PostgreSQL', () => psql(['-d', 'postgres', '-c', 'SELECT 1']).status === 0, {
      timeoutMs: 30000,
      failed: () => (proc.running ? null : `exited early; log:\n${tail(pgLog)}`),
    });
    const created = psql(['-d', 'postgres', '-c', 'CREATE DATABASE cube_e2e']);
    if (created.status !== 0) throw new Error(`CREATE DATABASE failed: ${created.stderr}`);
    runSql({ port, user: 'postgres', database: 'cube_e2e' }, seedSql());
  } catch (e) {
    await stopProcess(proc, 'SIGQUIT', 3000);
    throw e;
  }
  log(`postgres ready on 127.0.0.1:${port}`);
  return { proc, port, database: 'cube_e2e', user: 'postgres', logFile: pgLog };
}

/**
 * Starts one Cube server against an existing database. Exported so a test can start a
 * second, dev-mode server next to the main one.
 */
export async function startCube({
  pg,
  secret,
  devMode = false,
  dir,
  log = () => undefined,
  timeoutMs = 60000,
  port: fixedPort,
}) {
  // A fixed port restarts a server where its clients expect it.
  const port = fixedPort ?? (await freePort());
  const logFile = join(dir, `cube-${port}${devMode ? '-dev' : ''}.log`);
  const out = createWriteStream(logFile);
  await new Promise((r) => out.once('open', r));
  const child = spawn(
    process.execPath,
    [join(cubeDir, 'server.js'), '--port', String(port), ...(devMode ? ['--dev'] : [])],
    {
      cwd: cubeDir,
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        CUBEJS_API_SECRET: secret,
        CUBEJS_DB_HOST: '127.0.0.1',
        CUBEJS_DB_PORT: String(pg.port),
        CUBEJS_DB_NAME: pg.database,
        CUBEJS_DB_USER: pg.user,
        CUBEJS_DB_PASS: '',
      },
      // stdin stays open as a lifeline: server.js exits when it closes.
      stdio: ['pipe', out, out],
      detached: true,
    },
  );
  const proc = track(child, `cube:${port}`);
  writeFileSync(join(dir, `cube-${port}.pid`), String(child.pid));
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      `Cube on port ${port}`,
      async () => {
        try {
          const res = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2000) });
          return res.ok;
        } catch {
          return false;
        }
      },
      { timeoutMs, failed: () => (proc.running ? null : `exited early; log:\n${tail(logFile)}`) },
    );
  } catch (e) {
    await stopProcess(proc, 'SIGKILL', 1000);
    throw e;
  }
  log(`cube ready on ${baseUrl}${devMode ? ' (dev mode)' : ''}`);
  let stopped;
  return {
    port,
    baseUrl,
    apiUrl: `${baseUrl}/cubejs-api/v1`,
    pid: child.pid,
    logFile,
    proc,
    stop: () => (stopped ??= stopProcess(proc, 'SIGTERM', 5000)),
  };
}

/**
 * Starts PostgreSQL (seeded) and Cube. `stop()` is idempotent and never throws.
 * @param {{ log?: (msg: string) => void, secret?: string }} [options]
 */
export async function startStack(options = {}) {
  const log = options.log ?? ((msg) => process.stderr.write(`[e2e] ${msg}\n`));
  const started = Date.now();
  reapStaleRuns();
  const dir = mkdtempSync(join(tmpdir(), TMP_PREFIX));
  writeFileSync(join(dir, 'harness.pid'), String(process.pid));
  const secret = options.secret ?? randomBytes(24).toString('hex');
  let pg;
  let cube;
  let stopping;
  const stop = () =>
    (stopping ??= (async () => {
      await cube?.stop().catch(() => undefined);
      await stopProcess(pg?.proc, 'SIGINT', 10000).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    })());
  try {
    pg = await startPostgres(dir, log);
    cube = await startCube({ pg, secret, dir, log });
  } catch (e) {
    await stop();
    throw e;
  }
  log(`stack ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return {
    apiUrl: cube.apiUrl,
    baseUrl: cube.baseUrl,
    secret,
    dir,
    pg: { host: '127.0.0.1', port: pg.port, database: pg.database, user: pg.user },
    cube,
    postgres: pg,
    /** Resolves with a description when either server dies on its own. */
    crashed: Promise.race([
      pg.proc.exited.then((r) => `postgres exited (${r.code ?? r.signal})`),
      cube.proc.exited.then((r) => `cube exited (${r.code ?? r.signal})`),
    ]),
    logs: () => ({ postgres: tail(pg.logFile), cube: tail(cube.logFile) }),
    stop,
  };
}

/** The variables a test process gets; tests read them through test/e2e/env.ts. */
export function stackEnv(stack) {
  return {
    CUBE_API_URL: stack.apiUrl,
    CUBE_API_SECRET: stack.secret,
    CUBE_E2E_BASE_URL: stack.baseUrl,
    CUBE_E2E_PG_HOST: stack.pg.host,
    CUBE_E2E_PG_PORT: String(stack.pg.port),
    CUBE_E2E_PG_DATABASE: stack.pg.database,
    CUBE_E2E_PG_USER: stack.pg.user,
    CUBE_E2E_DIR: stack.dir,
    CUBE_E2E_CUBE_PID: String(stack.cube.pid),
  };
}

async function main(argv) {
  const sep = argv.indexOf('--');
  const command = sep >= 0 ? argv.slice(sep + 1) : [];
  let stack;
  let child;
  let signalled = null;
  const onSignal = (sig) => {
    if (signalled) return;
    signalled = sig;
    process.stderr.write(`[e2e] ${sig}: stopping\n`);
    if (child && child.exitCode === null) child.kill(sig);
    else if (!child) void finish(sig === 'SIGINT' ? 130 : 143);
  };
  let finishing;
  const finish = (code) =>
    (finishing ??= (async () => {
      await stack?.stop();
      process.exit(code);
    })());
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGHUP', () => onSignal('SIGHUP'));

  try {
    stack = await startStack();
  } catch (e) {
    process.stderr.write(`[e2e] could not start the stack: ${e.stack || e}\n`);
    return finish(1);
  }
  if (signalled) return finish(130);

  const env = { ...process.env, ...stackEnv(stack) };
  if (!command.length) {
    for (const [k, v] of Object.entries(stackEnv(stack))) process.stdout.write(`${k}=${v}\n`);
    process.stderr.write('[e2e] stack running; Ctrl-C stops it\n');
    const why = await stack.crashed;
    if (signalled) return finishing;
    process.stderr.write(`[e2e] ${why}\n`);
    return finish(1);
  }

  const started = Date.now();
  child = spawn(command[0], command.slice(1), { stdio: 'inherit', env });
  const code = await new Promise((r) => {
    child.once('error', (e) => {
      process.stderr.write(`[e2e] could not run ${command[0]}: ${e.message}\n`);
      r(127);
    });
    child.once('exit', (c, s) => r(c ?? (s === 'SIGINT' ? 130 : 128 + 15)));
  });
  process.stderr.write(
    `[e2e] command finished with ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
  if (code !== 0) {
    const logs = stack.logs();
    if (logs.cube) process.stderr.write(`[e2e] last lines of the Cube log:\n${logs.cube}\n`);
  }
  return finish(code);
}

if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  main(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`[e2e] ${e.stack || e}\n`);
    process.exit(1);
  });
}
