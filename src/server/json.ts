import { TokenSigningError } from '../errors/TokenSigningError';
import type { JsonValue } from './types';

/** Deeper than any real security context, and far from the stack depth a recursive copy needs. */
const MAX_DEPTH = 64;

/** True for `{}` literals, `Object.create(null)` and JSON.parse output; false for class instances. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Returns a copy of `value` made only of JSON values, or throws `CONTEXT_INVALID` naming the
 * first offending path. Properties whose value is `undefined` are left out, as `JSON.stringify`
 * does, so `{ tenant: maybeTenant }` works; anything JSON would change silently (a `Date`, `NaN`,
 * a class instance, a `Map`, a cycle) is refused instead, because the server would see something
 * other than what the caller wrote. Only own properties are read. A `__proto__` key is refused:
 * assigning it sets a prototype instead of a property, so it would vanish here or, worse, on a
 * server that copies the context with `Object.assign`.
 */
export function toJsonObject(
  value: unknown,
  name: string,
  code: 'CONTEXT_INVALID' | 'CLAIM_INVALID' = 'CONTEXT_INVALID',
): { [key: string]: JsonValue } {
  if (!isPlainObject(value)) {
    throw new TokenSigningError(code, `${name} must be a plain JSON object; got ${kindOf(value)}`);
  }
  try {
    return copyObject(value, name, new Set(), 1);
  } catch (error) {
    if (error instanceof TokenSigningError && error.code !== code)
      throw new TokenSigningError(code, error.message);
    throw error;
  }
}

function copyObject(
  value: Record<string, unknown>,
  path: string,
  seen: Set<object>,
  depth: number,
): { [key: string]: JsonValue } {
  seen.add(value);
  const copy: { [key: string]: JsonValue } = {};
  for (const key of Object.keys(value)) {
    if (key === '__proto__') {
      throw new TokenSigningError(
        'CONTEXT_INVALID',
        `${path}.__proto__ cannot be signed: JavaScript reads that key as the object's prototype, so a server would not see it as data`,
      );
    }
    const item = value[key];
    if (item === undefined) continue;
    copy[key] = copyValue(item, `${path}.${key}`, seen, depth);
  }
  seen.delete(value);
  return copy;
}

function copyValue(value: unknown, path: string, seen: Set<object>, depth: number): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    throw invalid(path, String(value));
  }
  if (typeof value === 'object') {
    if (seen.has(value)) throw invalid(path, 'a circular reference');
    if (depth >= MAX_DEPTH) {
      throw new TokenSigningError('CONTEXT_INVALID', `${path} is nested more than ${MAX_DEPTH} levels deep`);
    }
    if (Array.isArray(value)) {
      seen.add(value);
      const copy = value.map((item, index) => {
        if (item === undefined) throw invalid(`${path}[${index}]`, 'undefined');
        return copyValue(item, `${path}[${index}]`, seen, depth + 1);
      });
      seen.delete(value);
      return copy;
    }
    if (isPlainObject(value)) return copyObject(value, path, seen, depth + 1);
  }
  throw invalid(path, kindOf(value));
}

function invalid(path: string, kind: string): TokenSigningError {
  return new TokenSigningError('CONTEXT_INVALID', `${path} is ${kind}, which is not a JSON value`);
}

/** Names the kind of a value without printing the value, which may be private. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') {
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof name === 'string' && name ? `an instance of ${name}` : 'an object';
  }
  return typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`;
}
