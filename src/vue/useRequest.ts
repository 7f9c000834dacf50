import {
  computed,
  getCurrentInstance,
  getCurrentScope,
  inject,
  onScopeDispose,
  onServerPrefetch,
  shallowRef,
  ssrContextKey,
  watchSyncEffect,
  type ComputedRef,
} from 'vue';
import { RequestObserver, type RequestSnapshot, type RequestSpec } from '../observer/RequestObserver';

/** Reactive fields shared by every composable's result. */
export interface RequestRefs<T> {
  readonly data: ComputedRef<T | null>;
  readonly isLoading: ComputedRef<boolean>;
  readonly error: ComputedRef<Error | null>;
  readonly progress: ComputedRef<RequestSnapshot<T>['progress']>;
  readonly observer: RequestObserver<T>;
}

/** Whether this runs inside a server render (`renderToString`). */
function onServer(): boolean {
  return getCurrentInstance() !== null && inject(ssrContextKey, null) !== null;
}

/**
 * The one base composable of `cube-client/vue`: a {@link RequestObserver} fed the spec that
 * `spec()` builds from reactive inputs (re-read whenever one of them changes, synchronously, so a
 * changed query aborts the previous request at once), its snapshot in a shallow ref, and the
 * subscription ended with the effect scope. On the server nothing is sent unless `ssr` is set;
 * then the render waits for the answer (`onServerPrefetch`).
 */
export function useRequest<T>(spec: () => RequestSpec<T>, ssr = false): RequestRefs<T> {
  const observer = new RequestObserver<T>();
  const snapshot = shallowRef(observer.getSnapshot());
  watchSyncEffect(() => observer.setSpec(spec()));
  const server = onServer();
  if (!server || ssr) {
    const stop = observer.subscribe(() => (snapshot.value = observer.getSnapshot()));
    if (server) onServerPrefetch(() => observer.settled().finally(stop));
    else if (getCurrentScope()) onScopeDispose(stop);
  }
  return {
    data: computed(() => snapshot.value.data),
    isLoading: computed(() => snapshot.value.isLoading),
    error: computed(() => snapshot.value.error),
    progress: computed(() => snapshot.value.progress),
    observer,
  };
}

/**
 * A plain copy of a query that may be a reactive object: the copy is what the observer compares
 * (a query mutated in place is a new query), and reading every field makes Vue track each one.
 */
export function plainQuery<Q>(query: Q): Q {
  return query == null ? query : (JSON.parse(JSON.stringify(query)) as Q);
}
