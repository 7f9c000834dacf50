import { customTimeSeries, type Granularity, type ParsedInterval } from '../result/time';
import { WallClockDate } from './WallClockDate';

/** A date object that moves by units, as dayjs objects and {@link WallClockDate}s do. */
export interface Movable<T> {
  /** A copy. */
  clone(): T;
  /** `amount` units later. */
  add(amount: number, unit: string): T;
  /** `amount` units earlier. */
  subtract(amount: number, unit: string): T;
}

/**
 * `date` moved by each unit of a parsed interval in turn (see {@link parseSqlInterval}). Works on a
 * {@link WallClockDate} and on a dayjs object alike.
 *
 * @example
 * ```ts
 * addInterval(internalDayjs('2024-01-31'), { month: 1, day: 1 }).format('YYYY-MM-DD'); // '2024-03-01'
 * ```
 */
export function addInterval<T extends Movable<T>>(date: T, interval: ParsedInterval): T {
  return Object.entries(interval).reduce((moved, [unit, amount]) => moved.add(amount, unit), date.clone());
}

/**
 * `date` moved back by each unit of a parsed interval in turn; see {@link addInterval}.
 *
 * @example
 * ```ts
 * subtractInterval(internalDayjs('2024-03-31'), { month: 1 }).format('YYYY-MM-DD'); // '2024-02-29'
 * ```
 */
export function subtractInterval<T extends Movable<T>>(date: T, interval: ParsedInterval): T {
  return Object.entries(interval).reduce(
    (moved, [unit, amount]) => moved.subtract(amount, unit),
    date.clone(),
  );
}

/**
 * The bucket starts of a custom granularity between two timestamps (formatted
 * `YYYY-MM-DDTHH:mm:ss.000`): buckets of `interval`, aligned to `origin` (default: the start of the
 * current year), shifted by `offset`. The first bucket is the one containing `from`.
 *
 * @example
 * ```ts
 * timeSeriesFromCustomInterval('2024-01-10', '2024-02-10', { interval: '2 weeks', origin: '2024-01-01' });
 * // ['2024-01-01T00:00:00.000', '2024-01-15T00:00:00.000', '2024-01-29T00:00:00.000']
 * ```
 */
export function timeSeriesFromCustomInterval(from: string, to: string, granularity: Granularity): string[] {
  return customTimeSeries(from, to, granularity, (value) => WallClockDate.read(value));
}
