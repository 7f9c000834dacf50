import type { QueryInput } from '../types/query';
import type { CubeApiLike } from '../observer/CubeApiLike';
import { fetchRequest, type FetchMethod, type FetchRequestOptions } from '../observer/requests';
import { useCubeContext } from './CubeProvider';
import { useRequest } from './useRequest';

/** Options of {@link useCubeMeta}, {@link useCubeSql}, {@link useDryRun} and {@link useLazyDryRun}. */
export interface UseCubeFetchOptions extends FetchRequestOptions {
  /** A client for this hook only, instead of the provider's. */
  cubeApi?: CubeApiLike;
}

/** What `refetch` (and `useLazyDryRun`'s loader) may send instead of the hook's own request. */
export interface UseCubeFetchLoadOptions {
  query?: QueryInput;
  onlyViews?: boolean;
}

/** What the fetch hooks return; `response` is named as in `@cubejs-client/react`. */
export interface UseCubeFetchResult<T> {
  /** The last answer; `null` before the first and after an error. */
  response: T | null;
  isLoading: boolean;
  error: Error | null;
  /** Sends the request again (even with `skip`), or the one `loadOptions` describes; resolves when its answer is in the state. */
  refetch: (loadOptions?: UseCubeFetchLoadOptions) => Promise<void>;
}

/** The shared body of the `meta`/`sql`/`dryRun` hooks. */
export function useCubeFetch<T>(
  method: FetchMethod,
  query: QueryInput | null | undefined,
  options: UseCubeFetchOptions,
): UseCubeFetchResult<T> {
  const context = useCubeContext();
  const cubeApi = options.cubeApi ?? context.cubeApi;
  const { data, isLoading, error, observer } = useRequest(fetchRequest<T>(method, cubeApi, query, options));
  const refetch = (loadOptions: UseCubeFetchLoadOptions = {}) =>
    observer.refetch(
      fetchRequest<T>(method, cubeApi, loadOptions.query ?? query, {
        ...options,
        onlyViews: loadOptions.onlyViews ?? options.onlyViews,
      }),
    );
  return { response: data, isLoading, error, refetch };
}
