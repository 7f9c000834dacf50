/**
 * One place for the fuzz settings: a fixed seed so a failure reproduces, `FUZZ_SEED` (and
 * `FUZZ_RUNS`) to explore other inputs; fast-check prints the seed and path of any failure.
 */
import fc from 'fast-check';

export const SEED = process.env.FUZZ_SEED === undefined ? 0x5eed_c0be : Number(process.env.FUZZ_SEED);
export const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);

/**
 * Checks `property` with the suite's seed and runs, and within `budgetMs` for all of them, so a
 * decoder that got slow on some input fails here instead of hanging a browser tab.
 */
export function check<Ts extends [unknown, ...unknown[]]>(
  property: fc.IProperty<Ts>,
  budgetMs: number,
  runs = RUNS,
): void {
  const started = performance.now();
  fc.assert(property, { seed: SEED, numRuns: runs });
  expect(performance.now() - started).toBeLessThan(budgetMs);
}

/** Runs `fn` and fails when that one call took longer than `ms` (no single input may hang). */
export function quick<T>(fn: () => T, ms = 100): T {
  const started = performance.now();
  const value = fn();
  const took = performance.now() - started;
  if (took > ms) throw new Error(`one call took ${took.toFixed(1)} ms`);
  return value;
}

/** {@link check} for async properties. */
export async function checkAsync<Ts extends [unknown, ...unknown[]]>(
  property: fc.IAsyncProperty<Ts>,
  budgetMs: number,
  runs = RUNS,
): Promise<void> {
  const started = performance.now();
  await fc.assert(property, { seed: SEED, numRuns: runs });
  expect(performance.now() - started).toBeLessThan(budgetMs);
}
