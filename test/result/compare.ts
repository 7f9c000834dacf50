/**
 * Helpers of the differential tests: run the same call on our ResultSet and on the published one,
 * and compare outcomes exactly (values, `undefined` members, key order, Dates, thrown or not).
 */

export type Outcome = { threw: false; value: unknown } | { threw: true; error: string };

export function outcome(fn: () => unknown): Outcome {
  try {
    return { threw: false, value: fn() };
  } catch (e) {
    // Our own errors must carry the published message; engine TypeErrors only need the same type.
    const error = e instanceof TypeError ? 'TypeError' : String(e);
    return { threw: true, error };
  }
}

/**
 * A string that differs whenever two values differ in a way a caller could observe: types,
 * `undefined` vs missing keys, `-0`, `NaN`, Dates by time, and key order of objects.
 */
export function canonical(value: unknown, seen = new Set<unknown>()): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  switch (typeof value) {
    case 'number':
      return Object.is(value, -0) ? '-0' : `${value}`;
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return String(value);
    case 'function':
      return 'function';
    default:
      break;
  }
  if (value instanceof Date) return `Date(${value.getTime()})`;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  let out: string;
  if (Array.isArray(value)) {
    out = `[${Array.from({ length: value.length }, (_, i) => (i in value ? canonical(value[i], seen) : '<hole>')).join(',')}]`;
  } else {
    const o = value as Record<string, unknown>;
    out = `{${Object.keys(o)
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k], seen)}`)
      .join(',')}}`;
  }
  seen.delete(value);
  return out;
}

/** Canonical form of an outcome. */
export function canonicalOutcome(o: Outcome): string {
  return o.threw ? `THREW ${o.error}` : canonical(o.value);
}

/** A short excerpt around the first difference of two strings. */
export function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 120);
  return `ours:   …${a.slice(from, i + 120)}…\ntheirs: …${b.slice(from, i + 120)}…`;
}
