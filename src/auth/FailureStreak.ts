/**
 * Failures of one kind in a row. The first is forgiven (it may be a blip); from the second on,
 * the next attempt waits `pause(failures - 2)` ms, so a fleet of clients does not hammer a
 * service that is down.
 */
export class FailureStreak {
  readonly #pause: (attempt: number) => number;
  #inARow = 0;
  #until = 0;

  constructor(pause: (attempt: number) => number) {
    this.#pause = pause;
  }

  /** Counts one more failure at `now`. */
  failed(now: number): void {
    this.#inARow += 1;
    if (this.#inARow > 1) this.#until = now + this.#pause(this.#inARow - 2);
  }

  /** Milliseconds still to wait at `now`; zero or less when the next attempt may go ahead. */
  waitAt(now: number): number {
    return this.#until - now;
  }

  /** Ends the streak: the next failure is forgiven again. */
  reset(): void {
    this.#inARow = this.#until = 0;
  }
}
