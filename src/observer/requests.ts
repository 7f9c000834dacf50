import type { ResultSet } from '../result/ResultSet';
import type { LoadMethodOptions } from '../types/options';
import type { QueryRecordType } from '../types/methods';
import type { DeeplyReadonly, Query, QueryInput } from '../types/query';
import type { Row } from '../types/response';
import type { CubeApiLike } from './CubeApiLike';
import { isQueryPresent } from '../query/isQueryPresent';
import type { RequestSpec } from './RequestObserver';

/**
 * The row type of a query hook's `resultSet`: `Data` when the caller names it, else the rows of a
 * literal query (`as const`), as `cubeApi.load` types them.
 */
export type QueryRows<Data, Q extends QueryInput> = [unknown] extends [Data]
  ? QueryRecordType<Q> extends infer Rows extends Row
    ? Rows
    : Row
  : Data extends Row
    ? Data
    : Row;

/** Options of a query request: what `useCubeQuery` (React, Vue) and `cubeQuery` (Svelte) accept besides the client. */
export interface QueryRequestOptions {
  /** Don't run the query (yet). A request in flight is cancelled. `refetch()` still runs it. */
  skip?: boolean;
  /**
   * Clear `resultSet` when the query changes, instead of showing the old one while loading.
   * @default true
   */
  resetResultSetOnChange?: boolean;
  /**
   * Keep the result fresh with `cubeApi.subscribe` (polling over HTTP, pushes over a WebSocket
   * transport) instead of one `load`.
   * @default false
   */
  subscribe?: boolean;
  /** Overrides the provider's and the client's `castNumerics`. */
  castNumerics?: boolean;
  /** Cube's server-side cache mode for this query. */
  cache?: LoadMethodOptions['cache'];
}

/** Options of a `meta`, `sql` or `dryRun` request (`useCubeMeta`, `useCubeSql`, `useDryRun`). */
export interface FetchRequestOptions {
  /** Don't send it (yet); `refetch()` still does. */
  skip?: boolean;
  /** `meta` only: ask for views only. */
  onlyViews?: boolean;
  /** Prefix of the `x-request-id` header of this request. */
  baseRequestId?: string;
}

/** The client methods behind {@link fetchRequest}. */
export type FetchMethod = 'meta' | 'sql' | 'dryRun';

const NO_CLIENT = 'No Cube client: provide one to the framework adapter, or pass options.cubeApi';

/**
 * The member sequence of each query's `order` object. Content equality ignores key order, but Cube
 * sorts by `{ a, b }` and `{ b, a }` differently, so a reordered `order` is a new request.
 */
function orderSequence(query: QueryInput | null | undefined): string[][] {
  const queries = (Array.isArray(query) ? query : [query]) as readonly (
    DeeplyReadonly<Query> | null | undefined
  )[];
  return queries.map((q) => (q?.order && !Array.isArray(q.order) ? Object.keys(q.order) : []));
}

/** The load options of every call: cancellation, the mutex, progress, and the caller's own. */
function loadOptions(
  signal: AbortSignal,
  mutexObj: Record<string, unknown>,
  mutexKey: string,
  extra: LoadMethodOptions,
): LoadMethodOptions {
  const options: LoadMethodOptions = { signal, mutexObj, mutexKey };
  for (const [name, value] of Object.entries(extra)) {
    if (value !== undefined) (options as Record<string, unknown>)[name] = value;
  }
  return options;
}

/**
 * The request behind a query hook: one `load`, or a `subscribe` that keeps delivering results.
 * Every adapter builds its spec here, so each one sends the same calls with the same options.
 * With no client (yet: a client ref that is `null` until login) it waits.
 *
 * @example
 * ```ts
 * observer.setSpec(queryRequest(cubeApi, { measures: ['Orders.count'] }, { subscribe: true }));
 * ```
 */
export function queryRequest(
  cubeApi: CubeApiLike | null,
  query: QueryInput | null | undefined,
  options: QueryRequestOptions = {},
): RequestSpec<ResultSet> {
  const { subscribe = false, castNumerics, cache } = options;
  return {
    key: [cubeApi, query, orderSequence(query), subscribe, castNumerics, cache],
    enabled: !options.skip && cubeApi !== null && isQueryPresent(query),
    resetOnChange: options.resetResultSetOnChange ?? true,
    clearOnError: !subscribe,
    start: (sink, signal, mutexObj) => {
      if (!cubeApi || !query) throw new Error(NO_CLIENT);
      const callOptions = loadOptions(signal, mutexObj, 'query', {
        progressCallback: (result) => sink.progress(result.progressResponse),
        castNumerics,
        cache,
      });
      if (!subscribe) {
        cubeApi.load(query, callOptions).then(sink.result, sink.error);
        return undefined;
      }
      const subscription = cubeApi.subscribe(query, callOptions, (error, resultSet) => {
        if (error) sink.error(error);
        else sink.result(resultSet ?? null);
      });
      return () => void Promise.resolve(subscription.unsubscribe()).catch(() => undefined);
    },
  };
}

/**
 * The request behind `useCubeMeta`, `useCubeSql` and `useDryRun`: one call of `method`, with the
 * query for `sql` and `dryRun`. Waits, like a query, while the query is empty.
 *
 * @example
 * ```ts
 * observer.setSpec(fetchRequest<Meta>('meta', cubeApi, null, { onlyViews: true }));
 * ```
 */
export function fetchRequest<T>(
  method: FetchMethod,
  cubeApi: CubeApiLike | null,
  query: QueryInput | null | undefined,
  options: FetchRequestOptions = {},
): RequestSpec<T> {
  const onlyViews = method === 'meta' && options.onlyViews ? true : undefined;
  const { baseRequestId } = options;
  return {
    key: [method, cubeApi, method === 'meta' ? null : query, orderSequence(query), onlyViews, baseRequestId],
    enabled: !options.skip && cubeApi !== null && (method === 'meta' || isQueryPresent(query)),
    resetOnChange: true,
    clearOnError: true,
    start: (sink, signal, mutexObj) => {
      if (!cubeApi) throw new Error(NO_CLIENT);
      const callOptions = loadOptions(signal, mutexObj, method, { onlyViews, baseRequestId });
      const call =
        method === 'meta' ? cubeApi.meta(callOptions) : callMethod(cubeApi, method, query, callOptions);
      (call as Promise<T>).then(sink.result, sink.error);
      return undefined;
    },
  };
}

function callMethod(
  cubeApi: CubeApiLike,
  method: 'sql' | 'dryRun',
  query: QueryInput | null | undefined,
  options: LoadMethodOptions,
): Promise<unknown> {
  if (!query) throw new TypeError(`${method}() needs a query`);
  const call = method === 'sql' ? cubeApi.sql?.(query, options) : cubeApi.dryRun?.(query, options);
  if (!call) throw new TypeError(`This Cube client has no ${method}() method`);
  return call;
}
