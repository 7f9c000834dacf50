import { formatTime } from './timeFormat';

/** The layout of each predefined granularity from a day up; finer and custom ones show date and time. */
const LAYOUTS = new Map([
  ['day', '%Y-%m-%d'],
  ['week', '%Y-%m-%d W%V'],
  ['month', '%Y %b'],
  ['quarter', '%Y-Q%q'],
  ['year', '%Y'],
]);
const DATE_AND_TIME = '%Y-%m-%d %H:%M:%S';

/** The d3-time-format specifier a granularity is shown with. */
export const granularityLayout = (granularity?: string): string =>
  LAYOUTS.get(granularity as string) ?? DATE_AND_TIME;

/**
 * Formats a date with a d3-time-format specifier in the runtime's time zone, as the official
 * formatter does; `'Invalid date'` for a value that is no date.
 */
export function formatDate(value: unknown, specifier: string): string {
  const date = value instanceof Date ? value : new Date(value as string);
  return Number.isNaN(date.getTime()) ? 'Invalid date' : formatTime(specifier, date);
}

/**
 * Formats a time value the way Cube's tools show it at a granularity: `2024-03-05` for a day,
 * `2024-03-04 W10` for a week, `2024 Mar`, `2024-Q1`, `2024`, and `2024-03-05 14:30:00` for
 * hours, minutes, seconds, custom granularities and none.
 *
 * @param value A `Date`, an ISO string (Cube's `2024-03-05T00:00:00.000` is local time) or epoch milliseconds.
 * @example
 * ```ts
 * formatDateByGranularity('2024-03-05T00:00:00.000', 'quarter'); // '2024-Q1'
 * ```
 */
export function formatDateByGranularity(value: Date | string | number, granularity?: string): string {
  return formatDate(value, granularityLayout(granularity));
}
