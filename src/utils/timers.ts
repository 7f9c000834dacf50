import { onAbort } from './signals';

/**
 * The package's one timer helper. Two rules make a Node process behave like any other client of
 * pending I/O: it stays alive while a caller waits for something a timer serves, and exits on its
 * own once nothing is pending (see docs/ARCHITECTURE.md, "Timers").
 */

/** How long `setTimeout` can wait; a longer delay would fire at once (it overflows to 1 ms). */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** How a timer relates to the process it runs in. */
export interface TimerOptions {
  /**
   * Whether the timer keeps a Node process alive. Keep it (the default) for a timer that serves a
   * call someone awaits: a retry pause, a poll, the timeout of a pending call. Only a timer that
   * serves nobody's pending call (a background refresh) passes `false` and is `unref()`ed.
   * @default true
   */
  keepAlive?: boolean;
}

/**
 * A `setTimeout` that waits `ms` however long that is: delays beyond 2^31−1 ms (about 24.8 days)
 * are waited for in links of at most that length. Returns the clearing function.
 */
export function startTimer(
  callback: () => void,
  ms: number,
  { keepAlive = true }: TimerOptions = {},
): () => void {
  let handle: ReturnType<typeof setTimeout> | undefined;
  const wait = (left: number) => {
    const link = Math.min(left, MAX_TIMEOUT_MS);
    handle = setTimeout(link < left ? () => wait(left - link) : callback, link);
    if (!keepAlive) (handle as { unref?: () => void }).unref?.();
  };
  wait(ms);
  return () => clearTimeout(handle);
}

/**
 * Resolves after `ms`, or rejects with the signal's reason as soon as `signal` aborts.
 */
export function sleep(ms: number, signal?: AbortSignal, options?: TimerOptions): Promise<void> {
  let stopTimer = () => {};
  const elapsed = new Promise<void>((resolve) => (stopTimer = startTimer(resolve, ms, options)));
  // An aborted sleep clears its timer at once rather than leaving it to fire into nothing.
  return abortable(elapsed, signal).finally(stopTimer);
}

/**
 * Waits for `promise`, but gives up when `signal` aborts. The promise itself keeps running:
 * this is how one caller stops waiting for a token fetch that other callers share.
 */
export function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const stopListening = onAbort(signal, () => reject(signal.reason));
    promise.then(resolve, reject).finally(stopListening);
  });
}
