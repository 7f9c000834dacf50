import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { Meta } from '../result/Meta';
import type { CubeApiLike } from './CubeApiLike';
import { useCubeContext } from './CubeProvider';
import { RequestObserver, type RequestSpec } from './RequestObserver';

/** Options of {@link useCubeMeta}. */
export interface UseCubeMetaOptions {
  /** Don't load (yet); `refetch()` still does. */
  skip?: boolean;
  /** Ask for views only. */
  onlyViews?: boolean;
  /** A client for this hook only, instead of the provider's. */
  cubeApi?: CubeApiLike;
}

/** What {@link useCubeMeta} returns; `response` is named as in `@cubejs-client/react`. */
export interface UseCubeMetaResult {
  /** The data model, once loaded. */
  response: Meta | null;
  isLoading: boolean;
  error: Error | null;
  /** Loads the data model again; resolves when the new one or an error is in the state. */
  refetch: () => Promise<void>;
}

/**
 * Loads the data model (cubes, views, members) of the provider's client, e.g. for a query
 * builder's member pickers. Cancelled on unmount, like {@link useCubeQuery}.
 *
 * @example
 * ```tsx
 * function MeasurePicker() {
 *   const { response: meta, isLoading } = useCubeMeta();
 *   if (isLoading || !meta) return null;
 *   return <select>{meta.membersForQuery(null, 'measures').map((m) => <option key={m.name}>{m.title}</option>)}</select>;
 * }
 * ```
 */
export function useCubeMeta(options: UseCubeMetaOptions = {}): UseCubeMetaResult {
  const context = useCubeContext();
  const cubeApi = options.cubeApi ?? context.cubeApi;
  const enabled = !options.skip && cubeApi !== null;
  const onlyViews = options.onlyViews ?? false;
  const [observer] = useState(() => new RequestObserver<Meta>());
  const spec = useMemo<RequestSpec<Meta>>(
    () => ({
      key: [cubeApi, onlyViews],
      enabled,
      resetOnChange: true,
      clearOnError: true,
      start: (sink, signal) => {
        if (!cubeApi)
          throw new Error('No Cube client: render this component inside <CubeProvider cubeApi={...}>');
        cubeApi.meta(onlyViews ? { signal, onlyViews } : { signal }).then(sink.result, sink.error);
        return undefined;
      },
    }),
    [cubeApi, onlyViews, enabled],
  );
  const snapshot = useSyncExternalStore(observer.subscribe, observer.getSnapshot, observer.getSnapshot);
  useEffect(() => observer.setSpec(spec), [observer, spec]);
  const refetch = useCallback(() => observer.refetch(), [observer]);
  const shown = observer.resultFor(spec, snapshot);
  return { response: shown.data, isLoading: shown.isLoading, error: shown.error, refetch };
}
