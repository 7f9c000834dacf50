import { jest } from '@jest/globals';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTokenHandler } from '../../src/server/createTokenHandler';
import { toNodeHandler, type NodeResponseLike } from '../../src/server/toNodeHandler';
import { SECRET, cubeVerify } from './support';

type SessionRequest = IncomingMessage & { user?: { id: number } };

let server: Server | undefined;

async function listen(listener: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  server = createServer(listener);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** A stand-in for session middleware: Express would have set req.user before the route runs. */
function withSession(route: (req: SessionRequest, res: ServerResponse) => unknown) {
  return (req: SessionRequest, res: ServerResponse) => {
    if (req.headers.cookie === 'sid=valid') req.user = { id: 42 };
    void route(req, res);
  };
}

describe('toNodeHandler', () => {
  const handler = createTokenHandler<SessionRequest>({
    secret: SECRET,
    expiresIn: '15m',
    getSecurityContext: (_request, req) => (req?.user ? { userId: req.user.id } : null),
  });

  it('serves the token route on node:http, with the session middleware left on the Node request', async () => {
    const base = await listen(withSession(toNodeHandler(handler)));
    const response = await fetch(`${base}/auth/cubejs-token`, { headers: { cookie: 'sid=valid' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const payload = cubeVerify(((await response.json()) as { token: string }).token);
    expect(payload.userId).toBe(42);
    expect((payload.exp as number) - (payload.iat as number)).toBe(900);
  });

  it('answers 401 JSON without a session', async () => {
    const base = await listen(withSession(toNodeHandler(handler)));
    const response = await fetch(`${base}/auth/cubejs-token`);
    expect(response.status).toBe(401);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ error: 'Unauthorized' });
  });

  it('builds the web Request from the method, headers, Host and Express originalUrl', async () => {
    let seen: Request | undefined;
    const spy = createTokenHandler({
      secret: SECRET,
      getSecurityContext: (request) => {
        seen = request;
        return {};
      },
    });
    const base = await listen((req, res) => {
      Object.assign(req, { originalUrl: `/api${req.url}` });
      void toNodeHandler(spy)(req, res);
    });
    await fetch(`${base}/auth/cubejs-token?x=1`, {
      method: 'POST',
      headers: { 'x-custom': 'yes' },
      body: '{}',
    });
    expect(seen?.method).toBe('POST');
    expect(seen?.headers.get('x-custom')).toBe('yes');
    expect(new URL(seen!.url).pathname).toBe('/api/auth/cubejs-token');
    expect(new URL(seen!.url).search).toBe('?x=1');
    expect(new URL(seen!.url).host).toBe(new URL(base).host);
  });

  it('passes unexpected failures to next() when there is one', async () => {
    const failing = toNodeHandler(async () => {
      throw new Error('boom');
    });
    const next = jest.fn();
    const res = fakeResponse();
    await failing({ headers: {}, url: '/' }, res, next);
    expect(next).toHaveBeenCalledWith(expect.objectContaining({ message: 'boom' }));
    expect(res.end).not.toHaveBeenCalled();
  });

  it('answers 500 on unexpected failures without next()', async () => {
    const failing = toNodeHandler(async () => {
      throw new Error('boom');
    });
    const res = fakeResponse();
    await failing({ headers: {}, url: '/' }, res);
    expect(res.statusCode).toBe(500);
    expect(res.end).toHaveBeenCalledWith(JSON.stringify({ error: 'Internal Server Error' }));
  });

  it('survives a malformed Host header and joins repeated headers', async () => {
    let seen: Request | undefined;
    const adapter = toNodeHandler(async (request) => {
      seen = request;
      return new Response('ok', { status: 200 });
    });
    const res = fakeResponse();
    await adapter(
      { method: 'GET', url: '/t', headers: { host: 'bad host:::', 'x-list': ['a', 'b'], ':path': '/t' } },
      res,
    );
    expect(new URL(seen!.url).host).toBe('localhost');
    expect(seen!.headers.get('x-list')).toBe('a, b');
    expect(res.statusCode).toBe(200);
    expect(res.setHeader).toHaveBeenCalledWith('content-type', 'text/plain;charset=UTF-8');
    expect(res.end).toHaveBeenCalledWith('ok');
  });

  it('gives the Request an https URL behind a TLS socket', async () => {
    let seen: Request | undefined;
    const adapter = toNodeHandler(async (request) => {
      seen = request;
      return new Response(null, { status: 204 });
    });
    await adapter(
      { url: '/t', headers: { host: 'app.example' }, socket: { encrypted: true } },
      fakeResponse(),
    );
    expect(seen!.url).toBe('https://app.example/t');
    expect(seen!.method).toBe('GET');
  });

  it('leaves a response alone that something else already sent', async () => {
    const res = { ...fakeResponse(), headersSent: true };
    await toNodeHandler(handler)({ method: 'GET', url: '/', headers: {} } as SessionRequest, res);
    expect(res.end).not.toHaveBeenCalled();
  });
});

function fakeResponse(): NodeResponseLike & { end: jest.Mock; setHeader: jest.Mock } {
  return { statusCode: 0, setHeader: jest.fn(), end: jest.fn() };
}
