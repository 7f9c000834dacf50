import cubejs from '../../../src/index';
import { API_URL, useFakeCube } from '../../support/fixtures';

const cube = useFakeCube();

const query = { measures: ['Orders.count'] };

describe('options are checked at construction', () => {
  it.each([
    ['missing apiUrl', {}],
    ['apiUrl not a URL', { apiUrl: 'not a url' }],
    ['apiUrl ftp', { apiUrl: 'ftp://cube.test/v1' }],
    ['method', { apiUrl: API_URL, method: 'DELETE' }],
    ['credentials', { apiUrl: API_URL, credentials: 'always' }],
    ['pollInterval', { apiUrl: API_URL, pollInterval: -1 }],
    ['fetchTimeout', { apiUrl: API_URL, fetchTimeout: 'soon' }],
    ['networkErrorRetries', { apiUrl: API_URL, networkErrorRetries: 1.5 }],
    ['headers', { apiUrl: API_URL, headers: { a: 1 } }],
    ['fetch', { apiUrl: API_URL, fetch: 'fetch' }],
    ['tokenTimeout', { apiUrl: API_URL, tokenTimeout: 0 }],
    ['refreshLeeway', { apiUrl: API_URL, refreshLeeway: Number.NaN }],
    ['isAuthError', { apiUrl: API_URL, isAuthError: true }],
    ['onTokenRefreshed', { apiUrl: API_URL, onTokenRefreshed: {} }],
    ['onAuthFailure', { apiUrl: API_URL, onAuthFailure: 'x' }],
  ])('%s → TypeError naming the problem', (label, options) => {
    const create = () => cubejs('tok', options as never);
    expect(create).toThrow(TypeError);
    expect(create).toThrow(
      label.startsWith('apiUrl') || label.startsWith('missing') ? /apiUrl/ : new RegExp(label),
    );
  });

  it('the message says what the option must be and what came instead', () => {
    expect(() => cubejs('tok', { apiUrl: API_URL, method: 'DELETE' as never })).toThrow(
      `cubejs(): option method must be one of 'GET', 'POST', 'PUT', 'PATCH'; got the string "DELETE"`,
    );
    expect(() => cubejs('tok', { apiUrl: API_URL, tokenStorage: 'cookies' as never })).toThrow(
      `option tokenStorage must be 'localStorage', 'sessionStorage' or an object with get, set and remove; got the string "cookies"`,
    );
  });

  it('a bare Promise as the token is refused with a hint, by cubejs() and by setToken()', () => {
    const promise = Promise.resolve('t') as never;
    expect(() => cubejs(promise, { apiUrl: API_URL })).toThrow(/Promise of a token .* function/);
    const cubeApi = cubejs('tok', { apiUrl: API_URL });
    expect(() => cubeApi.setToken(promise)).toThrow(/Promise of a token .* function/);
    expect(() => cubeApi.setToken(42 as never)).toThrow(/string, a function or null; got number/);
  });

  it('a trailing slash on apiUrl does not double the slash', async () => {
    await cubejs('tok', { apiUrl: `${API_URL}/` }).load(query);
    expect(cube.seen[0].url.pathname).toBe('/cubejs-api/v1/load');
  });

  it('uses an injected fetch', async () => {
    const calls: string[] = [];
    const api = cubejs('tok', {
      apiUrl: API_URL,
      fetch: (url, init) => {
        calls.push(url);
        return globalThis.fetch(url, init);
      },
    });
    await api.load(query);
    expect(calls).toHaveLength(1);
  });
});

describe('apiUrl and signal are refused when they would leak or break', () => {
  it.each([
    ['a query string', 'http://cube.test/cubejs-api/v1?key=s3cr3t', /query string/],
    ['an empty query string', 'http://cube.test/cubejs-api/v1?', /query string/],
    ['user:password@', 'https://admin:s3cr3t@cube.test/cubejs-api/v1', /user name or password/],
    ['a user name alone', 'https://s3cr3t@cube.test/cubejs-api/v1', /user name or password/],
  ])('an apiUrl with %s is a TypeError that never repeats the secret', (_label, apiUrl, reason) => {
    const create = () => cubejs('tok', { apiUrl });
    expect(create).toThrow(TypeError);
    expect(create).toThrow(reason);
    expect(() => create()).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('s3cr3t') }),
    );
  });

  it('a password never lands in the error of an apiUrl refused for another reason', () => {
    expect(() => cubejs('tok', { apiUrl: 'ftp://admin:s3cr3t@cube.test/v1' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('s3cr3t') }),
    );
  });

  it.each([
    ['an object with aborted only', { aborted: false }],
    ['a controller instead of its signal', new AbortController()],
    ['a string', 'abort'],
  ])('a signal that is %s is a TypeError naming the option', (_label, signal) => {
    expect(() => cubejs('tok', { apiUrl: API_URL, signal: signal as never })).toThrow(
      /option signal must be an AbortSignal/,
    );
  });

  it('a real AbortSignal is accepted', () => {
    expect(() => cubejs('tok', { apiUrl: API_URL, signal: new AbortController().signal })).not.toThrow();
  });
});
