import type { TimeDimensionGranularity } from '../types/query';
import { WallClockDate } from './WallClockDate';

/** The built-in granularities of a time dimension. */
export type TimeDimensionPredefinedGranularity =
  'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';

/** A granularity choice of a query builder: `name` (`undefined` for no grouping) and its label. */
export interface TGranularityMap {
  name: TimeDimensionGranularity | undefined;
  title: string;
}

/** The granularity choices a query builder offers, from none to a year. */
export const GRANULARITIES: TGranularityMap[] = [
  { name: undefined, title: 'w/o grouping' },
  { name: 'second', title: 'Second' },
  { name: 'minute', title: 'Minute' },
  { name: 'hour', title: 'Hour' },
  { name: 'day', title: 'Day' },
  { name: 'week', title: 'Week' },
  { name: 'month', title: 'Month' },
  { name: 'quarter', title: 'Quarter' },
  { name: 'year', title: 'Year' },
];

/** The granularity a query builder uses when the user has not chosen one. */
export const DEFAULT_GRANULARITY = 'day';

/**
 * The unit to count a SQL interval in: its finest unit, with weeks counted in days and quarters
 * in months (`'1 month 2 days'` → `'day'`); `'year'` when it names no other unit.
 *
 * @example
 * ```ts
 * diffTimeUnitForInterval('2 weeks'); // 'day'
 * ```
 */
export function diffTimeUnitForInterval(interval: string): string {
  const finestFirst: [RegExp, string][] = [
    [/second/i, 'second'],
    [/minute/i, 'minute'],
    [/hour/i, 'hour'],
    [/day/i, 'day'],
    [/week/i, 'day'],
    [/month/i, 'month'],
    [/quarter/i, 'month'],
  ];
  return finestFirst.find(([unit]) => unit.test(interval))?.[1] ?? 'year';
}

/**
 * The finer of the units two SQL intervals are counted in (see {@link diffTimeUnitForInterval}).
 *
 * @example
 * ```ts
 * minGranularityForIntervals('1 year', '3 hours'); // 'hour'
 * ```
 */
export function minGranularityForIntervals(i1: string, i2: string): string {
  const coarseToFine = ['year', 'quarter', 'month', 'week', 'day', 'hour', 'minute', 'second'];
  const [g1, g2] = [diffTimeUnitForInterval(i1), diffTimeUnitForInterval(i2)];
  return coarseToFine.indexOf(g1) > coarseToFine.indexOf(g2) ? g1 : g2;
}

const allZero = (...values: number[]): boolean => values.every((value) => value === 0);

/**
 * The coarsest built-in granularity a timestamp is aligned to: `'year'` for `2024-01-01T00:00`,
 * `'week'` for a Monday midnight, `'hour'` for `10:00`, …; `'second'` when nothing coarser fits.
 *
 * @example
 * ```ts
 * granularityFor('2024-03-01T00:00:00.000'); // 'month'
 * ```
 */
export function granularityFor(dateStr: string): string {
  const date = new Date(WallClockDate.read(dateStr));
  const [minutes, seconds, ms] = [date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds()];
  if (allZero(date.getUTCHours(), minutes, seconds, ms)) {
    if (allZero(date.getUTCMonth(), date.getUTCDate() - 1)) return 'year';
    if (date.getUTCDate() === 1) return 'month';
    return date.getUTCDay() === 1 ? 'week' : 'day';
  }
  if (allZero(minutes, seconds, ms)) return 'hour';
  return allZero(seconds, ms) ? 'minute' : 'second';
}
