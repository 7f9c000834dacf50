import type { ProgressResponse } from '../core/ProgressResult';

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
  /** What identifies the request: a change of any element (by `Object.is`) starts a new one. */
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
   */
  start(sink: RequestSink<T>, signal: AbortSignal): (() => void) | undefined;
}

interface Run {
  readonly key: readonly unknown[];
  readonly controller: AbortController;
  readonly finish: () => void;
  stop?: () => void;
  settled: boolean;
}

function sameKey(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((item, index) => Object.is(item, b[index]));
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * The framework-free half of the hooks: owns at most one request at a time, and a snapshot that
 * an adapter reads with `useSyncExternalStore` (React) or any other store protocol.
 *
 * Rules it keeps, so that the adapter stays thin:
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
  private spec?: RequestSpec<T>;
  private run?: Run;
  /** Key of the request that produced, or is producing, the data shown. */
  private shownKey?: readonly unknown[];
  private snapshot: RequestSnapshot<T> = { data: null, isLoading: false, error: null, progress: null };
  private readonly listeners = new Set<() => void>();
  private teardownQueued = false;

  /** The current snapshot; the same object until something changes. */
  readonly getSnapshot = (): RequestSnapshot<T> => this.snapshot;

  /** Adds a listener; the first one starts the request of the current spec. Returns the remover. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    this.sync();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.queueTeardown();
    };
  };

  /**
   * `snapshot` as it should be shown for `spec`. The adapter renders between a prop change and the
   * effect that hands the new spec over; that render shows loading (and, with `resetOnChange`, no
   * data), not the previous query's data as if it were current.
   */
  resultFor(spec: RequestSpec<T>, snapshot: RequestSnapshot<T>): RequestSnapshot<T> {
    if (!spec.enabled || (this.shownKey !== undefined && sameKey(this.shownKey, spec.key))) return snapshot;
    const changed = this.shownKey !== undefined;
    return {
      data: changed && spec.resetOnChange ? null : snapshot.data,
      isLoading: true,
      error: null,
      progress: null,
    };
  }

  /** Describes the request wanted now; starts it when its key changed, cancels it when disabled. */
  setSpec(spec: RequestSpec<T>): void {
    this.spec = spec;
    this.sync();
  }

  /**
   * Sends the current request again, even when disabled, superseding one in flight. Resolves when
   * it has a result or an error (the snapshot has them; this never rejects), or at once when no
   * one listens.
   */
  refetch(): Promise<void> {
    if (!this.spec || this.listeners.size === 0) return Promise.resolve();
    return this.start(this.spec, false);
  }

  private sync(): void {
    const spec = this.spec;
    if (!spec || this.listeners.size === 0) return;
    if (!spec.enabled) {
      this.cancel();
      this.update({ isLoading: false, progress: null });
      return;
    }
    if (this.run && sameKey(this.run.key, spec.key)) return;
    const changed = this.shownKey !== undefined && !sameKey(this.shownKey, spec.key);
    void this.start(spec, changed && spec.resetOnChange);
  }

  private start(spec: RequestSpec<T>, reset: boolean): Promise<void> {
    this.cancel();
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    const run: Run = { key: spec.key, controller: new AbortController(), finish, settled: false };
    this.run = run;
    this.shownKey = spec.key;
    this.update(
      reset
        ? { data: null, isLoading: true, error: null, progress: null }
        : { isLoading: true, error: null, progress: null },
    );

    const isCurrent = () => this.run === run && !run.controller.signal.aborted;
    const settle = (patch: Partial<RequestSnapshot<T>>) => {
      if (!isCurrent()) return;
      run.settled = true;
      run.finish();
      this.update({ ...patch, isLoading: false, progress: null });
    };
    const sink: RequestSink<T> = {
      result: (value) => settle(value === null ? {} : { data: value, error: null }),
      error: (error) =>
        settle(spec.clearOnError ? { data: null, error: toError(error) } : { error: toError(error) }),
      progress: (progress) => {
        if (isCurrent()) this.update({ progress });
      },
    };
    try {
      run.stop = spec.start(sink, run.controller.signal);
    } catch (error) {
      sink.error(error);
    }
    return done;
  }

  /** Aborts and forgets the request, if any; its late results are dropped. */
  private cancel(): void {
    const run = this.run;
    if (!run) return;
    this.run = undefined;
    run.controller.abort();
    run.stop?.();
    run.finish();
  }

  private queueTeardown(): void {
    if (this.teardownQueued) return;
    this.teardownQueued = true;
    queueMicrotask(() => {
      this.teardownQueued = false;
      if (this.listeners.size > 0) return;
      // A finished one-shot request is kept: a component that comes back (StrictMode, <Activity>)
      // shows its data without asking again. Anything still running is stopped.
      if (this.run && (this.run.stop !== undefined || !this.run.settled)) {
        const key = this.run.key;
        this.cancel();
        // The data shown was not completed for this key: the next subscriber must ask again.
        if (this.shownKey === key) this.shownKey = undefined;
        this.snapshot = { ...this.snapshot, isLoading: false, progress: null };
      }
    });
  }

  private update(patch: Partial<RequestSnapshot<T>>): void {
    const next: RequestSnapshot<T> = { ...this.snapshot, ...patch };
    const previous = this.snapshot;
    if (
      next.data === previous.data &&
      next.isLoading === previous.isLoading &&
      next.error === previous.error &&
      next.progress === previous.progress
    ) {
      return;
    }
    this.snapshot = next;
    for (const listener of [...this.listeners]) listener();
  }
}
