// Serves test pages, the built bundles from dist/, and a token route, on loopback. The pages
// come from here and the API from the Cube server: a cross-origin setup, as in production, so
// CORS is part of what the browser suite checks.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

export const distDir = fileURLToPath(new URL('../../../dist/', import.meta.url));

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
};

export type TokenRoute = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface PageServer {
  origin: string;
  close(): Promise<void>;
}

/**
 * `pages` maps a path such as `/umd.html` to its HTML; other paths serve the build output and
 * `/auth/cubejs-token` is answered by `tokenRoute`.
 */
export async function startPageServer(
  pages: Record<string, string>,
  tokenRoute: TokenRoute,
): Promise<PageServer> {
  if (!existsSync(join(distDir, 'cube-client.umd.min.js'))) {
    throw new Error(
      `${distDir}cube-client.umd.min.js is missing: run \`npm run build\` before the browser suite`,
    );
  }
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/auth/cubejs-token') {
      void Promise.resolve(tokenRoute(req, res)).catch((e: unknown) => {
        res.writeHead(500).end(String(e));
      });
      return;
    }
    if (path === '/favicon.ico') {
      // Browsers ask for it on their own; answering keeps a 404 out of the console checks.
      res.writeHead(204).end();
      return;
    }
    if (pages[path] !== undefined) {
      res.writeHead(200, { 'content-type': types['.html'], 'cache-control': 'no-store' }).end(pages[path]);
      return;
    }
    // The build output is served at the root (as a CDN would serve the package) and under
    // /dist/, so a page can use the plain `<script src="cube-client.umd.min.js">`.
    const relative = path.startsWith('/dist/') ? path.slice('/dist/'.length) : path.slice(1);
    const file = normalize(join(distDir, relative));
    if (relative && file.startsWith(distDir) && existsSync(file) && statSync(file).isFile()) {
      res
        .writeHead(200, {
          'content-type': types[extname(file)] ?? 'application/octet-stream',
          'cache-control': 'no-store',
        })
        .end(readFileSync(file));
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  return serveOnLoopback(server);
}

/** Listens on a free loopback port; `close` also ends the connections a browser keeps alive. */
export async function serveOnLoopback(server: Server): Promise<PageServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
