import type { DeeplyReadonly, Query, QueryInput } from '../types/query';

/**
 * Whether a query asks for anything: every query in it names at least one measure, dimension or
 * time dimension. A hook given an empty query (a query builder's first state) waits instead of
 * sending it, as the published hooks do.
 */
export function isQueryPresent(query: QueryInput | null | undefined): boolean {
  if (!query) return false;
  const queries = (Array.isArray(query) ? query : [query]) as readonly DeeplyReadonly<Query>[];
  return (
    queries.length > 0 &&
    queries.every((q) => Boolean(q.measures?.length || q.dimensions?.length || q.timeDimensions?.length))
  );
}
