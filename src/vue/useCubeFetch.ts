import { toValue, type ComputedRef, type MaybeRefOrGetter } from 'vue';
import type { SqlQuery } from '../core/SqlQuery';
import type { Meta } from '../result/Meta';
import type { DryRunResponse } from '../types/methods';
import type { QueryInput } from '../types/query';
import type { CubeApiLike } from '../observer/CubeApiLike';
import { fetchRequest, type FetchMethod, type FetchRequestOptions } from '../observer/requests';
import { useCubeContext } from './provideCubeApi';
import { plainQuery, useRequest } from './useRequest';

/** Options of {@link useCubeMeta}, {@link useCubeSql} and {@link useDryRun}. */
export interface UseCubeFetchOptions extends FetchRequestOptions {
  /** A client for this call only, instead of the provided one. */
  cubeApi?: CubeApiLike | null;
}

/** What {@link useCubeMeta}, {@link useCubeSql} and {@link useDryRun} return. */
export interface UseCubeFetchResult<T> {
  /** The last answer; `null` before the first and after an error. */
  readonly response: ComputedRef<T | null>;
  readonly isLoading: ComputedRef<boolean>;
  readonly error: ComputedRef<Error | null>;
  /** Sends the request again (even with `skip`); resolves when its answer is in the refs. */
  readonly refetch: () => Promise<void>;
}

function useCubeFetch<T>(
  method: FetchMethod,
  query: MaybeRefOrGetter<QueryInput | null | undefined>,
  options: MaybeRefOrGetter<UseCubeFetchOptions>,
): UseCubeFetchResult<T> {
  const context = useCubeContext();
  const { data, isLoading, error, observer } = useRequest(() => {
    const { cubeApi = toValue(context.cubeApi), ...rest } = toValue(options);
    return fetchRequest<T>(method, cubeApi, plainQuery(toValue(query)), rest);
  });
  return { response: data, isLoading, error, refetch: () => observer.refetch() };
}

/**
 * Loads the data model (cubes, views, members) into refs, e.g. for a query builder's pickers.
 *
 * @example
 * ```ts
 * const { response: meta } = useCubeMeta();
 * const measures = computed(() => meta.value?.membersForQuery(null, 'measures') ?? []);
 * ```
 */
export function useCubeMeta(options: MaybeRefOrGetter<UseCubeFetchOptions> = {}): UseCubeFetchResult<Meta> {
  return useCubeFetch<Meta>('meta', null, options);
}

/**
 * The SQL Cube generates for a query, in refs; follows the query like {@link useCubeQuery}.
 *
 * @example
 * ```ts
 * const { response } = useCubeSql(() => query.value);
 * const sql = computed(() => (response.value as SqlQuery | null)?.sql());
 * ```
 */
export function useCubeSql(
  query: MaybeRefOrGetter<QueryInput | null | undefined>,
  options: MaybeRefOrGetter<UseCubeFetchOptions> = {},
): UseCubeFetchResult<SqlQuery | SqlQuery[]> {
  return useCubeFetch<SqlQuery | SqlQuery[]>('sql', query, options);
}

/**
 * Validates and normalizes a query without running it (`cubeApi.dryRun`), in refs.
 *
 * @example
 * ```ts
 * const { error } = useDryRun(() => draft.value);
 * const canRun = computed(() => error.value === null);
 * ```
 */
export function useDryRun(
  query: MaybeRefOrGetter<QueryInput | null | undefined>,
  options: MaybeRefOrGetter<UseCubeFetchOptions> = {},
): UseCubeFetchResult<DryRunResponse> {
  return useCubeFetch<DryRunResponse>('dryRun', query, options);
}
