import { useMemo, useSyncExternalStore } from 'react';
import { TokenStateView, type CubeTokenInfo } from '../observer/TokenStateView';
import { useCubeContext } from './CubeProvider';

/** What {@link useCubeToken} returns. */
export type UseCubeTokenResult = CubeTokenInfo;

/**
 * The token state of the provider's client, for a UI: a "refreshing session" hint, a "log in
 * again" prompt after a failure, a logout button. Queries don't need it: a token refresh in the
 * middle of a query is invisible to `useCubeQuery`, and does not make any query refetch.
 *
 * Token state comes from the provider's `tokenState` (a {@link CubeTokenState} wired into the
 * client), or from the client itself when it reports it.
 *
 * @example
 * ```tsx
 * function Session() {
 *   const { status, error, clearToken } = useCubeToken();
 *   if (status === 'failed') return <p role="alert">Please log in again ({error?.message})</p>;
 *   return <button onClick={clearToken}>{status === 'refreshing' ? 'Refreshing…' : 'Log out'}</button>;
 * }
 * ```
 */
export function useCubeToken(): UseCubeTokenResult {
  const { cubeApi, tokenState } = useCubeContext();
  const view = useMemo(() => new TokenStateView(cubeApi, tokenState), [cubeApi, tokenState]);
  return useSyncExternalStore(view.subscribe, view.getSnapshot, view.getSnapshot);
}
