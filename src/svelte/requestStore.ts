import { derived, readable, type Readable } from 'svelte/store';
import { RequestObserver, type RequestSnapshot, type RequestSpec } from '../observer/RequestObserver';

/** A readable store, plus `refetch`. */
export type RefetchableStore<S> = Readable<S> & {
  /** Sends the request again (even with `skip`); resolves when its answer is in the store. */
  refetch(): Promise<void>;
};

/** Whether `value` is a Svelte store (has `subscribe`), as opposed to a plain query. */
export function isReadable<T>(value: unknown): value is Readable<T> {
  return typeof (value as Partial<Readable<T>> | null)?.subscribe === 'function';
}

/**
 * The one base of `cube-client/svelte`'s factories: a {@link RequestObserver} whose listener is
 * a readable store. The request starts with the first subscriber and stops when the last one
 * leaves (a same-tick resubscription keeps it); specs from a store are handed over as they come.
 * During a server render (no `document`) nothing is sent.
 */
export function requestStore<T, S>(
  specs: Readable<RequestSpec<T>>,
  shape: (snapshot: RequestSnapshot<T>) => S,
): RefetchableStore<S> {
  const observer = new RequestObserver<T>();
  const snapshots = readable(observer.getSnapshot(), (set) => {
    if (typeof document === 'undefined') return undefined;
    const stopSpecs = specs.subscribe((spec) => observer.setSpec(spec));
    const stop = observer.subscribe(() => set(observer.getSnapshot()));
    return () => {
      stop();
      stopSpecs();
    };
  });
  return { subscribe: derived(snapshots, shape).subscribe, refetch: () => observer.refetch() };
}

/** `input` as a store of specs: built once for a plain value, on each change for a store. */
export function specsOf<I, T>(
  input: I | Readable<I>,
  build: (value: I) => RequestSpec<T>,
): Readable<RequestSpec<T>> {
  return isReadable<I>(input) ? derived(input, build) : readable(build(input));
}
