/**
 * One signal that aborts when any of the given signals does (undefined ones are skipped).
 * Written by hand because `AbortSignal.any` is missing in Node 18 and older browsers.
 */
export function anySignal(...signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  if (present.length <= 1) return present[0];
  const controller = new AbortController();
  const abort = (signal: AbortSignal) => () => {
    controller.abort(signal.reason);
    for (const [other, listener] of listeners) other.removeEventListener('abort', listener);
  };
  const listeners = new Map<AbortSignal, () => void>();
  for (const signal of present) {
    if (signal.aborted) {
      controller.abort(signal.reason);
      break;
    }
    const listener = abort(signal);
    listeners.set(signal, listener);
    signal.addEventListener('abort', listener, { once: true });
  }
  if (controller.signal.aborted) {
    for (const [other, listener] of listeners) other.removeEventListener('abort', listener);
  }
  return controller.signal;
}
