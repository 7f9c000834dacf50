import type { SqlQuery } from '../core/SqlQuery';
import type { QueryInput } from '../types/query';
import { useCubeFetch, type UseCubeFetchOptions, type UseCubeFetchResult } from './useCubeFetch';

/**
 * The SQL Cube generates for a query (one `SqlQuery` per query when given several), e.g. for a
 * "show SQL" panel. Waits while the query is empty; cancelled on unmount and on a changed query.
 *
 * @example
 * ```tsx
 * function SqlPanel({ query }: { query: Query }) {
 *   const { response, isLoading } = useCubeSql(query);
 *   return <pre>{isLoading ? '…' : (response as SqlQuery | null)?.sql()}</pre>;
 * }
 * ```
 */
export function useCubeSql(
  query: QueryInput | null | undefined,
  options: UseCubeFetchOptions = {},
): UseCubeFetchResult<SqlQuery | SqlQuery[]> {
  return useCubeFetch<SqlQuery | SqlQuery[]>('sql', query, options);
}
