// The demo's app server, apart from the stack it runs against: `npm start` (start.mjs) serves it
// on PostgreSQL + Cube, and test/browser/demo.test.ts opens its pages in Chromium on the e2e stack.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = join(root, 'dist');
const publicDir = fileURLToPath(new URL('./public/', import.meta.url));

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

/**
 * The app server (not listening yet): the pages, the built client under `/vendor/cube-client/`,
 * `/auth/cubejs-token` signing with the stack's secret for the session's tenant, `/login`, and
 * the live panel's `/live/order`, which inserts a row through `runSql`.
 *
 * @param {{ stack: { secret: string, apiUrl: string, baseUrl: string, pg: object },
 *   runSql: (pg: object, sql: string) => void,
 *   createTokenHandler: Function, toNodeHandler: Function }} parts
 */
export function createDemoServer({ stack, runSql, createTokenHandler, toNodeHandler }) {
  const tokenRoute = toNodeHandler(
    createTokenHandler({
      secret: stack.secret,
      // Short on purpose: leave the page open and the client refreshes it ahead of expiry.
      expiresIn: '2m',
      getSecurityContext: (_request, req) => ({ tenant: sessionTenant(req.headers.cookie) }),
    }),
  );

  return createServer((req, res) => {
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
      runSql(stack.pg, `INSERT INTO public.live_events (channel, amount) VALUES ('${channel}', ${amount});`);
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
}
