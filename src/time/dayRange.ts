import {
  addUnit,
  customBucket,
  endOfUnit,
  findCustomGranularity,
  predefinedTimeSeries,
  startOfUnit,
  walk,
  type Granularity,
} from '../result/time';
import { WallClockDate, type DateInput } from './WallClockDate';

/** The time dimension annotations a {@link dayRange} looks custom granularities up in. */
export type GranularityAnnotations = Record<string, { granularity?: Granularity }>;

/** A range of dates, as {@link dayRange} builds it. */
export interface DayRange {
  /** The dates from `start`, one `unit` apart, while their `unit` starts before `end` (or is `end`). */
  by: (unit: string) => WallClockDate[];
  /** The range widened to whole units: built-in ones, or a custom granularity of the annotations. */
  snapTo: (unit: string) => DayRange;
  start: WallClockDate;
  end: WallClockDate;
}

/** The range's bounds snapped to `unit`; for a custom granularity, the bucket that contains `from`. */
function snappedBounds(
  from: number,
  to: number,
  unit: string,
  annotations?: GranularityAnnotations,
): [number, number] {
  const custom = findCustomGranularity(unit, annotations);
  if (custom) return customBucket(from, custom, (value) => WallClockDate.read(value));
  return [startOfUnit(from, unit), endOfUnit(to, unit)];
}

/**
 * A date range from `from` to `to` (each read as {@link internalDayjs} reads it), with the walks
 * the time series are made of.
 *
 * @example
 * ```ts
 * dayRange('2024-01-03', '2024-01-10').snapTo('week').by('week').map((d) => d.format('YYYY-MM-DD'));
 * // ['2024-01-01', '2024-01-08']
 * ```
 */
export function dayRange(from: DateInput, to: DateInput, annotations?: GranularityAnnotations): DayRange {
  const [start, end] = [WallClockDate.read(from), WallClockDate.read(to)];
  return {
    by: (unit) =>
      walk(
        start,
        (t) => new WallClockDate(t).startOf(unit).isBefore(new WallClockDate(end)) || t === end,
        (t) => addUnit(t, 1, unit),
        (t) => new WallClockDate(t),
      ),
    snapTo: (unit) => {
      const [first, last] = snappedBounds(start, end, unit, annotations);
      return dayRange(new WallClockDate(first), new WallClockDate(last), annotations);
    },
    start: new WallClockDate(start),
    end: new WallClockDate(end),
  };
}

/** A range's series of a built-in granularity. */
const seriesOf = (granularity: string, range: Pick<DayRange, 'start' | 'end'>): string[] =>
  predefinedTimeSeries(granularity, WallClockDate.read(range.start), WallClockDate.read(range.end), false);

/**
 * For each built-in granularity, the bucket starts of a {@link dayRange}, formatted as Cube
 * formats time dimension values (`YYYY-MM-DDTHH:mm:ss.SSS`; weeks start on Monday).
 *
 * @example
 * ```ts
 * TIME_SERIES.month(dayRange('2024-01-15', '2024-03-01')); // ['2024-01-01T00:00:00.000', …, '2024-03-01T00:00:00.000']
 * ```
 */
export const TIME_SERIES: Record<string, (range: Pick<DayRange, 'start' | 'end'>) => string[]> = {
  day: (range) => seriesOf('day', range),
  month: (range) => seriesOf('month', range),
  year: (range) => seriesOf('year', range),
  hour: (range) => seriesOf('hour', range),
  minute: (range) => seriesOf('minute', range),
  second: (range) => seriesOf('second', range),
  week: (range) => seriesOf('week', range),
  quarter: (range) => seriesOf('quarter', range),
};
