/**
 * Calls `listener` once when `signal` aborts; returns the function that stops listening, so that
 * a finished wait never leaves a listener on a long-lived signal.
 */
export function onAbort(signal: AbortSignal | undefined, listener: () => void): () => void {
  signal?.addEventListener('abort', listener, { once: true });
  return () => signal?.removeEventListener('abort', listener);
}

/**
 * One signal that aborts when any of the given signals does (undefined ones are skipped).
 * Written by hand because `AbortSignal.any` is missing in Node 18 and older browsers.
 */
export function anySignal(...signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  if (present.length <= 1) return present[0];
  const controller = new AbortController();
  const removers: (() => void)[] = [];
  const abort = (signal: AbortSignal) => {
    controller.abort(signal.reason);
    for (const remove of removers) remove();
  };
  for (const signal of present) {
    if (signal.aborted) abort(signal);
    if (controller.signal.aborted) break;
    removers.push(onAbort(signal, () => abort(signal)));
  }
  return controller.signal;
}
