/**
 * Wall-clock date arithmetic for time series.
 *
 * Cube sends local timestamps without a zone (`2024-03-10T02:00:00.000`). They are read here as
 * "milliseconds of a wall clock": the number `Date.UTC` gives for those fields. All arithmetic runs on
 * UTC getters and setters, so the host time zone (and its DST jumps) never shifts a value.
 */
import type { GranularityAnnotation } from '../types/response';

/** Granularities with a built-in series; anything else is a custom granularity from the annotation. */
export const PREDEFINED_GRANULARITIES: readonly string[] = [
  'second',
  'minute',
  'hour',
  'day',
  'week',
  'month',
  'quarter',
  'year',
];

/** `YYYY-MM-DD`: a date range bound without a time pads the series to whole days. */
export const DateRegex = /^\d\d\d\d-\d\d-\d\d$/;

/** A local timestamp (optionally `Z`-suffixed) that `parseDateMeasures` turns into a `Date`. */
export const LocalDateRegex = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}.\d{3}Z?$/;

/** True for the built-in granularities (`second` … `year`). */
export function isPredefinedGranularity(granularity: string): boolean {
  return PREDEFINED_GRANULARITIES.includes(granularity);
}

// The lenient shape the published client accepts: `2024`, `2024-3-1`, `2024-03-01 10:00`, `…T10:00:00.123456`.
const LOOSE_ISO =
  /^(\d{4})[-/]?(\d{1,2})?[-/]?(\d{0,2})[Tt\s]*(\d{1,2})?:?(\d{1,2})?:?(\d{1,2})?[.:]?(\d+)?$/;

const MS_SECOND = 1000;
const MS_MINUTE = 60 * MS_SECOND;
const MS_HOUR = 60 * MS_MINUTE;
const MS_DAY = 24 * MS_HOUR;

/** The wall-clock value of the host's current local time. */
function nowWallClock(): number {
  const d = new Date();
  return Date.UTC(
    d.getFullYear(),
    d.getMonth(),
    d.getDate(),
    d.getHours(),
    d.getMinutes(),
    d.getSeconds(),
    d.getMilliseconds(),
  );
}

/**
 * Reads a timestamp as wall-clock milliseconds; `NaN` when it is not a date.
 *
 * @example
 * ```ts
 * parseWallClock('2024-03-10T02:30:00.000') === Date.UTC(2024, 2, 10, 2, 30); // in any TZ
 * ```
 */
export function parseWallClock(value: unknown): number {
  if (value === undefined) return nowWallClock();
  if (value === null) return NaN;
  if (typeof value === 'number') return value;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string' && !/z$/i.test(value)) {
    const m = LOOSE_ISO.exec(value);
    if (m) {
      const month = Number(m[2]) - 1 || 0;
      const ms = Number((m[7] || '0').substring(0, 3));
      return Date.UTC(
        Number(m[1]),
        month,
        Number(m[3]) || 1,
        Number(m[4]) || 0,
        Number(m[5]) || 0,
        Number(m[6]) || 0,
        ms,
      );
    }
  }
  // Zoned strings (`…Z`, RFC 2822) denote an instant; its UTC fields are the wall clock.
  return new Date(value as string).getTime();
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function pad3(n: number): string {
  return n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n);
}

/** `YYYY-MM-DD` of a wall-clock value. */
function datePart(t: number): string {
  const d = new Date(t);
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/**
 * Formats a wall-clock value as `YYYY-MM-DDTHH:mm:ss.SSS` (`'Invalid Date'` for `NaN`), the shape
 * Cube uses for time dimension values.
 */
export function formatWallClock(t: number): string {
  if (Number.isNaN(t)) return 'Invalid Date';
  const d = new Date(t);
  return `${datePart(t)}T${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}.${pad3(d.getUTCMilliseconds())}`;
}

/** Time units, spelled the way the series and interval code needs them. */
export type TimeUnit =
  'year' | 'quarter' | 'month' | 'week' | 'day' | 'hour' | 'minute' | 'second' | 'millisecond';

const SHORT_UNITS: Record<string, TimeUnit | 'date'> = {
  M: 'month',
  y: 'year',
  w: 'week',
  d: 'day',
  D: 'date',
  h: 'hour',
  m: 'minute',
  s: 'second',
  ms: 'millisecond',
  Q: 'quarter',
};

/**
 * Normalizes a unit name the way the published client's date library does (`'Days'` → `'day'`,
 * `'M'` → `'month'`); unknown names come back unchanged and act as milliseconds or no-ops.
 */
export function normalizeUnit(unit: string): string {
  // JavaScript callers may pass anything here; coerce exactly as the published client does.
  const name: unknown = unit || '';
  return SHORT_UNITS[unit] ?? String(name).toLowerCase().replace(/s$/, '');
}

function withDate(t: number, year: number, month: number, day: number): number {
  const d = new Date(t);
  return Date.UTC(
    year,
    month,
    day,
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  );
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/** Moves by whole months, clamping the day (Jan 31 + 1 month = Feb 28/29). */
function addMonths(t: number, months: number): number {
  const d = new Date(t);
  const first = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const y = first.getUTCFullYear();
  const m = first.getUTCMonth();
  return withDate(t, y, m, Math.min(d.getUTCDate(), daysInMonth(y, m)));
}

/**
 * Adds `amount` units to a wall-clock value. Calendar units keep the time of day; unknown units
 * count as milliseconds, as in the published client.
 */
export function addUnit(t: number, amount: number, unit: string): number {
  // Amounts parsed from custom granularity intervals may arrive as strings from JavaScript callers.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-conversion
  const n = Number(amount);
  const u = normalizeUnit(unit);
  if (Number.isNaN(t)) return NaN;
  switch (u) {
    case 'year':
      return addMonths(t, 12 * n);
    case 'quarter':
      return addMonths(t, 3 * n);
    case 'month':
      return addMonths(t, n);
    case 'week':
    case 'day': {
      const d = new Date(t);
      const days = Math.round((u === 'week' ? 7 : 1) * n);
      return withDate(t, d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + days);
    }
    case 'hour':
      return t + n * MS_HOUR;
    case 'minute':
      return t + n * MS_MINUTE;
    case 'second':
      return t + n * MS_SECOND;
    default:
      return t + n;
  }
}

/** Start of the unit containing `t`; weeks start on Monday. Unknown units return `t`. */
export function startOfUnit(t: number, unit: string): number {
  if (Number.isNaN(t)) return NaN;
  const d = new Date(t);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  switch (normalizeUnit(unit)) {
    case 'year':
      return Date.UTC(y, 0, 1);
    case 'quarter':
      return Date.UTC(y, m - (m % 3), 1);
    case 'month':
      return Date.UTC(y, m, 1);
    case 'week': {
      const sinceMonday = (d.getUTCDay() + 6) % 7;
      return Date.UTC(y, m, d.getUTCDate() - sinceMonday);
    }
    case 'day':
    case 'date':
      return t - (((t % MS_DAY) + MS_DAY) % MS_DAY);
    case 'hour':
      return t - (((t % MS_HOUR) + MS_HOUR) % MS_HOUR);
    case 'minute':
      return t - (((t % MS_MINUTE) + MS_MINUTE) % MS_MINUTE);
    case 'second':
      return t - (((t % MS_SECOND) + MS_SECOND) % MS_SECOND);
    default:
      return t;
  }
}

/** Last millisecond of the unit containing `t`. Unknown units return `t`. */
export function endOfUnit(t: number, unit: string): number {
  const u = normalizeUnit(unit);
  const start = startOfUnit(t, u);
  switch (u) {
    case 'year':
      return addMonths(start, 12) - 1;
    case 'quarter':
      return addMonths(start, 3) - 1;
    case 'month':
      return addMonths(start, 1) - 1;
    case 'week':
      return start + 7 * MS_DAY - 1;
    case 'day':
    case 'date':
      return start + MS_DAY - 1;
    case 'hour':
      return start + MS_HOUR - 1;
    case 'minute':
      return start + MS_MINUTE - 1;
    case 'second':
      return start + MS_SECOND - 1;
    default:
      return t;
  }
}

/**
 * Points from `from` stepping by one `unit` while the point's unit start is before `to` (or the point
 * is exactly `to`): the published client's range walk, including its handling of unsnapped starts.
 */
function walk(from: number, to: number, unit: TimeUnit, format: (t: number) => string): string[] {
  const out: string[] = [];
  let t = from;
  while (startOfUnit(t, unit) < to || t === to) {
    out.push(format(t));
    const next = addUnit(t, 1, unit);
    if (!(next > t)) break;
    t = next;
  }
  return out;
}

const atMidnight = (t: number): string => `${datePart(t)}T00:00:00.000`;

/**
 * The buckets of a built-in granularity between two wall-clock values, formatted as Cube formats
 * time dimension values. With `padToDay` the range first widens to whole days.
 *
 * @example
 * ```ts
 * predefinedTimeSeries('week', parseWallClock('2024-01-03'), parseWallClock('2024-01-10'), true);
 * // ['2024-01-01T00:00:00.000', '2024-01-08T00:00:00.000']  (weeks start on Monday)
 * ```
 */
export function predefinedTimeSeries(
  granularity: string,
  from: number,
  to: number,
  padToDay: boolean,
): string[] {
  if (padToDay) {
    from = startOfUnit(from, 'day');
    to = endOfUnit(to, 'day');
  }
  switch (granularity) {
    case 'day':
      return walk(from, to, 'day', atMidnight);
    case 'week':
      return walk(startOfUnit(from, 'week'), endOfUnit(to, 'week'), 'week', (t) =>
        atMidnight(startOfUnit(t, 'week')),
      );
    case 'month':
      return walk(
        startOfUnit(from, 'month'),
        endOfUnit(to, 'month'),
        'month',
        (t) => `${datePart(t).slice(0, 8)}01T00:00:00.000`,
      );
    case 'quarter':
      return walk(startOfUnit(from, 'quarter'), endOfUnit(to, 'quarter'), 'quarter', (t) =>
        atMidnight(startOfUnit(t, 'quarter')),
      );
    case 'year':
      return walk(
        startOfUnit(from, 'year'),
        endOfUnit(to, 'year'),
        'year',
        (t) => `${datePart(t).slice(0, 4)}-01-01T00:00:00.000`,
      );
    case 'hour':
      return walk(from, to, 'hour', (t) => `${formatWallClock(t).slice(0, 13)}:00:00.000`);
    case 'minute':
      return walk(from, to, 'minute', (t) => `${formatWallClock(t).slice(0, 16)}:00.000`);
    case 'second':
      return walk(from, to, 'second', (t) => `${formatWallClock(t).slice(0, 19)}.000`);
    default:
      throw new Error(`Unknown granularity ${granularity}`);
  }
}

/** A parsed SQL interval: unit → amount, in the order written. */
export type ParsedInterval = Record<string, number>;

/**
 * Parses a Postgres-style interval such as `'1 year 2 months -3 days'`.
 *
 * @example
 * ```ts
 * parseSqlInterval('2 weeks 1 day'); // { week: 2, day: 1 }
 * ```
 */
export function parseSqlInterval(interval: string): ParsedInterval {
  const parsed: ParsedInterval = {};
  const parts = interval.split(/\s+/);
  for (let i = 0; i < parts.length; i += 2) {
    const unit = parts[i + 1];
    parsed[unit.endsWith('s') ? unit.slice(0, -1) : unit] = parseInt(parts[i], 10);
  }
  return parsed;
}

/** Adds (or with `sign = -1` subtracts) a parsed interval, unit by unit in written order. */
export function addInterval(t: number, interval: ParsedInterval, sign: 1 | -1 = 1): number {
  for (const unit of Object.keys(interval)) t = addUnit(t, sign * interval[unit], unit);
  return t;
}

/** The bucket start at or before `t` on the grid `origin + k × interval`. */
export function alignToOrigin(t: number, interval: ParsedInterval, origin: number): number {
  const backwards = addInterval(origin, interval) < origin;
  let cursor = origin;
  // A zero interval would never leave the origin; the published client spins forever there.
  const step = (value: number, sign: 1 | -1): number => {
    const next = addInterval(value, interval, sign);
    return next === value ? NaN : next;
  };
  if (t < origin) {
    const sign = backwards ? 1 : -1;
    while (cursor > t) cursor = step(cursor, sign);
    return cursor;
  }
  const sign = backwards ? -1 : 1;
  let aligned = t;
  while (cursor < t) {
    aligned = cursor;
    cursor = step(cursor, sign);
  }
  return cursor === t ? cursor : aligned;
}

/** Start of the host's current year, the origin of a custom granularity that only has an `offset`. */
function startOfThisYear(): number {
  return Date.UTC(new Date().getFullYear(), 0, 1);
}

/**
 * The buckets of a custom granularity (`interval`, optional `origin` and `offset`) between two
 * timestamps, formatted `YYYY-MM-DDTHH:mm:ss.000`.
 */
export function customTimeSeries(from: unknown, to: unknown, granularity: GranularityAnnotation): string[] {
  const interval = parseSqlInterval(granularity.interval);
  const end = parseWallClock(to);
  let origin = granularity.origin ? parseWallClock(granularity.origin) : startOfThisYear();
  if (granularity.offset) origin = addInterval(origin, parseSqlInterval(granularity.offset));
  let t = alignToOrigin(parseWallClock(from), interval, origin);
  const out: string[] = [];
  while (t <= end) {
    out.push(`${formatWallClock(t).slice(0, 19)}.000`);
    const next = addInterval(t, interval);
    if (!(next > t)) break;
    t = next;
  }
  return out;
}

/**
 * The bucket of `granularity` that contains `value`, as `[start, end]` wall-clock values. A custom
 * granularity is looked up among the time dimension annotations by its name.
 */
export function bucketOf(
  value: unknown,
  granularity: string,
  annotations?: Record<string, { granularity?: GranularityAnnotation }>,
): [number, number] {
  const t = parseWallClock(value);
  if (!isPredefinedGranularity(granularity) && annotations) {
    let custom: GranularityAnnotation | undefined;
    for (const key of Object.keys(annotations)) {
      const g = annotations[key]?.granularity;
      if (key.endsWith(`.${granularity}`) && g) {
        custom = g;
        break;
      }
    }
    if (custom?.interval) {
      const interval = parseSqlInterval(custom.interval);
      let start = t;
      if (custom.origin || custom.offset) {
        const origin = custom.origin
          ? parseWallClock(custom.origin)
          : addInterval(startOfThisYear(), parseSqlInterval(custom.offset as string));
        start = alignToOrigin(start, interval, origin);
      }
      return [start, addInterval(start, interval) - 1];
    }
  }
  return [startOfUnit(t, granularity), endOfUnit(t, granularity)];
}

/** Drops the milliseconds of a wall-clock value. */
export function truncateToSecond(t: number): number {
  return t - (((t % MS_SECOND) + MS_SECOND) % MS_SECOND);
}
