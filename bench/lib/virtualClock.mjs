// A virtual clock for the fleet simulation. It replaces the global setTimeout/clearTimeout (the
// client's only timers, see src/utils/timers.ts) with a queue ordered by virtual time, and runs
// that queue without real waiting: all timers due at one virtual millisecond fire, then every
// promise they set off settles (one real setImmediate turn drains the microtask queue), then the
// clock moves to the next due timer. This only holds while nothing in the simulated world does
// real I/O, which is why the fakes answer with plain promises instead of real HTTP.

const realSetImmediate = globalThis.setImmediate;
const drain = () => new Promise((resolve) => realSetImmediate(resolve));

/** A binary min-heap of timers by (at, seq), so equal times fire in the order they were set. */
class TimerHeap {
  items = [];
  get size() {
    return this.items.length;
  }
  peek() {
    return this.items[0];
  }
  static before(a, b) {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }
  push(item) {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!TimerHeap.before(items[i], items[parent])) break;
      [items[i], items[parent]] = [items[parent], items[i]];
      i = parent;
    }
  }
  pop() {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < items.length && TimerHeap.before(items[left], items[smallest])) smallest = left;
        if (right < items.length && TimerHeap.before(items[right], items[smallest])) smallest = right;
        if (smallest === i) break;
        [items[i], items[smallest]] = [items[smallest], items[i]];
        i = smallest;
      }
    }
    return top;
  }
}

export class VirtualClock {
  /** Virtual milliseconds since the start of the simulation. */
  now = 0;
  timers = new TimerHeap();
  seq = 0;
  saved;

  /** Calls `fn` after `ms` virtual milliseconds (at least 1, as Node does). Returns the timer. */
  schedule(ms, fn, args = []) {
    const delay = Number.isFinite(ms) && ms >= 1 ? Math.ceil(ms) : 1;
    const timer = { at: this.now + delay, seq: this.seq++, fn, args, cancelled: false };
    this.timers.push(timer);
    return timer;
  }

  /** Replaces the global timers; `uninstall()` puts the real ones back. */
  install() {
    this.saved = { setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout };
    const clock = this;
    globalThis.setTimeout = (fn, ms, ...args) => {
      const timer = clock.schedule(ms, fn, args);
      // The client unref()s its timers so a Node process can exit; virtual timers hold nothing open.
      timer.unref = () => timer;
      timer.ref = () => timer;
      timer.hasRef = () => false;
      return timer;
    };
    globalThis.clearTimeout = (timer) => {
      if (timer && typeof timer === 'object') timer.cancelled = true;
    };
  }

  uninstall() {
    if (!this.saved) return;
    globalThis.setTimeout = this.saved.setTimeout;
    globalThis.clearTimeout = this.saved.clearTimeout;
    this.saved = undefined;
  }

  /** Runs every timer due up to `until` (virtual ms), settling promises after each millisecond. */
  async runUntil(until) {
    await drain();
    while (this.timers.size > 0 && this.timers.peek().at <= until) {
      const at = this.timers.peek().at;
      this.now = at;
      while (this.timers.size > 0 && this.timers.peek().at === at) {
        const timer = this.timers.pop();
        if (!timer.cancelled) timer.fn(...timer.args);
      }
      await drain();
    }
    this.now = until;
  }
}
