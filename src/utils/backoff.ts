/** Base delay of the first retry, in milliseconds. */
export const BACKOFF_BASE_MS = 300;
/** Upper bound of one retry delay, in milliseconds. */
export const BACKOFF_CAP_MS = 10_000;

/**
 * Exponential backoff with full jitter: a uniformly random delay between 0 and
 * `min(cap, base * 2^attempt)`. Full jitter spreads the retries of many clients that failed at the
 * same moment, so a recovering server sees a smooth load instead of synchronized waves.
 *
 * @param attempt - 0 for the first retry.
 * @param random - a source of numbers in [0, 1), injectable for deterministic tests.
 */
export function backoffDelay(
  attempt: number,
  random: () => number,
  base = BACKOFF_BASE_MS,
  cap = BACKOFF_CAP_MS,
): number {
  return Math.floor(random() * Math.min(cap, base * 2 ** attempt));
}

/**
 * Reads a `Retry-After` header (seconds or an HTTP date) as milliseconds from `now`, or
 * `undefined` when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
