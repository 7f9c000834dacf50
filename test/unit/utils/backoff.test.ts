import { backoffDelay, parseRetryAfter } from '../../../src/utils/backoff';

describe('backoff', () => {
  it('stays within [0, min(cap, base * 2^attempt))', () => {
    for (let attempt = 0; attempt < 10; attempt += 1) {
      expect(backoffDelay(attempt, () => 0)).toBe(0);
      const high = backoffDelay(attempt, () => 0.999999, 100, 1000);
      expect(high).toBeLessThan(Math.min(1000, 100 * 2 ** attempt));
      expect(high).toBeGreaterThanOrEqual(Math.min(1000, 100 * 2 ** attempt) - 1);
    }
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.UTC(2026, 0, 1, 0, 0, 0);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
