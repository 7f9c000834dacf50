/**
 * A set of change listeners: the one subscribe/notify mechanism behind every observable object of
 * the package (the token state, request observers, connection state). Framework-free, so React's
 * `useSyncExternalStore`, Vue refs and Svelte stores all plug into the same `subscribe`.
 *
 * @example
 * ```ts
 * class Counter {
 *   readonly #listeners = new Listeners();
 *   #count = 0;
 *   readonly subscribe = this.#listeners.subscribe;
 *   increment() { this.#count += 1; this.#listeners.notify(); }
 * }
 * ```
 */
export class Listeners {
  readonly #listeners = new Set<() => void>();
  readonly #onEmpty?: () => void;

  /** @param onEmpty called when the last listener leaves (for example, to stop a request). */
  constructor(onEmpty?: () => void) {
    this.#onEmpty = onEmpty;
  }

  /** How many listeners are attached now. */
  get size(): number {
    return this.#listeners.size;
  }

  /** Adds a listener; returns its remover (calling it twice is harmless). A bound arrow, so it can be passed on. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => {
      if (this.#listeners.delete(listener) && this.#listeners.size === 0) this.#onEmpty?.();
    };
  };

  /** Calls every listener; one that subscribes or leaves while being called does not disturb the others. */
  notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}
