import { readable, type Readable } from 'svelte/store';
import type { ProgressResponse } from '../core/ProgressResult';
import type { SqlQuery } from '../core/SqlQuery';
import type { Meta } from '../result/Meta';
import type { ResultSet } from '../result/ResultSet';
import type { DryRunResponse } from '../types/methods';
import type { QueryInput } from '../types/query';
import type { Row } from '../types/response';
import type { CubeApiLike } from '../observer/CubeApiLike';
import {
  fetchRequest,
  queryRequest,
  type FetchMethod,
  type FetchRequestOptions,
  type QueryRequestOptions,
  type QueryRows,
} from '../observer/requests';
import { TokenStateView, type CubeTokenInfo } from '../observer/TokenStateView';
import { clientFor, getCubeContext, type CubeApiContext } from './context';
import { requestStore, specsOf, type RefetchableStore } from './requestStore';

/** Options of {@link cubeQuery}. */
export interface CubeQueryOptions extends QueryRequestOptions {
  /** A client for this store only, instead of the context's. */
  cubeApi?: CubeApiLike;
}

/** The value of a {@link cubeQuery} store. */
export interface CubeQueryState<Data extends Row = Row> {
  /** The last result; `null` before the first, after an error, and (by default) while a changed query loads. */
  readonly resultSet: ResultSet<Data> | null;
  readonly isLoading: boolean;
  readonly error: Error | null;
  /** The last "Continue wait" reply while Cube computes the query, else `null`. */
  readonly progress: ProgressResponse | null;
}

/** Options of {@link cubeMeta}, {@link cubeSql} and {@link cubeDryRun}. */
export interface CubeFetchOptions extends FetchRequestOptions {
  /** A client for this store only, instead of the context's. */
  cubeApi?: CubeApiLike;
}

/** The value of a {@link cubeMeta}, {@link cubeSql} or {@link cubeDryRun} store. */
export interface CubeFetchState<T> {
  /** The last answer; `null` before the first and after an error. */
  readonly response: T | null;
  readonly isLoading: boolean;
  readonly error: Error | null;
}

type QuerySource = QueryInput | null | undefined;

/**
 * A store of a Cube query's result. `query` may be a plain query or a store of queries: a change
 * of content sends the new query and aborts the previous request. Call it while a component
 * initialises (it reads the context of {@link setCubeApi}) or pass `options.cubeApi`.
 *
 * @typeParam Data - the row type of `resultSet`; by default the rows of a literal (`as const`) query.
 * @typeParam Q - the query's type, inferred.
 * @example
 * ```svelte
 * <script>
 *   import { cubeQuery } from 'cube-client/svelte';
 *   const orders = cubeQuery({ measures: ['Orders.count'] });
 * </script>
 * {#if $orders.isLoading}Loading…{:else if $orders.error}{$orders.error.message}
 * {:else}{$orders.resultSet?.rawData()[0]?.['Orders.count']}{/if}
 * ```
 */
export function cubeQuery<Data = unknown, Q extends QueryInput = QueryInput>(
  query: Q | null | undefined | Readable<Q | null | undefined>,
  options: CubeQueryOptions = {},
): RefetchableStore<CubeQueryState<QueryRows<Data, Q>>> {
  const { cubeApi, castNumerics } = clientFor(options.cubeApi);
  const settings = { ...options, castNumerics: options.castNumerics ?? castNumerics };
  return requestStore(
    specsOf(query, (value: QuerySource) => queryRequest(cubeApi, value, settings)),
    ({ data, isLoading, error, progress }) => ({
      resultSet: data as ResultSet<QueryRows<Data, Q>> | null,
      isLoading,
      error,
      progress,
    }),
  );
}

function fetchStore<T>(
  method: FetchMethod,
  query: QuerySource | Readable<QuerySource>,
  options: CubeFetchOptions,
): RefetchableStore<CubeFetchState<T>> {
  const { cubeApi } = clientFor(options.cubeApi);
  return requestStore(
    specsOf(query, (value: QuerySource) => fetchRequest<T>(method, cubeApi, value, options)),
    ({ data, isLoading, error }) => ({ response: data, isLoading, error }),
  );
}

/**
 * A store of the data model (cubes, views, members).
 *
 * @example
 * ```svelte
 * <script>const meta = cubeMeta();</script>
 * {#each $meta.response?.cubes ?? [] as cube}<li>{cube.title}</li>{/each}
 * ```
 */
export function cubeMeta(options: CubeFetchOptions = {}): RefetchableStore<CubeFetchState<Meta>> {
  return fetchStore<Meta>('meta', null, options);
}

/**
 * A store of the SQL Cube generates for a query (or a store of queries).
 *
 * @example
 * ```svelte
 * <script>const sql = cubeSql(query);</script>
 * <pre>{$sql.response?.sql()}</pre>
 * ```
 */
export function cubeSql(
  query: QuerySource | Readable<QuerySource>,
  options: CubeFetchOptions = {},
): RefetchableStore<CubeFetchState<SqlQuery | SqlQuery[]>> {
  return fetchStore<SqlQuery | SqlQuery[]>('sql', query, options);
}

/**
 * A store of Cube's dry run of a query (validated and normalized, not run).
 *
 * @example
 * ```svelte
 * <script>const check = cubeDryRun(draft);</script>
 * <button disabled={$check.error !== null}>Run</button>
 * ```
 */
export function cubeDryRun(
  query: QuerySource | Readable<QuerySource>,
  options: CubeFetchOptions = {},
): RefetchableStore<CubeFetchState<DryRunResponse>> {
  return fetchStore<DryRunResponse>('dryRun', query, options);
}

/**
 * A store of the context's token state (or of `options.cubeApi` and `options.tokenState`), for a
 * UI ("refreshing", "log in again", logout). A refresh updates this store only: no query store
 * sends again because of it.
 *
 * @example
 * ```svelte
 * <script>const token = cubeToken();</script>
 * <button on:click={$token.clearToken}>{$token.isFailed ? 'Log in again' : 'Log out'}</button>
 * ```
 */
export function cubeToken(
  options: Partial<Pick<CubeApiContext, 'cubeApi' | 'tokenState'>> = {},
): Readable<CubeTokenInfo> {
  const context = options.cubeApi ? options : (getCubeContext() ?? {});
  const view = new TokenStateView(context.cubeApi ?? null, context.tokenState);
  return readable(view.getSnapshot(), (set) => view.subscribe(() => set(view.getSnapshot())));
}
