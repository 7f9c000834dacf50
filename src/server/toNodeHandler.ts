import type { TokenHandler } from './createTokenHandler';

/**
 * The parts of a Node `IncomingMessage` (or Express/Connect request) the adapter reads. Declared
 * here so the types do not need `@types/node`.
 */
export interface NodeRequestLike {
  /** @default 'GET' */
  method?: string;
  /** The path and query, as Node gives it. */
  url?: string;
  /** Set by Express to the full path when a router is mounted under a prefix. */
  originalUrl?: string;
  /** Lower-cased header names, as Node gives them; `host` makes the request URL's origin. */
  headers: { [name: string]: string | string[] | undefined };
  /** A TLS socket (`encrypted: true`) makes the URL `https:`. Typed loosely so a plain `Socket` fits. */
  socket?: object | null;
}

/** The parts of a Node `ServerResponse` the adapter writes. */
export interface NodeResponseLike {
  statusCode: number;
  headersSent?: boolean;
  /** Sets one response header. */
  setHeader(name: string, value: string): unknown;
  /** Sends the body and finishes the response. */
  end(body?: string): unknown;
}

/** A Node `(req, res)` listener, also usable as Express/Connect middleware. */
export type NodeHandler<Req extends NodeRequestLike = NodeRequestLike> = (
  req: Req,
  res: NodeResponseLike,
  next?: (error?: unknown) => void,
) => Promise<void>;

/**
 * Adapts a {@link TokenHandler} to Node's `http` module and Express. The Node request is passed
 * to `getSecurityContext` as its second argument, so a session that middleware attached to it
 * (`req.user`, `req.session`) is at hand. The request body is not forwarded (the token route
 * needs none); read it from the Node request if you must.
 *
 * If the handler fails unexpectedly, the error goes to `next` when there is one (Express), else
 * the answer is a 500 without details.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { createTokenHandler, toNodeHandler } from 'cube-client/server';
 *
 * const handler = createTokenHandler<express.Request>({
 *   expiresIn: '1d',
 *   getSecurityContext: (_request, req) => (req?.user ? { userId: req.user.id } : null),
 * });
 * app.get('/auth/cubejs-token', toNodeHandler(handler));
 * ```
 */
export function toNodeHandler<Req extends NodeRequestLike>(handler: TokenHandler<Req>): NodeHandler<Req> {
  return async (req, res, next) => {
    let response: Response;
    try {
      response = await handler(toRequest(req), req);
    } catch (error) {
      if (next) return next(error);
      response = new Response(JSON.stringify({ error: 'Internal Server Error' }), {
        status: 500,
        headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
      });
    }
    if (res.headersSent) return;
    res.statusCode = response.status;
    response.headers.forEach((value, name) => res.setHeader(name, value));
    res.end(await response.text());
  };
}

function toRequest(req: NodeRequestLike): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    // HTTP/2 pseudo-headers (":path") are not valid header names for the fetch API.
    if (value === undefined || name.startsWith(':')) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const protocol =
    (req.socket as { encrypted?: unknown } | null | undefined)?.encrypted === true ? 'https' : 'http';
  const path = req.originalUrl ?? req.url ?? '/';
  let url: URL;
  try {
    url = new URL(path, `${protocol}://${headerValue(req.headers.host) ?? 'localhost'}`);
  } catch {
    // A malformed Host header must not stop the route; the path is all the handler needs.
    url = new URL(path, `${protocol}://localhost`);
  }
  return new Request(url, { method: req.method ?? 'GET', headers });
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
