// `npm start`: PostgreSQL + Cube (the same harness as the e2e suites), a tiny app server with
// the `/auth/cubejs-token` route, and a page that draws the demo data with cube-client.
//
//   npm start            then open the printed URL; Ctrl-C stops everything
//   PORT=8080 npm start  to choose the app's port (default 3000, or a free one if taken)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = join(root, 'dist');
const publicDir = fileURLToPath(new URL('./public/', import.meta.url));

function ensureBuild() {
  const needed = ['index.js', 'server.js', 'ws.js'].map((f) => join(dist, f));
  if (needed.every((f) => existsSync(f))) return;
  console.log('dist/ is missing: running `npm run build` once…');
  const res = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (res.status !== 0) {
    console.error('`npm run build` failed; the demo needs the built client.');
    process.exit(1);
  }
}

function ensureCubeServer() {
  if (existsSync(join(root, 'test/e2e/cube/node_modules/@cubejs-backend/server-core'))) return;
  console.error(
    'The Cube server is not installed. Run once:\n  (cd test/e2e/cube && npm ci --ignore-scripts)',
  );
  process.exit(1);
}

const TENANTS = ['acme', 'globex'];
const SESSION_COOKIE = 'demo_tenant';

/** The demo's stand-in for a real login: the tenant is whatever the session cookie says. */
function sessionTenant(cookieHeader) {
  const match = /(?:^|;\s*)demo_tenant=([a-z]+)/.exec(cookieHeader ?? '');
  return match && TENANTS.includes(match[1]) ? match[1] : TENANTS[0];
}

const contentTypes = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
};

function sendFile(res, file) {
  res.writeHead(200, {
    'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
    'cache-control': 'no-store',
  });
  res.end(readFileSync(file));
}

/** Serves `file` under `base` only, so `..` in a URL cannot leave the folder. */
function fileUnder(base, relative) {
  const file = normalize(join(base, relative));
  return file.startsWith(base) && existsSync(file) && statSync(file).isFile() ? file : null;
}

async function listen(server, preferred) {
  const attempt = (port) =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve(server.address().port);
      });
    });
  try {
    return await attempt(preferred);
  } catch (e) {
    if (e.code !== 'EADDRINUSE' || process.env.PORT) throw e;
    return attempt(0);
  }
}

async function main() {
  ensureCubeServer();
  ensureBuild();
  const { startStack, runSql } = await import(pathToFileURL(join(root, 'test/e2e/harness.mjs')).href);
  const { createTokenHandler, toNodeHandler } = await import(pathToFileURL(join(dist, 'server.js')).href);

  const stack = await startStack({ log: (msg) => console.log(`  ${msg}`) });
  let app;
  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping…');
    app?.closeAllConnections?.();
    app?.close();
    await stack.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  void stack.crashed.then((why) => {
    if (stopping) return;
    console.error(`the stack stopped on its own: ${why}`);
    void stop(1);
  });

  try {
    const tokenRoute = toNodeHandler(
      createTokenHandler({
        secret: stack.secret,
        // Short on purpose: leave the page open and the client refreshes it ahead of expiry.
        expiresIn: '2m',
        getSecurityContext: (_request, req) => ({ tenant: sessionTenant(req.headers.cookie) }),
      }),
    );

    app = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://demo.local');
      if (url.pathname === '/auth/cubejs-token') return void tokenRoute(req, res);
      if (url.pathname === '/login' && req.method === 'POST') {
        const tenant = url.searchParams.get('tenant');
        if (!TENANTS.includes(tenant)) return void res.writeHead(400).end('unknown tenant');
        res.writeHead(204, { 'set-cookie': `${SESSION_COOKIE}=${tenant}; Path=/; HttpOnly; SameSite=Lax` });
        return void res.end();
      }
      if (url.pathname === '/live/order' && req.method === 'POST') {
        // The live panel's button: a new row that Cube's next subscription run pushes to the page.
        const amount = 10 + Math.floor(Math.random() * 190);
        const channel = sessionTenant(req.headers.cookie);
        runSql(
          stack.pg,
          `INSERT INTO public.live_events (channel, amount) VALUES ('${channel}', ${amount});`,
        );
        return void res.writeHead(204).end();
      }
      if (url.pathname === '/favicon.ico') return void res.writeHead(204).end();
      if (url.pathname === '/config.json') {
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        return void res.end(
          JSON.stringify({
            apiUrl: stack.apiUrl,
            wsUrl: `${stack.baseUrl.replace(/^http/, 'ws')}/`,
            tenant: sessionTenant(req.headers.cookie),
            tenants: TENANTS,
          }),
        );
      }
      // The Vue page (vue.html) loads Vue's browser build from the installed package.
      if (url.pathname === '/vendor/vue/vue.esm-browser.prod.js') {
        return void sendFile(res, join(root, 'node_modules/vue/dist/vue.esm-browser.prod.js'));
      }
      if (url.pathname.startsWith('/vendor/cube-client/')) {
        const file = fileUnder(dist, url.pathname.slice('/vendor/cube-client/'.length));
        if (file) return void sendFile(res, file);
      }
      const file = fileUnder(publicDir, url.pathname === '/' ? 'index.html' : url.pathname.slice(1));
      if (file) return void sendFile(res, file);
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    });
    const port = await listen(app, Number(process.env.PORT || 3000));
    console.log(
      `\n  cube-client demo: http://127.0.0.1:${port}/\n  (Cube API at ${stack.apiUrl}; Ctrl-C stops everything)\n`,
    );
  } catch (e) {
    console.error(e);
    await stop(1);
  }
}

main().catch((e) => {
  console.error(e?.stack ?? e);
  process.exit(1);
});
