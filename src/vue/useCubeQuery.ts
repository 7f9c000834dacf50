import { toValue, type ComputedRef, type MaybeRefOrGetter } from 'vue';
import type { ProgressResponse } from '../core/ProgressResult';
import type { ResultSet } from '../result/ResultSet';
import type { QueryInput } from '../types/query';
import type { Row } from '../types/response';
import type { CubeApiLike } from '../observer/CubeApiLike';
import { queryRequest, type QueryRequestOptions, type QueryRows } from '../observer/requests';
import { useCubeContext } from './provideCubeApi';
import { plainQuery, useRequest } from './useRequest';

/** Options of {@link useCubeQuery}. */
export interface UseCubeQueryOptions extends QueryRequestOptions {
  /** A client for this call only, instead of the provided one. */
  cubeApi?: CubeApiLike | null;
  /**
   * During a server render, send the query and wait for it (`onServerPrefetch`); by default
   * nothing is sent on the server and the query runs in the browser.
   * @default false
   */
  ssr?: boolean;
}

/** What {@link useCubeQuery} returns: refs, plus `refetch`. */
export interface UseCubeQueryResult<Data extends Row = Row> {
  /** The last result; `null` before the first, after an error, and (by default) while a changed query loads. */
  readonly resultSet: ComputedRef<ResultSet<Data> | null>;
  readonly isLoading: ComputedRef<boolean>;
  readonly error: ComputedRef<Error | null>;
  /** The last "Continue wait" reply while Cube computes the query, else `null`. */
  readonly progress: ComputedRef<ProgressResponse | null>;
  /** Runs the query again (even with `skip`); resolves when the new result or error is in the refs. */
  readonly refetch: () => Promise<void>;
}

/**
 * Runs a Cube query and keeps its result in refs. `query` may be a plain object, a ref or a
 * getter: a change to its content (not to its identity) sends the new query and aborts the
 * previous request; disposing the effect scope (unmounting) aborts the request in flight.
 *
 * @typeParam Data - the row type of `resultSet`; by default the rows of a literal (`as const`) query.
 * @typeParam Q - the query's type, inferred.
 * @example
 * ```vue
 * <script setup lang="ts">
 * const props = defineProps<{ status: string }>();
 * const { resultSet, isLoading, error } = useCubeQuery(() => ({
 *   measures: ['Orders.count'],
 *   filters: [{ member: 'Orders.status', operator: 'equals', values: [props.status] }],
 * }));
 * </script>
 * <template>
 *   <p v-if="isLoading">Loading…</p>
 *   <p v-else-if="error">{{ error.message }}</p>
 *   <p v-else>{{ resultSet?.rawData()[0]?.['Orders.count'] }}</p>
 * </template>
 * ```
 */
export function useCubeQuery<Data = unknown, Q extends QueryInput = QueryInput>(
  query: MaybeRefOrGetter<Q | null | undefined>,
  options: MaybeRefOrGetter<UseCubeQueryOptions> = {},
): UseCubeQueryResult<QueryRows<Data, Q>> {
  const context = useCubeContext();
  const { data, isLoading, error, progress, observer } = useRequest(() => {
    const { cubeApi = toValue(context.cubeApi), ...rest } = toValue(options);
    const castNumerics = rest.castNumerics ?? context.castNumerics;
    return queryRequest(cubeApi, plainQuery(toValue(query)), { ...rest, castNumerics });
  }, toValue(options).ssr);
  return {
    resultSet: data as ComputedRef<ResultSet<QueryRows<Data, Q>> | null>,
    isLoading,
    error,
    progress,
    refetch: () => observer.refetch(),
  };
}
