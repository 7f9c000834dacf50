function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Structural equality for query-like values: primitives (by `Object.is`), arrays, plain objects
 * and `Date`s. Anything else (class instances, functions, maps) is equal only to itself.
 *
 * Object keys are compared in order, not as a set: Cube reads `order: { a: 'asc', b: 'desc' }`
 * as "sort by a, then b", so two queries whose `order` keys differ only in sequence are different
 * queries. A query literal written in one place always has its keys in the same order, so this
 * costs nothing in practice.
 *
 * @example
 * ```ts
 * deepEqual({ measures: ['Orders.count'] }, { measures: ['Orders.count'] }); // true
 * deepEqual({ order: { a: 'asc', b: 'asc' } }, { order: { b: 'asc', a: 'asc' } }); // false
 * ```
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => deepEqual(item, b[index]));
  }
  if (Array.isArray(b)) return false;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key, index) => key === keysB[index] && deepEqual(a[key], b[key]));
}
