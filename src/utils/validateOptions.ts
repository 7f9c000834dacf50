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
const isHeaders: Check = (value) =>
  isObject(value) && !Array.isArray(value) && Object.values(value).every(isType('string'));
// Duck-typed rather than `instanceof`, so a signal from another realm (an iframe, jsdom) passes.
const isSignal: Check = (value) =>
  isObject(value) &&
  typeof value.aborted === 'boolean' &&
  ['addEventListener', 'removeEventListener'].every((method) => typeof value[method] === 'function');
const isTransport: Check = (value) => isObject(value) && typeof value.request === 'function';
const isTokenStorage: Check = (value) =>
  value === 'localStorage' ||
  value === 'sessionStorage' ||
  (isObject(value) && ['get', 'set', 'remove'].every((method) => typeof value[method] === 'function'));

/** A check, and the words of the error when it fails. */
type Rule = readonly [check: Check, expected: string];
const FUNCTION: Rule = [isType('function'), 'a function'];
const BOOLEAN: Rule = [isType('boolean'), 'a boolean'];
const MILLISECONDS: Rule = [isPositive, 'a positive number of milliseconds'];
/** One of the listed strings; in words "one of 'omit', 'same-origin', 'include'". */
const oneOf = (...allowed: string[]): Rule => [
  (value) => allowed.includes(value as string),
  `one of ${allowed.map((word) => `'${word}'`).join(', ')}`,
];

/** The rule of every optional option; a new option in `CubeApiOptions` without one is a type error. */
const RULES: Record<Exclude<keyof CubeApiOptions, 'apiUrl'>, Rule> = {
  headers: [isHeaders, 'an object of string header values'],
  credentials: oneOf('omit', 'same-origin', 'include'),
  method: oneOf('GET', 'POST', 'PUT', 'PATCH'),
  resType: oneOf('default', 'compact', 'columnar'),
  transport: [isTransport, 'an object with a request(method, params) function'],
  pollInterval: [isPositive, 'a positive number of seconds'],
  fetchTimeout: MILLISECONDS,
  tokenTimeout: MILLISECONDS,
  networkErrorRetries: [isCount, 'a whole number ≥ 0'],
  refreshLeeway: [isNonNegative, 'a number of milliseconds ≥ 0'],
  fetch: FUNCTION,
  isAuthError: FUNCTION,
  onTokenRefreshed: FUNCTION,
  onAuthFailure: FUNCTION,
  random: FUNCTION,
  now: FUNCTION,
  castNumerics: BOOLEAN,
  parseDateMeasures: BOOLEAN,
  shareTokenAcrossTabs: BOOLEAN,
  backgroundRefresh: BOOLEAN,
  signal: [isSignal, 'an AbortSignal'],
  tokenStorage: [isTokenStorage, "'localStorage', 'sessionStorage' or an object with get, set and remove"],
};

function describe(value: unknown): string {
  if (value === null) return 'null';
  // A URL's user:password@ and query string may hold secrets: never echoed.
  if (typeof value === 'string') {
    const shown = value.replace(/\/\/[^/]*@/, '//…@').replace(/[?#].*$/s, '?…');
    return `the string ${JSON.stringify(shown.slice(0, 40))}`;
  }
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
  // Credentials in the URL would travel in every request line and in any error that names the URL.
  if (url.username || url.password) {
    refuse('apiUrl must not contain a user name or password (send credentials in headers)', apiUrl);
  }
  // The client appends its own paths and parameters; a query string would be lost or garbled.
  // Checked in the href: an empty query string ('…/v1?') leaves `url.search` empty.
  if (url.href.split('#')[0].includes('?')) refuse('apiUrl must not contain a query string', apiUrl);
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
  for (const [name, [check, expected]] of Object.entries(RULES)) {
    const value = options[name];
    if (value !== undefined && !check(value)) refuse(`option ${name} must be ${expected}`, value);
  }
  return { ...(options as unknown as CubeApiOptions), apiUrl };
}
