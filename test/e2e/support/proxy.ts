// A loopback proxy in front of the Cube server that records every exchange, so tests can count
// requests, Continue-wait polls and token changes as the server saw them, not as a client
// reports them.
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Exchange {
  method: string;
  /** Path below the API root, e.g. `/load`. */
  endpoint: string;
  url: string;
  authorization: string | undefined;
  requestId: string | undefined;
  status: number;
  /** The `error` field of a JSON answer, e.g. `Continue wait` or `Invalid token`. */
  error: string | undefined;
  at: number;
}

export interface RecordingProxy {
  /** Use this instead of the stack's apiUrl. */
  apiUrl: string;
  exchanges: Exchange[];
  /** Exchanges of one endpoint, e.g. `proxy.of('/load')`. */
  of(endpoint: string): Exchange[];
  /** Resolves when the first request for `endpoint` arrives. */
  nextRequest(endpoint: string): Promise<void>;
  close(): Promise<void>;
}

export async function startRecordingProxy(targetApiUrl: string): Promise<RecordingProxy> {
  const target = new URL(targetApiUrl);
  const apiPath = target.pathname.replace(/\/$/, '');
  const exchanges: Exchange[] = [];
  const waiters: { endpoint: string; resolve: () => void }[] = [];

  const server: Server = createServer((req, res) => {
    const url = req.url ?? '/';
    const endpoint = url.split('?')[0].slice(apiPath.length) || '/';
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (waiters[i].endpoint === endpoint) waiters.splice(i, 1)[0].resolve();
    }
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: url,
        headers: { ...req.headers, host: target.host },
      },
      (up: IncomingMessage) => {
        const chunks: Buffer[] = [];
        up.on('data', (c: Buffer) => chunks.push(c));
        up.on('end', () => {
          const body = Buffer.concat(chunks);
          let error: string | undefined;
          try {
            const parsed = JSON.parse(body.toString('utf8')) as { error?: unknown };
            if (typeof parsed.error === 'string') error = parsed.error;
          } catch {
            // not JSON; the test decides whether that matters
          }
          exchanges.push({
            method: req.method ?? 'GET',
            endpoint,
            url,
            authorization: req.headers.authorization,
            requestId: req.headers['x-request-id'] as string | undefined,
            status: up.statusCode ?? 0,
            error,
            at: Date.now(),
          });
          res.writeHead(up.statusCode ?? 502, up.headers);
          res.end(body);
        });
      },
    );
    upstream.on('error', (e) => {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: `proxy: ${e.message}` }));
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiUrl: `http://127.0.0.1:${port}${apiPath}`,
    exchanges,
    of: (endpoint) => exchanges.filter((e) => e.endpoint === endpoint),
    nextRequest: (endpoint) => new Promise<void>((resolve) => waiters.push({ endpoint, resolve })),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
