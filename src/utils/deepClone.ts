/**
 * A deep copy of JSON-like data: arrays and objects are copied all the way down (keeping each
 * object's prototype), `Date`s become new `Date`s, and everything else (primitives, functions) is
 * shared. Used where the published client hands back a copy made with ramda's `clone`.
 *
 * @example
 * ```ts
 * const copy = deepClone({ query: { measures: ['Orders.count'] } });
 * ```
 */
export function deepClone<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => deepClone(item)) as T;
  const copy = Object.create(Object.getPrototypeOf(value) as object | null) as Record<string, unknown>;
  for (const [key, item] of Object.entries(value)) copy[key] = deepClone(item);
  return copy as T;
}
