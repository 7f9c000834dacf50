import type { ProgressResponse } from '../core/ProgressResult';
import type { ResultSet } from '../result/ResultSet';
import type { Row } from '../types/response';
import type { QueryInput } from '../types/query';
import type { CubeApiLike } from '../observer/CubeApiLike';
import { isQueryPresent } from '../query/isQueryPresent';
import { queryRequest, type QueryRequestOptions, type QueryRows } from '../observer/requests';
import { useCubeContext } from './CubeProvider';
import { useRequest } from './useRequest';

/** Options of {@link useCubeQuery}: those of the published hook. */
export interface UseCubeQueryOptions extends QueryRequestOptions {
  /** A client for this hook only, instead of the provider's. */
  cubeApi?: CubeApiLike;
}

/** What {@link useCubeQuery} returns. */
export interface UseCubeQueryResult<Data extends Row = Row> {
  /** The last result; `null` before the first, after an error, and (by default) while a changed query loads. */
  resultSet: ResultSet<Data> | null;
  /** Whether a request for the current query is on its way. */
  isLoading: boolean;
  error: Error | null;
  /** The last "Continue wait" reply while Cube computes the query (`progress.stage`), else `null`. */
  progress: ProgressResponse | null;
  /** The query the current `resultSet` was (or is being) loaded for; `null` before the first. */
  previousQuery: QueryInput | null;
  /** Runs the query again (even with `skip`); resolves when the new result or error is in the state. */
  refetch: () => Promise<void>;
}

const NO_CLIENT =
  'No Cube client: render this component inside <CubeProvider cubeApi={...}>, or pass options.cubeApi';

/**
 * Runs a Cube query and keeps its result in the component's state.
 *
 * A query that is deep-equal to the previous one (an inline literal re-created on every render)
 * does not refetch. A changed query, `skip`, or unmounting cancels the request in flight with its
 * `AbortSignal`; a late answer never reaches the component. Under StrictMode's double effects one
 * request is sent, not two. With `subscribe: true` the result keeps updating through
 * `cubeApi.subscribe`, over whatever transport the client has.
 *
 * @typeParam Data - the row type of `resultSet`; by default the rows of a literal (`as const`) query.
 * @typeParam Q - the query's type, inferred.
 * @example
 * ```tsx
 * function OrdersCount() {
 *   const { resultSet, isLoading, error, progress } = useCubeQuery({ measures: ['Orders.count'] });
 *   if (isLoading) return <p>{progress?.stage ?? 'Loading…'}</p>;
 *   if (error) return <p role="alert">{error.message}</p>;
 *   return <p>{resultSet?.rawData()[0]?.['Orders.count']}</p>;
 * }
 * ```
 */
export function useCubeQuery<Data = unknown, Q extends QueryInput = QueryInput>(
  query: Q | null | undefined,
  options: UseCubeQueryOptions = {},
): UseCubeQueryResult<QueryRows<Data, Q>> {
  const context = useCubeContext();
  const cubeApi = options.cubeApi ?? context.cubeApi;
  const castNumerics = options.castNumerics ?? context.options.castNumerics;
  const spec = queryRequest(cubeApi, query, { ...options, castNumerics });
  if (!cubeApi && !options.skip && isQueryPresent(query)) throw new Error(NO_CLIENT);
  const { data, isLoading, error, progress, observer, refetch } = useRequest(spec);
  return {
    resultSet: data as ResultSet<QueryRows<Data, Q>> | null,
    isLoading,
    error,
    progress,
    previousQuery: (observer.shownKey?.[1] as QueryInput | undefined) ?? null,
    refetch,
  };
}
