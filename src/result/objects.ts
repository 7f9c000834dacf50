/** Small object helpers with the exact semantics the published client relies on. */

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return Object.prototype.toString.call(value) === '[object Object]';
}

/** `Object.hasOwn` (not in ES2020). */
export const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/**
 * Deep merge where the left side wins; nested plain objects merge, anything else (arrays too) is
 * taken whole from the left.
 */
export function mergeDeepLeft<T extends object>(left: T, right: object): T {
  const out: Record<string, unknown> = {};
  const l = left as Record<string, unknown>;
  const r = right as Record<string, unknown>;
  for (const k of Object.keys(l)) {
    out[k] =
      hasOwn(r, k) && isPlainObject(l[k]) && isPlainObject(r[k])
        ? mergeDeepLeft(l[k] as object, r[k] as object)
        : l[k];
  }
  for (const k of Object.keys(r)) if (!hasOwn(out, k)) out[k] = r[k];
  return out as T;
}

/** Deep copy of JSON-like data (plain objects, arrays, dates); other objects keep their prototype. */
export function deepClone<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) return value.map(deepClone) as T;
  const out = Object.create(Object.getPrototypeOf(value) as object | null) as Record<string, unknown>;
  for (const k of Object.keys(value)) out[k] = deepClone((value as Record<string, unknown>)[k]);
  return out as T;
}

/** True when the object has at least one own enumerable key. */
export function hasKeys(o: object): boolean {
  for (const k in o) if (hasOwn(o, k)) return true;
  return false;
}
