import { anySignal } from '../../../src/utils/signals';

describe('anySignal', () => {
  it('returns undefined or the only signal when there is nothing to combine', () => {
    const only = new AbortController().signal;
    expect(anySignal()).toBeUndefined();
    expect(anySignal(undefined, only)).toBe(only);
  });

  it('aborts when any input aborts, with that reason, and only once', () => {
    const a = new AbortController();
    const b = new AbortController();
    const combined = anySignal(a.signal, b.signal)!;
    expect(combined.aborted).toBe(false);
    b.abort('b went first');
    a.abort('a later');
    expect(combined.aborted).toBe(true);
    expect(combined.reason).toBe('b went first');
  });

  it('is already aborted when an input already is', () => {
    const a = new AbortController();
    a.abort('early');
    const combined = anySignal(new AbortController().signal, a.signal)!;
    expect(combined.aborted).toBe(true);
    expect(combined.reason).toBe('early');
  });
});
