import type { ProgressResponse } from '../core/ProgressResult';
import { Listeners } from '../utils/Listeners';
import { deepEqual } from '../utils/deepEqual';

/** What a component sees of one request: the last data, whether a newer one is on its way, why it failed. */
export interface RequestSnapshot<T> {
  readonly data: T | null;
  readonly isLoading: boolean;
  readonly error: Error | null;
  /** The last "Continue wait" reply of the request in flight, or `null`. */
  readonly progress: ProgressResponse | null;
}

/** How a running request reports back; once the request is superseded or cancelled, every call is ignored. */
export interface RequestSink<T> {
  /** A result; `null` means "nothing new" (a mutex-aware client's answer to a superseded call). */
  readonly result: (value: T | null) => void;
  /** A failure; it ends the request. */
  readonly error: (error: unknown) => void;
  /** A "Continue wait" report while the server is still computing. */
  readonly progress: (progress: ProgressResponse) => void;
}

/** One request as the adapter describes it, from props and context. */
export interface RequestSpec<T> {
  /**
   * What identifies the request: a change of any element starts a new one. Plain objects and
   * arrays are compared with {@link deepEqual}, so a query literal rebuilt with the same content is
   * the same request; anything else (a client) by identity.
   */
  readonly key: readonly unknown[];
  /** False for `skip` or an empty query: nothing runs, and a request in flight is cancelled. */
  readonly enabled: boolean;
  /** Clear the data when the key changes, so that no component shows one query's data under another's title. */
  readonly resetOnChange: boolean;
  /** Clear the data on an error (a one-shot load), or keep the last good data (a subscription). */
  readonly clearOnError: boolean;
  /**
   * Starts the request, reporting to `sink`, and stopping when `signal` aborts. Returns a stop
   * function when the request keeps producing results (a subscription) and must be told to end.
   * `mutexObj` is the observer's own, for clients that drop superseded calls through it.
   */
  start(
    sink: RequestSink<T>,
    signal: AbortSignal,
    mutexObj: Record<string, unknown>,
  ): (() => void) | undefined;
}

interface Run {
  readonly key: readonly unknown[];
  readonly controller: AbortController;
  readonly done: Promise<void>;
  readonly finish: () => void;
  stop?: () => void;
  settled: boolean;
}

const IDLE = { data: null, isLoading: false, error: null, progress: null } as const;

/** Plain data (a query, an array of them) is compared by content; a client or any other instance by identity. */
function isPlainData(value: unknown): boolean {
  if (Array.isArray(value)) return true;
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function sameKey(a: readonly unknown[], b: readonly unknown[]): boolean {
  return (
    a.length === b.length &&
    a.every((item, index) => Object.is(item, b[index]) || (isPlainData(item) && deepEqual(item, b[index])))
  );
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * The framework-free core of every adapter (`cube-client/react`, `/vue`, `/svelte`): owns at most
 * one request at a time, and a snapshot that an adapter turns into its own reactivity
 * (`useSyncExternalStore`, a Vue ref, a Svelte store).
 *
 * Rules it keeps, so that each adapter stays glue:
 * - query identity: a spec whose key is deep-equal to the current one starts nothing;
 * - a request starts only while someone listens; a new key aborts the request it supersedes;
 * - results of a superseded or cancelled request are dropped, and no listener is called after the
 *   last one left, so a component never sees an update after it unmounted;
 * - when the last listener leaves, the request is cancelled one microtask later, not at once:
 *   React's StrictMode unsubscribes and resubscribes synchronously, and the request in flight is
 *   kept for the second subscription instead of being aborted and sent again.
 *
 * @example
 * ```ts
 * const observer = new RequestObserver<Meta>();
 * const stop = observer.subscribe(() => render(observer.getSnapshot()));
 * observer.setSpec({
 *   key: [cubeApi], enabled: true, resetOnChange: true, clearOnError: true,
 *   start: (sink, signal) => void cubeApi.meta({ signal }).then(sink.result, sink.error),
 * });
 * ```
 */
export class RequestObserver<T> {
  #spec?: RequestSpec<T>;
  #run?: Run;
  /** Key of the request that produced, or is producing, the data shown. */
  #shownKey?: readonly unknown[];
  #snapshot: RequestSnapshot<T> = IDLE;
  readonly #listeners = new Listeners(() => this.#queueTeardown());
  readonly #mutex: Record<string, unknown> = {};
  #teardownQueued = false;

  /** The current snapshot; the same object until something changes. */
  readonly getSnapshot = (): RequestSnapshot<T> => this.#snapshot;

  /** Adds a listener; the first one starts the request of the current spec. Returns the remover. */
  readonly subscribe = (listener: () => void): (() => void) => {
    const remove = this.#listeners.subscribe(listener);
    this.#sync();
    return remove;
  };

  /**
   * `snapshot` as it should be shown for `spec`. An adapter may render between a prop change and
   * the moment it hands the new spec over; that render shows loading (and, with `resetOnChange`,
   * no data), not the previous query's data as if it were current.
   */
  resultFor(spec: RequestSpec<T>, snapshot: RequestSnapshot<T>): RequestSnapshot<T> {
    if (!spec.enabled || (this.#shownKey !== undefined && sameKey(this.#shownKey, spec.key))) return snapshot;
    const changed = this.#shownKey !== undefined;
    return {
      data: changed && spec.resetOnChange ? null : snapshot.data,
      isLoading: true,
      error: null,
      progress: null,
    };
  }

  /**
   * Describes the request wanted now; starts it when its key changed, cancels it when disabled.
   * A spec equal to the current one (same key, same `enabled`) only replaces it, so an adapter may
   * call this on every render.
   */
  setSpec(spec: RequestSpec<T>): void {
    const previous = this.#spec;
    this.#spec = spec;
    if (previous?.enabled === spec.enabled && sameKey(previous.key, spec.key)) return;
    this.#sync();
  }

  /**
   * Sends `spec` (the current one by default) now, even when disabled, superseding a request in
   * flight. Resolves when it has a result or an error (the snapshot has them; this never
   * rejects), or at once when no one listens.
   */
  refetch(spec: RequestSpec<T> | undefined = this.#spec): Promise<void> {
    if (!spec || this.#listeners.size === 0) return Promise.resolve();
    return this.#start(spec, false);
  }

  /** Key of the request whose data is shown, or is on its way (`previousQuery` of the query hooks). */
  get shownKey(): readonly unknown[] | undefined {
    return this.#shownKey;
  }

  /** Resolves when the request in flight, if any, has its result or error (for server-side rendering). */
  settled(): Promise<void> {
    return this.#run?.done ?? Promise.resolve();
  }

  #sync(): void {
    const spec = this.#spec;
    if (!spec || this.#listeners.size === 0) return;
    if (!spec.enabled) {
      this.#cancel();
      this.#update({ isLoading: false, progress: null });
      return;
    }
    if (this.#run && sameKey(this.#run.key, spec.key)) return;
    const changed = this.#shownKey !== undefined && !sameKey(this.#shownKey, spec.key);
    void this.#start(spec, changed && spec.resetOnChange);
  }

  #start(spec: RequestSpec<T>, reset: boolean): Promise<void> {
    this.#cancel();
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    const run: Run = { key: spec.key, controller: new AbortController(), done, finish, settled: false };
    this.#run = run;
    this.#shownKey = spec.key;
    this.#update({ ...(reset ? { data: null } : {}), isLoading: true, error: null, progress: null });
    const sink = this.#sinkFor(run, spec.clearOnError);
    try {
      run.stop = spec.start(sink, run.controller.signal, this.#mutex);
    } catch (error) {
      sink.error(error);
    }
    return done;
  }

  /** The sink of one run: everything it is told after the run was superseded or cancelled is dropped. */
  #sinkFor(run: Run, clearOnError: boolean): RequestSink<T> {
    const isCurrent = () => this.#run === run && !run.controller.signal.aborted;
    const settle = (patch: Partial<RequestSnapshot<T>>) => {
      if (!isCurrent()) return;
      run.settled = true;
      run.finish();
      this.#update({ ...patch, isLoading: false, progress: null });
    };
    return {
      result: (value) => settle(value === null ? {} : { data: value, error: null }),
      error: (error) => settle({ ...(clearOnError ? { data: null } : {}), error: toError(error) }),
      progress: (progress) => {
        if (isCurrent()) this.#update({ progress });
      },
    };
  }

  /** Aborts and forgets the request, if any; its late results are dropped. */
  #cancel(): void {
    const run = this.#run;
    if (!run) return;
    this.#run = undefined;
    run.controller.abort();
    run.stop?.();
    run.finish();
  }

  #queueTeardown(): void {
    if (this.#teardownQueued) return;
    this.#teardownQueued = true;
    queueMicrotask(() => {
      this.#teardownQueued = false;
      if (this.#listeners.size === 0) this.#teardown();
    });
  }

  /**
   * A finished one-shot request is kept: a component that comes back (StrictMode, `<Activity>`)
   * shows its data without asking again. Anything still running is stopped.
   */
  #teardown(): void {
    const run = this.#run;
    if (!run || (run.stop === undefined && run.settled)) return;
    this.#cancel();
    // The data shown was not completed for this key: the next subscriber must ask again.
    if (this.#shownKey === run.key) this.#shownKey = undefined;
    this.#snapshot = { ...this.#snapshot, isLoading: false, progress: null };
  }

  #update(patch: Partial<RequestSnapshot<T>>): void {
    const previous = this.#snapshot;
    const next: RequestSnapshot<T> = { ...previous, ...patch };
    const unchanged = (['data', 'isLoading', 'error', 'progress'] as const).every((field) =>
      Object.is(next[field], previous[field]),
    );
    if (unchanged) return;
    this.#snapshot = next;
    this.#listeners.notify();
  }
}
