import type { DryRunResponse } from '../types/methods';
import type { QueryInput } from '../types/query';
import {
  useCubeFetch,
  type UseCubeFetchLoadOptions,
  type UseCubeFetchOptions,
  type UseCubeFetchResult,
} from './useCubeFetch';

/**
 * Validates and normalizes a query without running it (`cubeApi.dryRun`), e.g. to enable a "run"
 * button only for a query Cube accepts. Waits while the query is empty.
 *
 * @example
 * ```tsx
 * const { error } = useDryRun(draftQuery);
 * return <button disabled={error !== null}>Run</button>;
 * ```
 */
export function useDryRun(
  query: QueryInput | null | undefined,
  options: UseCubeFetchOptions = {},
): UseCubeFetchResult<DryRunResponse> {
  return useCubeFetch<DryRunResponse>('dryRun', query, options);
}

/**
 * {@link useDryRun} that sends nothing until its loader is called, e.g. on a "check" button; the
 * loader may name another query. Returns `[load, state]` as `@cubejs-client/react` does.
 *
 * @example
 * ```tsx
 * const [check, { response, error }] = useLazyDryRun();
 * return <button onClick={() => void check({ query: draftQuery })}>Check</button>;
 * ```
 */
export function useLazyDryRun(
  query?: QueryInput | null,
  options: UseCubeFetchOptions = {},
): [
  (loadOptions?: UseCubeFetchLoadOptions) => Promise<void>,
  Omit<UseCubeFetchResult<DryRunResponse>, 'refetch'>,
] {
  const { refetch, ...state } = useCubeFetch<DryRunResponse>('dryRun', query, { ...options, skip: true });
  return [refetch, state];
}
