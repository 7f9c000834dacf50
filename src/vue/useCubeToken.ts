import { computed, shallowRef, toValue, watchSyncEffect, type ComputedRef } from 'vue';
import { TokenStateView, type CubeTokenInfo } from '../observer/TokenStateView';
import { useCubeContext } from './provideCubeApi';

/** What {@link useCubeToken} returns: the token state as refs, and the logout. */
export interface UseCubeTokenResult {
  /** `idle`, `refreshing`, `ready` or `failed`. */
  readonly status: ComputedRef<CubeTokenInfo['status']>;
  /** Why the last token call failed, or `null`. */
  readonly error: ComputedRef<Error | null>;
  /** When the last token was received (ms since the epoch), or `null`. */
  readonly refreshedAt: ComputedRef<number | null>;
  /** `status === 'refreshing'`. */
  readonly isRefreshing: ComputedRef<boolean>;
  /** `status === 'failed'`. */
  readonly isFailed: ComputedRef<boolean>;
  /** Whether anything reports token state (see `CubeTokenInfo.isTracked`). */
  readonly isTracked: ComputedRef<boolean>;
  /** Logout: the client forgets its token and the state goes back to `idle`. */
  readonly clearToken: () => void;
}

/**
 * The provided client's token state, for a UI (a "refreshing" hint, a "log in again" prompt, a
 * logout button). A refresh changes these refs only: no query refetches because of it.
 *
 * @example
 * ```vue
 * <script setup lang="ts">
 * const { isFailed, clearToken } = useCubeToken();
 * </script>
 * <template><button @click="clearToken">{{ isFailed ? 'Log in again' : 'Log out' }}</button></template>
 * ```
 */
export function useCubeToken(): UseCubeTokenResult {
  const { cubeApi, tokenState } = useCubeContext();
  const info = shallowRef<CubeTokenInfo>();
  // Follows a client given as a ref (null until login); the watcher ends with the effect scope.
  watchSyncEffect((onCleanup) => {
    const view = new TokenStateView(toValue(cubeApi), tokenState);
    info.value = view.getSnapshot();
    onCleanup(view.subscribe(() => (info.value = view.getSnapshot())));
  });
  const current = () => info.value as CubeTokenInfo;
  return {
    status: computed(() => current().status),
    error: computed(() => current().error),
    refreshedAt: computed(() => current().refreshedAt),
    isRefreshing: computed(() => current().isRefreshing),
    isFailed: computed(() => current().isFailed),
    isTracked: computed(() => current().isTracked),
    clearToken: () => current().clearToken(),
  };
}
