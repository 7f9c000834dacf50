import type { DeeplyReadonly, Query } from '../types/query';

// The list members a query builder leaves as `[]`; Cube reads a missing one the same way.
const LIST_FIELDS = new Set(['measures', 'dimensions', 'segments', 'timeDimensions', 'filters']);

function isEmptyField(key: string, value: unknown): boolean {
  if (LIST_FIELDS.has(key)) return Array.isArray(value) && value.length === 0;
  // An order is empty as `[]` or `{}`; `Object.keys` also counts a number or `true` as empty.
  return key === 'order' && !!value && Object.keys(value).length === 0;
}

/**
 * A copy of the query without its empty lists (`measures: []`, `filters: []`, …) and without an
 * empty `order` (`[]` or `{}`), the other fields in their order. `null` gives `{}`.
 *
 * @example
 * ```ts
 * removeEmptyQueryFields({ measures: ['Orders.count'], dimensions: [], order: {} });
 * // { measures: ['Orders.count'] }
 * ```
 */
export function removeEmptyQueryFields(query: DeeplyReadonly<Query> | null | undefined): Query {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query || {})) {
    if (!isEmptyField(key, value)) kept[key] = value;
  }
  return kept;
}
