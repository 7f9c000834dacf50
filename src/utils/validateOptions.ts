import type { CubeApiOptions } from '../types/options';

type Check = (value: unknown) => boolean;

const isFunction: Check = (value) => typeof value === 'function';
const isBoolean: Check = (value) => typeof value === 'boolean';
const isPositive: Check = (value) => typeof value === 'number' && Number.isFinite(value) && value > 0;
const isNonNegative: Check = (value) => typeof value === 'number' && Number.isFinite(value) && value >= 0;
const isCount: Check = (value) => Number.isInteger(value) && (value as number) >= 0;
const oneOf =
  (...allowed: string[]): Check =>
  (value) =>
    typeof value === 'string' && allowed.includes(value);
const isHeaders: Check = (value) =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.values(value).every((header) => typeof header === 'string');
const isSignal: Check = (value) =>
  typeof value === 'object' && value !== null && typeof (value as AbortSignal).aborted === 'boolean';

const isTokenStorage: Check = (value) =>
  value === 'localStorage' ||
  value === 'sessionStorage' ||
  (typeof value === 'object' &&
    value !== null &&
    ['get', 'set', 'remove'].every(
      (method) => typeof (value as Record<string, unknown>)[method] === 'function',
    ));

/** Each optional option, with its check and the words of the error when the check fails. */
const CHECKS: Record<string, [Check, string]> = {
  headers: [isHeaders, 'an object of string header values'],
  credentials: [oneOf('omit', 'same-origin', 'include'), "'omit', 'same-origin' or 'include'"],
  method: [oneOf('GET', 'POST'), "'GET' or 'POST'"],
  pollInterval: [isPositive, 'a positive number of seconds'],
  fetchTimeout: [isPositive, 'a positive number of milliseconds'],
  networkErrorRetries: [isCount, 'a whole number ≥ 0'],
  fetch: [isFunction, 'a fetch function'],
  tokenTimeout: [isPositive, 'a positive number of milliseconds'],
  refreshLeeway: [isNonNegative, 'a number of milliseconds ≥ 0'],
  isAuthError: [isFunction, 'a function'],
  onTokenRefreshed: [isFunction, 'a function'],
  onAuthFailure: [isFunction, 'a function'],
  castNumerics: [isBoolean, 'a boolean'],
  parseDateMeasures: [isBoolean, 'a boolean'],
  shareTokenAcrossTabs: [isBoolean, 'a boolean'],
  backgroundRefresh: [isBoolean, 'a boolean'],
  signal: [isSignal, 'an AbortSignal'],
  tokenStorage: [isTokenStorage, "'localStorage', 'sessionStorage' or an object with get, set and remove"],
  random: [isFunction, 'a function returning numbers in [0, 1)'],
  now: [isFunction, 'a function returning milliseconds'],
};

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  if (typeof value === 'number') return `the number ${value}`;
  return Array.isArray(value) ? 'an array' : `a value of type ${typeof value}`;
}

/** Makes `apiUrl` absolute (a path resolves against the page in a browser) without a trailing slash. */
function normalizeApiUrl(apiUrl: unknown): string {
  if (typeof apiUrl !== 'string' || apiUrl.trim() === '') {
    throw new TypeError(
      `cubejs(): the apiUrl option is required, e.g. 'https://cube.example.com/cubejs-api/v1'; got ${describe(apiUrl)}`,
    );
  }
  const base = (globalThis as { location?: { href?: string } }).location?.href;
  let url: URL;
  try {
    url = new URL(apiUrl, base);
  } catch {
    throw new TypeError(`cubejs(): apiUrl is not a valid URL: ${describe(apiUrl)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`cubejs(): apiUrl must be an http or https URL; got ${describe(apiUrl)}`);
  }
  return url.href.replace(/\/+$/, '');
}

/**
 * Checks every option at construction, so a typo fails where the client is created rather than at
 * the first request. Returns the options with `apiUrl` normalized.
 */
export function validateOptions(options: unknown): CubeApiOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`cubejs(): options must be an object with an apiUrl; got ${describe(options)}`);
  }
  const record = options as Record<string, unknown>;
  const apiUrl = normalizeApiUrl(record.apiUrl);
  for (const [name, [check, expected]] of Object.entries(CHECKS)) {
    const value = record[name];
    if (value !== undefined && !check(value)) {
      throw new TypeError(`cubejs(): option ${name} must be ${expected}; got ${describe(value)}`);
    }
  }
  return { ...(record as unknown as CubeApiOptions), apiUrl };
}
