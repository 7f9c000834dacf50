import type { CubeApiOptions } from '../types/options';

type Check = (value: unknown) => boolean;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;
const isType =
  (type: string): Check =>
  (value) =>
    typeof value === type;
// Number.isFinite is false for anything that is not a number, NaN and ±Infinity included.
const isPositive: Check = (value) => Number.isFinite(value) && (value as number) > 0;
const isNonNegative: Check = (value) => Number.isFinite(value) && (value as number) >= 0;
const isCount: Check = (value) => Number.isInteger(value) && (value as number) >= 0;
const oneOf =
  (...allowed: unknown[]): Check =>
  (value) =>
    allowed.includes(value);
const isHeaders: Check = (value) =>
  isObject(value) && !Array.isArray(value) && Object.values(value).every(isType('string'));
const isSignal: Check = (value) => isObject(value) && typeof value.aborted === 'boolean';
const isTransport: Check = (value) => isObject(value) && typeof value.request === 'function';
const isTokenStorage: Check = (value) =>
  oneOf('localStorage', 'sessionStorage')(value) ||
  (isObject(value) && ['get', 'set', 'remove'].every((method) => typeof value[method] === 'function'));

/**
 * The optional options: the names (space-separated) that share a check, the check, and the words
 * of the error when it fails.
 */
const RULES: [names: string, check: Check, expected: string][] = [
  ['headers', isHeaders, 'an object of string header values'],
  ['credentials', oneOf('omit', 'same-origin', 'include'), "'omit', 'same-origin' or 'include'"],
  ['method', oneOf('GET', 'POST', 'PUT', 'PATCH'), "'GET', 'POST', 'PUT' or 'PATCH'"],
  ['resType', oneOf('default', 'compact', 'columnar'), "'default', 'compact' or 'columnar'"],
  ['transport', isTransport, 'an object with a request(method, params) function'],
  ['pollInterval', isPositive, 'a positive number of seconds'],
  ['fetchTimeout tokenTimeout', isPositive, 'a positive number of milliseconds'],
  ['networkErrorRetries', isCount, 'a whole number ≥ 0'],
  ['refreshLeeway', isNonNegative, 'a number of milliseconds ≥ 0'],
  ['fetch isAuthError onTokenRefreshed onAuthFailure random now', isType('function'), 'a function'],
  ['castNumerics parseDateMeasures shareTokenAcrossTabs backgroundRefresh', isType('boolean'), 'a boolean'],
  ['signal', isSignal, 'an AbortSignal'],
  ['tokenStorage', isTokenStorage, "'localStorage', 'sessionStorage' or an object with get, set and remove"],
];

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  if (typeof value === 'number') return `the number ${value}`;
  return Array.isArray(value) ? 'an array' : `a value of type ${typeof value}`;
}

/** Throws the TypeError of a bad option: what was expected, and what came instead. */
function refuse(expected: string, value: unknown): never {
  throw new TypeError(`cubejs(): ${expected}; got ${describe(value)}`);
}

/** Makes `apiUrl` absolute (a path resolves against the page in a browser) without a trailing slash. */
function normalizeApiUrl(apiUrl: unknown): string {
  if (typeof apiUrl !== 'string' || apiUrl.trim() === '') {
    refuse("the apiUrl option is required, e.g. 'https://cube.example.com/cubejs-api/v1'", apiUrl);
  }
  let url: URL | undefined;
  try {
    url = new URL(apiUrl, (globalThis as { location?: { href?: string } }).location?.href);
  } catch {
    // Not a URL at all: refused below, like a URL of any other scheme.
  }
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') {
    refuse('apiUrl must be an http or https URL', apiUrl);
  }
  return url.href.replace(/\/+$/, '');
}

/**
 * Checks every option at construction, so a typo fails where the client is created rather than at
 * the first request. Returns the options with `apiUrl` normalized.
 */
export function validateOptions(options: unknown): CubeApiOptions {
  if (!isObject(options)) refuse('options must be an object with an apiUrl', options);
  // A transport of its own needs no URL (a WebSocket transport has its own).
  const apiUrl =
    options.transport !== undefined && options.apiUrl === undefined
      ? undefined
      : normalizeApiUrl(options.apiUrl);
  for (const [names, check, expected] of RULES) {
    for (const name of names.split(' ')) {
      const value = options[name];
      if (value !== undefined && !check(value)) refuse(`option ${name} must be ${expected}`, value);
    }
  }
  return { ...(options as unknown as CubeApiOptions), apiUrl };
}
