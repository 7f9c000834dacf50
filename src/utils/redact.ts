import { stripBearer } from './stripBearer';

/** What a token is replaced by. */
export const REDACTED = '[token]';
/** Shorter forms could match ordinary words of a message; a real token is far longer. */
const MIN_FORM_LENGTH = 6;
/** A JWT signature shorter than this could match ordinary text; HS256's is 43 characters. */
const MIN_SIGNATURE_LENGTH = 16;
/** Deeper than this, a reply body is cut rather than walked (a server may send anything). */
const MAX_DEPTH = 32;

/**
 * Every form in which a token can come back in a reply: as sent, as `fetch` sent it (trimmed),
 * without a `Bearer ` prefix, and its signature alone; matched in any letter case, since a proxy
 * may echo the header lower-cased. `undefined` when there is nothing worth redacting.
 */
function tokenPattern(token: string | undefined): RegExp | undefined {
  if (!token) return undefined;
  const bare = stripBearer(token.trim());
  const parts = bare.split('.');
  const signature = parts.length === 3 && parts[2].length >= MIN_SIGNATURE_LENGTH ? parts[2] : '';
  const forms = [token, token.trim(), bare, signature]
    .filter((form) => form.length >= MIN_FORM_LENGTH)
    .sort((a, b) => b.length - a.length)
    .map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return forms.length ? new RegExp(forms.join('|'), 'gi') : undefined;
}

function isErrorLike(value: object): boolean {
  const { name, message } = value as { name?: unknown; message?: unknown };
  return typeof name === 'string' && typeof message === 'string';
}

/**
 * A copy of `value` with the token out of every string in it: plain objects, arrays and errors
 * are copied (an error keeps its class; its name, code, message, stack and cause become own properties, which also shadows the brand-checked getters of a DOMException).
 */
function scrub(value: unknown, pattern: RegExp, depth: number): unknown {
  if (typeof value === 'string') return value.replace(pattern, REDACTED);
  if (typeof value !== 'object' || value === null) return value;
  if (depth > MAX_DEPTH) return '[…]';
  if (Array.isArray(value)) return value.map((item) => scrub(item, pattern, depth + 1));
  const prototype = Object.getPrototypeOf(value) as object | null;
  // A DOMException (an abort or timeout cause) may come from another realm than our `Error`.
  const isError = value instanceof Error || isErrorLike(value);
  if (!isError && prototype !== Object.prototype && prototype !== null) return value;
  const keys = isError
    ? ['name', 'code', 'message', 'stack', 'cause', ...Object.keys(value)]
    : Object.keys(value);
  const copy = Object.create(prototype) as object;
  const enumerable = new Set(Object.keys(value));
  for (const key of keys) {
    if (!(key in value)) continue;
    // Defined, not assigned: a DOMException's `message` is a getter on its prototype, and an
    // assignment would throw instead of shadowing it.
    Object.defineProperty(copy, key, {
      value: scrub((value as Record<string, unknown>)[key], pattern, depth + 1),
      writable: true,
      configurable: true,
      enumerable: enumerable.has(key),
    });
  }
  return copy;
}

/**
 * The one redaction step: returns `value` with every form of `token` (as sent, trimmed,
 * lower-cased, its signature) replaced by `[token]`, in strings, in plain objects and arrays
 * (copied, never changed in place) and in errors (a copy when one mentions it). Every message,
 * excerpt, `response` and `cause` the package builds from a reply passes through it.
 *
 * @example
 * ```ts
 * redactToken({ error: `bad token ${token.toLowerCase()}` }, token); // { error: 'bad token [token]' }
 * ```
 */
export function redactToken<T>(value: T, token: string | undefined): T {
  const pattern = tokenPattern(token);
  return pattern ? (scrub(value, pattern, 0) as T) : value;
}
