import { onAbort } from './signals';

/**
 * Timer helpers that never keep a Node process alive: every timer is `unref()`ed where the
 * runtime supports it, and cleared as soon as it is no longer needed.
 */

/** A `setTimeout` that does not hold a Node process open. Returns the clearing function. */
export function startTimer(callback: () => void, ms: number): () => void {
  const handle: unknown = setTimeout(callback, ms);
  (handle as { unref?: () => void }).unref?.();
  return () => clearTimeout(handle as ReturnType<typeof setTimeout>);
}

/**
 * Resolves after `ms`, or rejects with the signal's reason as soon as `signal` aborts.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  let stopTimer = () => {};
  const elapsed = new Promise<void>((resolve) => (stopTimer = startTimer(resolve, ms)));
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
