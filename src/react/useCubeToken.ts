import { useCallback, useSyncExternalStore } from 'react';
import { useCubeContext } from './CubeProvider';
import { isTokenStateSource, type CubeTokenSnapshot, type TokenStateSource } from './tokenState';

/** What {@link useCubeToken} returns. */
export interface UseCubeTokenResult extends CubeTokenSnapshot {
  /** `status === 'refreshing'`. */
  isRefreshing: boolean;
  /** `status === 'failed'`. */
  isFailed: boolean;
  /**
   * Whether token state is reported at all: false when neither the provider has a `tokenState`
   * nor the client reports its own; `status` then stays `idle`.
   */
  isTracked: boolean;
  /** Logout: the client forgets its token (the next request asks the token function again) and the state goes back to `idle`. */
  clearToken: () => void;
}

const UNTRACKED: CubeTokenSnapshot = { status: 'idle', error: null, refreshedAt: null };
const noSubscription = () => () => undefined;
const untracked = () => UNTRACKED;

/**
 * The token state of the provider's client, for a UI: a "refreshing session" hint, a "log in
 * again" prompt after a failure, a logout button. Queries don't need it: a token refresh in the
 * middle of a query is invisible to `useCubeQuery`.
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
  const source: TokenStateSource | undefined =
    tokenState ?? (isTokenStateSource(cubeApi) ? cubeApi : undefined);
  const subscribe = useCallback(
    (listener: () => void) => (source ? source.subscribeTokenState(listener) : noSubscription()),
    [source],
  );
  const getSnapshot = useCallback(() => (source ? source.getTokenState() : untracked()), [source]);
  const snapshot = useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
  const clearToken = useCallback(() => {
    cubeApi?.clearToken?.();
    // A client that reports its own state resets it in clearToken; an outside tracker is told here.
    if (source && source !== (cubeApi as unknown)) source.reset?.();
  }, [cubeApi, source]);
  return {
    ...snapshot,
    isRefreshing: snapshot.status === 'refreshing',
    isFailed: snapshot.status === 'failed',
    isTracked: source !== undefined,
    clearToken,
  };
}
