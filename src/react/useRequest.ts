import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { RequestObserver, type RequestSnapshot, type RequestSpec } from '../observer/RequestObserver';

/** What {@link useRequest} gives a hook: the snapshot to show, and the observer behind it. */
export interface RequestState<T> extends RequestSnapshot<T> {
  readonly observer: RequestObserver<T>;
  /** Sends the current request again; resolves when its result or error is in the state. */
  readonly refetch: () => Promise<void>;
}

/**
 * The one base hook of `cube-client/react`: a {@link RequestObserver} per component, fed the spec
 * of this render and read with `useSyncExternalStore`. Every data hook is this plus naming.
 *
 * The spec may be a new object on every render: the observer compares its key by content, so an
 * equal spec starts nothing. On the server nothing subscribes, so nothing is sent.
 */
export function useRequest<T>(spec: RequestSpec<T>): RequestState<T> {
  const [observer] = useState(() => new RequestObserver<T>());
  const snapshot = useSyncExternalStore(observer.subscribe, observer.getSnapshot, observer.getSnapshot);
  useEffect(() => observer.setSpec(spec));
  const refetch = useCallback(() => observer.refetch(), [observer]);
  return { ...observer.resultFor(spec, snapshot), observer, refetch };
}
