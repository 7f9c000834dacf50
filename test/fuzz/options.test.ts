/**
 * Option validation: every malformed value of every option is refused at construction with a
 * TypeError that names the option, and every well-formed value is accepted.
 */
import fc from 'fast-check';
import cubejs from '../../src/index';
import { check, RUNS } from './settings';

const API_URL = 'https://cube.example.com/cubejs-api/v1';
const fn = fc.constant(() => undefined);
const storage = fc.constant({ get: () => null, set: () => undefined, remove: () => undefined });
const signal = fc.constant(null).map(() => new AbortController().signal);

/** Anything at all, to draw malformed values from (each option filters out what it accepts). */
const anything = fc.oneof(
  fc.anything(),
  fc.constantFrom(
    NaN,
    Infinity,
    -Infinity,
    -1,
    0,
    -0,
    0.5,
    '',
    ' ',
    '5',
    'true',
    null,
    [],
    {},
    Symbol('x'),
    10n,
  ),
  fc.func(fc.anything()),
);

const isPositive = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;
const isNonNegative = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** Per option: the values that are well formed, and a test that tells them from the rest. */
const OPTIONS: Record<string, { valid: fc.Arbitrary<unknown>; accepts: (value: unknown) => boolean }> = {
  headers: {
    valid: fc.dictionary(fc.string({ minLength: 1 }), fc.string()),
    accepts: (v) =>
      typeof v === 'object' &&
      v !== null &&
      !Array.isArray(v) &&
      Object.values(v).every((h) => typeof h === 'string'),
  },
  credentials: {
    valid: fc.constantFrom('omit', 'same-origin', 'include'),
    accepts: (v) => ['omit', 'same-origin', 'include'].includes(v as string),
  },
  method: { valid: fc.constantFrom('GET', 'POST'), accepts: (v) => v === 'GET' || v === 'POST' },
  pollInterval: { valid: fc.double({ min: 0.001, max: 1e6, noNaN: true }), accepts: isPositive },
  fetchTimeout: { valid: fc.double({ min: 1, max: 1e9, noNaN: true }), accepts: isPositive },
  networkErrorRetries: {
    valid: fc.nat({ max: 100 }),
    accepts: (v) => Number.isInteger(v) && (v as number) >= 0,
  },
  fetch: { valid: fn, accepts: (v) => typeof v === 'function' },
  tokenTimeout: { valid: fc.double({ min: 1, max: 1e9, noNaN: true }), accepts: isPositive },
  refreshLeeway: { valid: fc.double({ min: 0, max: 1e9, noNaN: true }), accepts: isNonNegative },
  isAuthError: { valid: fn, accepts: (v) => typeof v === 'function' },
  onTokenRefreshed: { valid: fn, accepts: (v) => typeof v === 'function' },
  onAuthFailure: { valid: fn, accepts: (v) => typeof v === 'function' },
  castNumerics: { valid: fc.boolean(), accepts: (v) => typeof v === 'boolean' },
  parseDateMeasures: { valid: fc.boolean(), accepts: (v) => typeof v === 'boolean' },
  signal: { valid: signal, accepts: (v) => v instanceof AbortSignal },
  tokenStorage: {
    valid: fc.oneof(fc.constantFrom('localStorage', 'sessionStorage'), storage),
    accepts: (v) =>
      v === 'localStorage' ||
      v === 'sessionStorage' ||
      (typeof v === 'object' &&
        v !== null &&
        ['get', 'set', 'remove'].every((m) => typeof (v as Record<string, unknown>)[m] === 'function')),
  },
  random: { valid: fn, accepts: (v) => typeof v === 'function' },
  now: { valid: fn, accepts: (v) => typeof v === 'function' },
};
const NAMES = Object.keys(OPTIONS);

function construct(options: Record<string, unknown>): unknown {
  try {
    cubejs('token', options as never);
    return undefined;
  } catch (error) {
    return error;
  }
}

describe(`option validation (${RUNS} runs per property)`, () => {
  it('a malformed value of any option → TypeError naming that option', () => {
    const malformed = fc
      .constantFrom(...NAMES)
      .chain((name) =>
        anything
          .filter((value) => value !== undefined && !OPTIONS[name].accepts(value))
          .map((value) => [name, value] as const),
      );
    check(
      fc.property(malformed, ([name, value]) => {
        const error = construct({ apiUrl: API_URL, [name]: value });
        expect(error).toBeInstanceOf(TypeError);
        expect((error as TypeError).message).toContain(`option ${name} `);
      }),
      10_000,
    );
  });

  it('any set of well-formed options is accepted', () => {
    const valid = fc.record(Object.fromEntries(NAMES.map((name) => [name, OPTIONS[name].valid])), {
      requiredKeys: [],
    });
    check(
      fc.property(valid, (options) => {
        expect(construct({ apiUrl: API_URL, ...options })).toBeUndefined();
      }),
      10_000,
    );
  });

  it('well-formed options with one malformed among them → the TypeError names the malformed one', () => {
    const mixed = fc
      .tuple(
        fc.constantFrom(...NAMES),
        fc.record(Object.fromEntries(NAMES.map((name) => [name, OPTIONS[name].valid])), { requiredKeys: [] }),
      )
      .chain(([bad, good]) =>
        anything
          .filter((value) => value !== undefined && !OPTIONS[bad].accepts(value))
          .map((value) => [bad, { ...good, [bad]: value }] as const),
      );
    check(
      fc.property(mixed, ([bad, options]) => {
        const error = construct({ apiUrl: API_URL, ...options });
        expect(error).toBeInstanceOf(TypeError);
        expect((error as TypeError).message).toContain(`option ${bad} `);
      }),
      10_000,
    );
  });

  it('apiUrl: any http(s) URL is accepted; anything else is a TypeError naming apiUrl', () => {
    check(
      fc.property(fc.webUrl({ validSchemes: ['http', 'https'], withFragments: true }), (url) => {
        expect(construct({ apiUrl: url })).toBeUndefined();
      }),
      10_000,
    );
    // A query string or user:password@ is refused, and the message never repeats either.
    const secret = fc.stringMatching(/^[a-z0-9]{6,12}$/).map((text) => `Zq${text}`);
    const secretBearing = fc
      .tuple(fc.webUrl({ validSchemes: ['http', 'https'] }), secret, fc.boolean())
      .map(([url, password, inQuery]) => ({
        url: inQuery ? `${url.split('?')[0]}?key=${password}` : url.replace('://', `://user:${password}@`),
        secret: password,
      }));
    check(
      fc.property(secretBearing, ({ url, secret }) => {
        const error = construct({ apiUrl: url });
        expect(error).toBeInstanceOf(TypeError);
        expect((error as TypeError).message).toContain('apiUrl');
        expect((error as TypeError).message).not.toContain(secret);
      }),
      10_000,
    );
    const notHttp = fc.oneof(
      anything.filter((value) => typeof value !== 'string'),
      fc.constantFrom(
        '',
        '   ',
        'ftp://cube.example.com/v1',
        'javascript:alert(1)',
        'file:///etc/passwd',
        'data:,x',
        'http://',
        '//[::1',
      ),
      fc.webUrl({ validSchemes: ['ftp', 'ws', 'file'] }),
    );
    check(
      fc.property(notHttp, (apiUrl) => {
        const error = construct({ apiUrl });
        expect(error).toBeInstanceOf(TypeError);
        expect((error as TypeError).message).toContain('apiUrl');
      }),
      10_000,
    );
  });
});
