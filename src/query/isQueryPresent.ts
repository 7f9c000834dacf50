import type { DeeplyReadonly, Query } from '../types/query';

/**
 * Whether a query (or every query of a list) names at least one measure, dimension or time
 * dimension: the test a renderer makes before sending a builder's query. An empty list counts as
 * present, as in the published client.
 *
 * @example
 * ```ts
 * isQueryPresent({ measures: [] }); // false
 * isQueryPresent([{ measures: ['Orders.count'] }, { dimensions: ['Orders.status'] }]); // true
 * ```
 */
export function isQueryPresent(query: DeeplyReadonly<Query | Query[]> | null | undefined): boolean {
  if (!query) return false;
  const queries = (Array.isArray(query) ? query : [query]) as readonly DeeplyReadonly<Query>[];
  return queries.every((q) => !!(q.measures?.length || q.dimensions?.length || q.timeDimensions?.length));
}
