import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { ProgressResponse } from '../core/ProgressResult';
import type { ResultSet } from '../result/ResultSet';
import type { LoadMethodOptions } from '../types/options';
import type { QueryInput } from '../types/query';
import type { CubeApiLike } from './CubeApiLike';
import { useCubeContext } from './CubeProvider';
import { isQueryPresent } from './isQueryPresent';
import { RequestObserver, type RequestSpec } from './RequestObserver';
import { useStableValue } from './useStableValue';

/** Options of {@link useCubeQuery}. */
export interface UseCubeQueryOptions {
  /** Don't run the query (yet). A request in flight is cancelled. `refetch()` still runs it. */
  skip?: boolean;
  /** Clear `resultSet` when the query changes, instead of showing the old one while loading. Default `true`. */
  resetResultSetOnChange?: boolean;
  /** Keep the result fresh with `cubeApi.subscribe` (polling) instead of one `load`. */
  subscribe?: boolean;
  /** Overrides the provider's and the client's `castNumerics`. */
  castNumerics?: boolean;
  /** A client for this hook only, instead of the provider's. */
  cubeApi?: CubeApiLike;
}

/** What {@link useCubeQuery} returns. */
export interface UseCubeQueryResult {
  /** The last result; `null` before the first, after an error, and (by default) while a changed query loads. */
  resultSet: ResultSet | null;
  /** Whether a request for the current query is on its way. */
  isLoading: boolean;
  error: Error | null;
  /** The last "Continue wait" reply while Cube computes the query (`progress.stage`), else `null`. */
  progress: ProgressResponse | null;
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
 * request is sent, not two.
 *
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
export function useCubeQuery(
  query: QueryInput | null | undefined,
  options: UseCubeQueryOptions = {},
): UseCubeQueryResult {
  const context = useCubeContext();
  const cubeApi = options.cubeApi ?? context.cubeApi;
  const stableQuery = useStableValue(query);
  const castNumerics = options.castNumerics ?? context.options.castNumerics;
  const subscribe = options.subscribe ?? false;
  const enabled = !options.skip && isQueryPresent(stableQuery);
  if (enabled && !cubeApi) throw new Error(NO_CLIENT);

  const [observer] = useState(() => new RequestObserver<ResultSet>());
  const spec = useSpec(
    cubeApi,
    stableQuery,
    enabled,
    subscribe,
    castNumerics,
    options.resetResultSetOnChange ?? true,
  );
  const snapshot = useSyncExternalStore(observer.subscribe, observer.getSnapshot, observer.getSnapshot);
  useEffect(() => observer.setSpec(spec), [observer, spec]);
  const refetch = useCallback(() => observer.refetch(), [observer]);

  const shown = observer.resultFor(spec, snapshot);
  return {
    resultSet: shown.data,
    isLoading: shown.isLoading,
    error: shown.error,
    progress: shown.progress,
    refetch,
  };
}

/** The request wanted now; a new object only when one of its inputs changed. */
function useSpec(
  cubeApi: CubeApiLike | null,
  query: QueryInput | null | undefined,
  enabled: boolean,
  subscribe: boolean,
  castNumerics: boolean | undefined,
  resetOnChange: boolean,
): RequestSpec<ResultSet> {
  // Correctness does not rest on this memo: the observer compares keys item by item, so a spec
  // rebuilt with the same inputs starts nothing.
  return useMemo<RequestSpec<ResultSet>>(
    () => ({
      key: [cubeApi, query, subscribe, castNumerics],
      enabled,
      resetOnChange,
      clearOnError: !subscribe,
      start: (sink, signal) => {
        if (!cubeApi || !query) throw new Error(NO_CLIENT);
        const loadOptions: LoadMethodOptions = {
          signal,
          progressCallback: (result) => sink.progress(result.progressResponse),
          ...(castNumerics === undefined ? {} : { castNumerics }),
        };
        if (subscribe) {
          const subscription = cubeApi.subscribe(query, loadOptions, (error, resultSet) => {
            if (error) sink.error(error);
            else sink.result(resultSet ?? null);
          });
          return () => void Promise.resolve(subscription.unsubscribe()).catch(() => undefined);
        }
        cubeApi.load(query, loadOptions).then(sink.result, sink.error);
        return undefined;
      },
    }),
    [cubeApi, query, enabled, subscribe, castNumerics, resetOnChange],
  );
}
