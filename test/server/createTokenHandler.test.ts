import { jest } from '@jest/globals';
import { createTokenHandler } from '../../src/server/createTokenHandler';
import { TokenSigningError } from '../../src/errors/TokenSigningError';
import { SECRET, cubeVerify, thrownBy, withSecretSources } from './support';

const URL_ = 'https://app.example/auth/cubejs-token';
const get = (init: RequestInit = {}) => new Request(URL_, init);

async function body(response: Response): Promise<Record<string, unknown>> {
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  expect(response.headers.get('cache-control')).toBe('no-store');
  return (await response.json()) as Record<string, unknown>;
}

describe('createTokenHandler', () => {
  it('answers 200 {token} with the caller’s security context, exp - iat = expiresIn', async () => {
    const handler = createTokenHandler({
      secret: SECRET,
      expiresIn: '2h',
      getSecurityContext: () => ({ userId: 7 }),
    });
    const response = await handler(get());
    expect(response.status).toBe(200);
    const json = await body(response);
    expect(Object.keys(json)).toEqual(['token']);
    const payload = cubeVerify(json.token as string);
    expect(payload.userId).toBe(7);
    expect((payload.exp as number) - (payload.iat as number)).toBe(7200);
  });

  it('uses a one-day expiry by default', async () => {
    const handler = createTokenHandler({ secret: SECRET, getSecurityContext: () => ({}) });
    const payload = cubeVerify((await body(await handler(get()))).token as string);
    expect((payload.exp as number) - (payload.iat as number)).toBe(86_400);
  });

  it('passes the request and the host context to getSecurityContext, and awaits it', async () => {
    const getSecurityContext = jest.fn(async (request: Request, context: { tenant: string } | undefined) => ({
      tenant: context?.tenant ?? 'none',
      session: request.headers.get('cookie'),
    }));
    const handler = createTokenHandler({ secret: SECRET, getSecurityContext });
    const response = await handler(get({ headers: { cookie: 'sid=1' } }), { tenant: 'acme' });
    expect(cubeVerify((await body(response)).token as string)).toMatchObject({
      tenant: 'acme',
      session: 'sid=1',
    });
    expect(getSecurityContext).toHaveBeenCalledTimes(1);
    expect(getSecurityContext.mock.calls[0]![0]).toBeInstanceOf(Request);
  });

  it('passes the signing options through (legacy u, claims, algorithm)', async () => {
    const handler = createTokenHandler({
      secret: SECRET,
      legacyUserContext: true,
      claims: { iss: 'my-app' },
      algorithm: 'HS256',
      getSecurityContext: () => ({ id: 42 }),
    });
    expect(cubeVerify((await body(await handler(get()))).token as string)).toMatchObject({
      u: { id: 42 },
      iss: 'my-app',
    });
  });

  it('answers POST as well as GET', async () => {
    const handler = createTokenHandler({ secret: SECRET, getSecurityContext: () => ({}) });
    expect((await handler(get({ method: 'POST', body: '{}' }))).status).toBe(200);
  });

  it.each(['PUT', 'DELETE', 'PATCH', 'OPTIONS'])('answers %s with 405 and no token', async (method) => {
    const getSecurityContext = jest.fn(() => ({}));
    const response = await createTokenHandler({ secret: SECRET, getSecurityContext })(get({ method }));
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST');
    expect(await body(response)).not.toHaveProperty('token');
    expect(getSecurityContext).not.toHaveBeenCalled();
  });

  it.each([
    ['returns null', () => null],
    ['returns undefined', () => undefined],
    ['resolves to null', async () => null],
  ])('answers 401 without a token when getSecurityContext %s', async (_name, getSecurityContext) => {
    const onError = jest.fn();
    const response = await createTokenHandler({ secret: SECRET, getSecurityContext, onError })(get());
    expect(response.status).toBe(401);
    expect(await body(response)).toEqual({ error: 'Unauthorized' });
    expect(onError).not.toHaveBeenCalled();
  });

  it.each([
    [
      'throws',
      () => {
        throw new Error('no session');
      },
    ],
    [
      'rejects',
      async () => {
        throw new Error('no session');
      },
    ],
  ])(
    'answers 401 without a token when getSecurityContext %s, and reports it',
    async (_name, getSecurityContext) => {
      const onError = jest.fn();
      const request = get();
      const response = await createTokenHandler({ secret: SECRET, getSecurityContext, onError })(request);
      expect(response.status).toBe(401);
      const json = await body(response);
      expect(json).toEqual({ error: 'Unauthorized' });
      expect(JSON.stringify(json)).not.toContain('no session');
      expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'no session' }), request);
    },
  );

  it('answers 500 without details when the context cannot be signed, and reports why', async () => {
    const onError = jest.fn();
    const handler = createTokenHandler({
      secret: SECRET,
      getSecurityContext: () => ({ at: new Date() }),
      onError,
    });
    const response = await handler(get());
    expect(response.status).toBe(500);
    expect(await body(response)).toEqual({ error: 'Could not issue a token' });
    expect(onError).toHaveBeenCalledTimes(1);
    expect((onError.mock.calls[0]![0] as TokenSigningError).code).toBe('CONTEXT_INVALID');
  });

  it('answers 500 when no secret can be found at request time', async () => {
    await withSecretSources({}, async () => {
      const onError = jest.fn();
      const response = await createTokenHandler({ getSecurityContext: () => ({}), onError })(get());
      expect(response.status).toBe(500);
      expect((onError.mock.calls[0]![0] as TokenSigningError).code).toBe('SECRET_MISSING');
    });
  });

  it('signs with CUBEJS_API_SECRET from the environment or .env when no secret is given', async () => {
    const handler = createTokenHandler({ getSecurityContext: () => ({ id: 1 }) });
    await withSecretSources({ env: SECRET }, async () => {
      expect(cubeVerify((await body(await handler(get()))).token as string).id).toBe(1);
    });
    await withSecretSources({ dotenv: `CUBEJS_API_SECRET=${SECRET}\n` }, async () => {
      expect(cubeVerify((await body(await handler(get()))).token as string).id).toBe(1);
    });
  });

  it('checks its options at creation', () => {
    expect(thrownBy(() => createTokenHandler({} as never))).toBeInstanceOf(TypeError);
    const expiry = thrownBy(() =>
      createTokenHandler({ secret: SECRET, expiresIn: '-1d', getSecurityContext: () => ({}) }),
    );
    expect(expiry).toBeInstanceOf(TokenSigningError);
    expect(expiry.code).toBe('EXPIRY_INVALID');
    expect(
      thrownBy(() =>
        createTokenHandler({ secret: 'short', minSecretBytes: 32, getSecurityContext: () => ({}) }),
      ).code,
    ).toBe('SECRET_TOO_SHORT');
    expect(thrownBy(() => createTokenHandler({ secret: '', getSecurityContext: () => ({}) })).code).toBe(
      'SECRET_MISSING',
    );
  });

  it('issues a fresh token on every request', async () => {
    let n = 0;
    const handler = createTokenHandler({ secret: SECRET, getSecurityContext: () => ({ n: ++n }) });
    const first = cubeVerify((await body(await handler(get()))).token as string);
    const second = cubeVerify((await body(await handler(get()))).token as string);
    expect([first.n, second.n]).toEqual([1, 2]);
  });
});

describe('createTokenHandler when getSecurityContext or onError misbehave', () => {
  /** Collects unhandled rejections while `fn` runs, and for a few turns of the event loop after. */
  async function unhandledDuring(fn: () => Promise<void>): Promise<unknown[]> {
    const seen: unknown[] = [];
    const listener = (reason: unknown) => void seen.push(reason);
    process.on('unhandledRejection', listener);
    try {
      await fn();
      for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
    } finally {
      process.off('unhandledRejection', listener);
    }
    return seen;
  }

  it('answers 503 after contextTimeout and reports CONTEXT_TIMEOUT to onError', async () => {
    const onError = jest.fn();
    const request = get();
    const handler = createTokenHandler({
      secret: SECRET,
      contextTimeout: 50,
      getSecurityContext: () => new Promise<object>(() => undefined),
      onError,
    });
    const response = await handler(request);
    expect(response.status).toBe(503);
    expect(await body(response)).toEqual({ error: 'Could not check the session in time' });
    expect(response.headers.get('retry-after')).toBe('1');
    expect(onError).toHaveBeenCalledTimes(1);
    const [error, reported] = onError.mock.calls[0]! as [TokenSigningError, Request];
    expect(error).toBeInstanceOf(TokenSigningError);
    expect(error.code).toBe('CONTEXT_TIMEOUT');
    expect(error.message).toMatch(/within 50 ms/);
    expect(reported).toBe(request);
  });

  it('bounds the wait by default, at 5 seconds', async () => {
    jest.useFakeTimers();
    try {
      const handler = createTokenHandler({
        secret: SECRET,
        getSecurityContext: () => new Promise<object>(() => undefined),
      });
      const pending = handler(get());
      await jest.advanceTimersByTimeAsync(4999);
      let settled = false;
      void pending.then(() => (settled = true));
      await jest.advanceTimersByTimeAsync(0);
      expect(settled).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      expect((await pending).status).toBe(503);
    } finally {
      jest.useRealTimers();
    }
  });

  it('ignores a context that arrives after the timeout, and its late rejection', async () => {
    let rejectLate: (error: Error) => void = () => undefined;
    const handler = createTokenHandler({
      secret: SECRET,
      contextTimeout: 20,
      getSecurityContext: () => new Promise<object>((_resolve, reject) => (rejectLate = reject)),
    });
    const unhandled = await unhandledDuring(async () => {
      expect((await handler(get())).status).toBe(503);
      rejectLate(new Error('too late'));
    });
    expect(unhandled).toEqual([]);
  });

  it('answers in time when the context is quicker than contextTimeout', async () => {
    const handler = createTokenHandler({
      secret: SECRET,
      contextTimeout: 1000,
      getSecurityContext: () => new Promise<object>((resolve) => setTimeout(() => resolve({ id: 3 }), 20)),
    });
    expect(cubeVerify((await body(await handler(get()))).token as string).id).toBe(3);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31, '100'])(
    'refuses contextTimeout %p at creation with a TypeError',
    (contextTimeout) => {
      const error = thrownBy(() =>
        createTokenHandler({
          secret: SECRET,
          contextTimeout: contextTimeout as number,
          getSecurityContext: () => ({}),
        }),
      );
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toMatch(/^contextTimeout must be/);
    },
  );

  it.each([
    [
      'throws',
      () => {
        throw new Error('logger down');
      },
    ],
    ['rejects', () => Promise.reject(new Error('logger down'))],
  ])('keeps its answer when onError %s, with no unhandled rejection', async (_name, onError) => {
    const cases: Array<[() => object | null, number]> = [
      [
        () => {
          throw new Error('no session');
        },
        401,
      ],
      [() => ({ at: new Date() }), 500],
      [() => new Promise<object>(() => undefined) as never, 503],
    ];
    const unhandled = await unhandledDuring(async () => {
      for (const [getSecurityContext, status] of cases) {
        const handler = createTokenHandler({
          secret: SECRET,
          contextTimeout: 20,
          getSecurityContext,
          onError,
        });
        expect((await handler(get())).status).toBe(status);
      }
    });
    expect(unhandled).toEqual([]);
  });
});
