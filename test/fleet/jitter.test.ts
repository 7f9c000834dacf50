// Jitter bounds with a seeded random source: the properties the fleet simulation relies on,
// checked exactly and repeatably (a seed, not Math.random, decides every draw).
import { describe, expect, it } from '@jest/globals';
import { scheduleToken } from '../../src/auth/jwt';
import { TokenProvider } from '../../src/auth/TokenProvider';
import { TokenError } from '../../src/errors/TokenError';
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, backoffDelay } from '../../src/utils/backoff';
import { mulberry32 } from '../../bench/lib/prng.mjs';
import { jwtAt } from '../support/fixtures';

const SEEDS = [1, 42, 20240601];

describe('mulberry32', () => {
  it('repeats its sequence for a seed, differs between seeds and stays in [0, 1)', () => {
    const draw = (seed: number) => Array.from({ length: 1000 }, mulberry32(seed));
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    const values = draw(7);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    // Roughly uniform: each tenth of [0, 1) gets close to its share of 1,000 draws.
    const deciles = new Array(10).fill(0);
    for (const value of values) deciles[Math.floor(value * 10)] += 1;
    for (const count of deciles) expect(count).toBeGreaterThan(60);
  });
});

describe('backoffDelay (full jitter with a cap)', () => {
  it.each(SEEDS)('stays an integer in [0, min(cap, base * 2^n)) for every attempt (seed %i)', (seed) => {
    const random = mulberry32(seed);
    for (let attempt = 0; attempt <= 12; attempt += 1) {
      const bound = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
      const delays = Array.from({ length: 500 }, () => backoffDelay(attempt, random));
      expect(delays.filter((delay) => !(Number.isInteger(delay) && delay >= 0 && delay < bound))).toEqual([]);
      // Full jitter uses the whole range, not a band near the exponential value.
      expect(Math.min(...delays)).toBeLessThan(bound * 0.05);
      expect(Math.max(...delays)).toBeGreaterThan(bound * 0.95);
    }
  });

  it('keeps the extremes of the random source inside the bounds', () => {
    expect(backoffDelay(3, () => 0)).toBe(0);
    expect(backoffDelay(3, () => 1 - 2 ** -53)).toBe(BACKOFF_BASE_MS * 8 - 1);
    expect(backoffDelay(40, () => 1 - 2 ** -53)).toBe(BACKOFF_CAP_MS - 1);
  });

  it('is reproducible from the seed', () => {
    const run = () => {
      const random = mulberry32(99);
      return Array.from({ length: 50 }, (_, i) => backoffDelay(i % 8, random));
    };
    expect(run()).toEqual(run());
  });
});

describe('scheduleToken: refresh moments of tokens issued together', () => {
  const N = 5000;
  const lifetimeS = 15 * 60;
  const receivedAt = Date.UTC(2025, 0, 1);
  const iat = receivedAt / 1000;

  it.each(SEEDS)('spreads N refreshes over the first half of the leeway window (seed %i)', (seed) => {
    const random = mulberry32(seed);
    const schedules = Array.from({ length: N }, () =>
      scheduleToken({ iat, exp: iat + lifetimeS }, receivedAt, random)!,
    );
    // One second short: iat is rounded down to the second.
    const expiresAt = receivedAt + lifetimeS * 1000 - 1000;
    const window = 60_000; // min(60 s, 20% of 15 min)
    const perSecond = new Map<number, number>();
    for (const schedule of schedules) {
      expect(schedule.expiresAt).toBe(expiresAt);
      expect(schedule.refreshAt).toBeGreaterThanOrEqual(expiresAt - window);
      expect(schedule.refreshAt).toBeLessThan(expiresAt - window / 2);
      const second = Math.floor((schedule.refreshAt - (expiresAt - window)) / 1000);
      perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
    }
    // Every second of the 30-second band gets refreshes, and none gets more than 1.5x its share:
    // the token route sees a flat wave instead of N requests at one instant.
    expect(perSecond.size).toBe(30);
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual((N / 30) * 1.5);
  });

  it('puts every refresh at the same instant when the random source is constant', () => {
    const moments = new Set(
      Array.from(
        { length: 100 },
        () => scheduleToken({ iat, exp: iat + lifetimeS }, receivedAt, () => 0.5)!.refreshAt,
      ),
    );
    expect(moments.size).toBe(1);
  });

  it('honours an explicit leeway', () => {
    const random = mulberry32(5);
    // One second short: iat is rounded down to the second.
    const expiresAt = receivedAt + lifetimeS * 1000 - 1000;
    for (let i = 0; i < 1000; i += 1) {
      const { refreshAt } = scheduleToken({ iat, exp: iat + lifetimeS }, receivedAt, random, 10_000)!;
      expect(refreshAt).toBeGreaterThanOrEqual(expiresAt - 10_000);
      expect(refreshAt).toBeLessThan(expiresAt - 5_000);
    }
  });
});

describe('TokenProvider: pause after repeated rejections of fresh tokens', () => {
  it.each(SEEDS)(
    'waits a jittered time in [15 s, 30 s) after the second rejection (seed %i)',
    async (seed) => {
      const random = mulberry32(seed);
      const pauses: number[] = [];
      for (let client = 0; client < 200; client += 1) {
        const now = 1_000_000;
        const provider = new TokenProvider(() => jwtAt(now, 900), { now: () => now, random });
        // Two fresh tokens in a row rejected by the server, never accepted.
        provider.reportRejected(await provider.getToken());
        provider.reportRejected(await provider.getToken());
        const error = await provider.getToken().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(TokenError);
        expect((error as TokenError).code).toBe('TOKEN_REJECTED');
        pauses.push((error as TokenError).retryAfter!);
      }
      for (const pause of pauses) {
        expect(pause).toBeGreaterThanOrEqual(15_000);
        expect(pause).toBeLessThan(30_000);
      }
      // Clients rejected together come back spread over the band, not together.
      expect(new Set(pauses.map((pause) => Math.floor(pause / 1000))).size).toBe(15);
    },
  );
});
