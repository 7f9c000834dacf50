/** An array, or an object whose prototype is some realm's `Object.prototype` (or none). */
function isPlainData(value: object): boolean {
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/**
 * Structural equality for JSON-like data, the comparison the published client makes with ramda's
 * `equals`: primitives by `Object.is` (so `NaN` equals `NaN` and `0` differs from `-0`), arrays item
 * by item, `Date`s by time, and plain objects by their own enumerable keys, in any order.
 *
 * Other objects (maps, sets, class instances) are equal only to themselves, and cyclic values are
 * outside its scope: queries and pivot configs are plain data.
 *
 * @example
 * ```ts
 * deepEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }); // true
 * deepEqual({ a: 1, b: 2 }, { b: 2, a: 1 }); // true: key order is not compared
 * ```
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && Object.is(a.getTime(), b.getTime());
  }
  if (!isPlainData(a) || !isPlainData(b)) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  return (
    keys.length === Object.keys(right).length &&
    keys.every((key) => Object.prototype.hasOwnProperty.call(right, key) && deepEqual(left[key], right[key]))
  );
}
