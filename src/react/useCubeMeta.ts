import type { Meta } from '../result/Meta';
import { useCubeFetch, type UseCubeFetchOptions, type UseCubeFetchResult } from './useCubeFetch';

/** Options of {@link useCubeMeta}. */
export type UseCubeMetaOptions = UseCubeFetchOptions;

/** What {@link useCubeMeta} returns. */
export type UseCubeMetaResult = UseCubeFetchResult<Meta>;

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
  return useCubeFetch<Meta>('meta', null, options);
}
