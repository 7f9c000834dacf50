import { http, HttpResponse } from 'msw';
import cubejs, { fetchCubeToken, TokenError } from '../../../src/index';
import { API_URL, fakeCube, jwtAt, TOKEN_ROUTE, useTokenRoute } from '../../support/fixtures';

const cube = fakeCube();
const route = useTokenRoute(cube);

const query = { measures: ['Orders.count'] };

describe('fetchCubeToken', () => {
  it('reads { token } JSON and the client sends it', async () => {
    await cubejs(fetchCubeToken(TOKEN_ROUTE), { apiUrl: API_URL }).load(query);
    expect(route.hits).toBe(1);
    expect(cube.seen[0].authorization).toMatch(/^ey/);
  });

  it('accepts a bare JWT text body', async () => {
    const jwt = jwtAt(Date.now(), 3600);
    route.reply = () => new HttpResponse(jwt, { headers: { 'Content-Type': 'text/plain' } });
    await cubejs(fetchCubeToken(TOKEN_ROUTE), { apiUrl: API_URL }).load(query);
    expect(cube.seen[0].authorization).toBe(jwt);
  });

  it('route answers 401 → TOKEN_ROUTE_UNAUTHORIZED, onAuthFailure fires, no request to Cube', async () => {
    route.reply = () => HttpResponse.json({ error: 'login required' }, { status: 401 });
    const failures: unknown[] = [];
    const api = cubejs(fetchCubeToken(TOKEN_ROUTE), {
      apiUrl: API_URL,
      onAuthFailure: (e) => failures.push(e),
    });
    const error = (await api.load(query).catch((e: unknown) => e)) as TokenError;
    expect(error).toBeInstanceOf(TokenError);
    expect(error.code).toBe('TOKEN_ROUTE_UNAUTHORIZED');
    expect(error.status).toBe(401);
    expect(failures).toEqual([error]);
    expect(cube.seen).toHaveLength(0);
  });

  it.each([
    ['a 500', () => HttpResponse.json({ error: 'boom' }, { status: 500 }), 'TOKEN_FETCH_FAILED'],
    ['non-JSON HTML', () => new HttpResponse('<html>oops</html>'), 'TOKEN_INVALID'],
    ['JSON without token', () => HttpResponse.json({ jwt: 'x' }), 'TOKEN_INVALID'],
    ['a network error', () => HttpResponse.error(), 'TOKEN_FETCH_FAILED'],
  ])('%s from the route → %s, and the next request asks again', async (_label, reply, code) => {
    route.reply = reply;
    const api = cubejs(fetchCubeToken(TOKEN_ROUTE), { apiUrl: API_URL });
    await expect(api.load(query)).rejects.toMatchObject({ code });
    route.reply = () => HttpResponse.json({ token: jwtAt(Date.now(), 3600) });
    await api.load(query);
    expect(route.hits).toBe(2);
  });
});

describe('fetchCubeToken and tokenTimeout', () => {
  it('a token route that hangs past tokenTimeout gets its request cancelled', async () => {
    let routeSignal: AbortSignal | undefined;
    cube.server.use(
      http.get('http://app.test/auth/slow-token', ({ request }) => {
        routeSignal = request.signal;
        return new Promise<Response>(() => undefined);
      }),
    );
    const api = cubejs(fetchCubeToken('http://app.test/auth/slow-token'), {
      apiUrl: API_URL,
      tokenTimeout: 30,
    });
    await expect(api.load(query)).rejects.toMatchObject({ code: 'TOKEN_TIMEOUT' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(routeSignal?.aborted).toBe(true);
    expect(cube.seen).toHaveLength(0);
  });
});

describe('fetchCubeToken bodies', () => {
  const { server } = cube;

  it('accepts a JSON string body, and refuses an empty one', async () => {
    server.use(http.get('http://app.test/a', () => HttpResponse.json('json-string-token')));
    server.use(http.get('http://app.test/b', () => HttpResponse.json('')));
    expect(await fetchCubeToken('http://app.test/a')()).toBe('json-string-token');
    await expect(fetchCubeToken('http://app.test/b')()).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
  });
});
