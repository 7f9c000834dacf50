/**
 * Wall-clock date arithmetic for time series.
 *
 * Cube sends local timestamps without a zone (`2024-03-10T02:00:00.000`). They are read here as
 * "milliseconds of a wall clock": the number `Date.UTC` gives for those fields. All arithmetic runs on
 * UTC getters and setters, so the host time zone (and its DST jumps) never shifts a value.
 *
 * Unit names and their quirks follow dayjs, the published client's date library.
 */
import type { GranularityAnnotation } from '../types/response';

/** `YYYY-MM-DD`: a date range bound without a time pads the series to whole days. */
export const DateRegex = /^\d\d\d\d-\d\d-\d\d$/;

/** A local timestamp (optionally `Z`-suffixed) that `parseDateMeasures` turns into a `Date`. */
export const LocalDateRegex = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}.\d{3}Z?$/;

// The lenient shape the published client accepts: `2024`, `2024-3-1`, `2024-03-01 10:00`, `…T10:00:00.123456`.
const LOOSE_ISO =
  /^(\d{4})[-/]?(\d{1,2})?[-/]?(\d{0,2})[Tt\s]*(\d{1,2})?:?(\d{1,2})?:?(\d{1,2})?[.:]?(\d+)?$/;

const DAY = 864e5;

// Without a prototype, so that a unit named like an Object member (`constructor`) is just unknown.
const unitTable = (lengths: Record<string, number>): Record<string, number> =>
  Object.setPrototypeOf(lengths, null) as Record<string, number>;
/** Calendar units, in months. */
const MONTHS = unitTable({ year: 12, quarter: 3, month: 1 });
/** Fixed-length units, in milliseconds. */
const MILLIS = unitTable({ week: 7 * DAY, day: DAY, hour: 36e5, minute: 6e4, second: 1e3 });

const SHORT_UNITS: Record<string, string> = {
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

/** `'Days'` → `'day'`, `'M'` → `'month'`; unknown names come back lowercased and act as milliseconds or no-ops. */
export function normalizeUnit(unit: string): string {
  // JavaScript callers may pass anything here; coerce exactly as dayjs does.
  const name: unknown = unit || '';
  return SHORT_UNITS[unit] ?? String(name).toLowerCase().replace(/s$/, '');
}

/** Length of a fixed unit when snapping to it; dayjs's `date` (day of the month) snaps like a day. */
const spanOf = (unit: string): number | undefined => MILLIS[unit === 'date' ? 'day' : unit];

/** `t` rounded down to a multiple of `span` (plus `shift`), also before 1970. */
const floorTo = (t: number, span: number, shift = 0): number => t - ((((t - shift) % span) + span) % span);

/** True for the built-in granularities (`second` … `year`). */
export function isPredefinedGranularity(granularity: string): boolean {
  return !!(MONTHS[granularity] || MILLIS[granularity]);
}

/**
 * Reads a timestamp as wall-clock milliseconds (the host's current time for `undefined`); `NaN` when
 * it is not a date.
 *
 * @example
 * ```ts
 * parseWallClock('2024-03-10T02:30:00.000') === Date.UTC(2024, 2, 10, 2, 30); // in any TZ
 * ```
 */
export function parseWallClock(value: unknown): number {
  if (value === undefined) {
    const now = new Date();
    return now.getTime() - now.getTimezoneOffset() * 6e4;
  }
  if (value === null) return NaN;
  // Numbers, Dates and zoned strings (`…Z`, RFC 2822) denote an instant; its UTC fields are the
  // wall clock. (dayjs also goes through `new Date`, which truncates fractional milliseconds.)
  return parseUnzoned(value) ?? new Date(value as string).getTime();
}

/**
 * The wall clock written in a string without a zone, in the lenient shapes dayjs reads
 * (`2024`, `2024-3-1`, `2024-03-01 10:00`, …); `undefined` for anything else.
 */
export function parseUnzoned(value: unknown): number | undefined {
  const m = typeof value === 'string' && !/z$/i.test(value) && LOOSE_ISO.exec(value);
  if (!m) return undefined;
  const [, year, month, day, hour, minute, second, fraction] = m;
  return Date.UTC(
    +year,
    +month - 1 || 0,
    +day || 1,
    +hour || 0,
    +minute || 0,
    +second || 0,
    +(fraction || '').slice(0, 3),
  );
}

/** `Date.UTC` without its reading of years 0–99 as 1900–1999. */
function utcFields(year: number, ...rest: number[]): number {
  const d = new Date(0);
  d.setUTCFullYear(year, rest[0] ?? 0, rest[1] ?? 1);
  d.setUTCHours(rest[2] ?? 0, rest[3] ?? 0, rest[4] ?? 0, rest[5] ?? 0);
  return d.getTime();
}

/** The host's wall clock at an instant (its local fields, read as UTC). */
export function wallClockOfInstant(instant: number): number {
  const d = new Date(instant);
  return utcFields(
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
 * The instant at which the host's clock shows wall clock `t`. A time skipped by a DST change
 * resolves as `Date` resolves it (forward by the gap).
 */
export function instantOfWallClock(t: number): number {
  const w = new Date(t);
  const d = new Date(0);
  d.setFullYear(w.getUTCFullYear(), w.getUTCMonth(), w.getUTCDate());
  d.setHours(w.getUTCHours(), w.getUTCMinutes(), w.getUTCSeconds(), w.getUTCMilliseconds());
  return d.getTime();
}

/**
 * Formats a wall-clock value as `YYYY-MM-DDTHH:mm:ss.SSS` (`'Invalid Date'` when it is not a date),
 * the shape Cube uses for time dimension values.
 */
export function formatWallClock(t: number): string {
  const d = new Date(t);
  if (Number.isNaN(d.getTime())) return 'Invalid Date';
  // Field by field, which is also faster than `toISOString`: the year is padded to four digits as
  // dayjs writes it, never ISO's `+012345` or `-000001`.
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
}

/** Moves by whole months, clamping the day (Jan 31 + 1 month = Feb 28/29) and keeping the time of day. */
function addMonths(t: number, months: number): number {
  const d = new Date(t);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(d.getUTCDate(), lastDay)) + t - floorTo(t, DAY);
}

/**
 * Adds `amount` units to a wall-clock value. Days and longer keep the time of day; unknown units
 * (and dayjs's `date`) count as milliseconds, as in the published client.
 */
export function addUnit(t: number, amount: number, unit: string): number {
  // Amounts parsed from custom granularity intervals may arrive as strings from JavaScript callers.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-conversion
  const n = Number(amount);
  const u = normalizeUnit(unit);
  if (MONTHS[u]) return addMonths(t, MONTHS[u] * n);
  const span = MILLIS[u] || 1;
  // Days and weeks move by a whole number of days.
  return t + (span < DAY ? n * span : Math.round((n * span) / DAY) * DAY);
}

/** Start of the unit containing `t`; weeks start on Monday. Unknown units return `t`. */
export function startOfUnit(t: number, unit: string): number {
  const u = normalizeUnit(unit);
  const months = MONTHS[u];
  if (months) {
    const d = new Date(t);
    const month = d.getUTCMonth();
    return Date.UTC(d.getUTCFullYear(), month - (month % months), 1);
  }
  const span = spanOf(u);
  // Day 0 of the epoch was a Thursday, so weeks are counted from day 4.
  return span ? floorTo(t, span, u === 'week' ? 4 * DAY : 0) : t;
}

/** Last millisecond of the unit containing `t`. Unknown units return `t`. */
export function endOfUnit(t: number, unit: string): number {
  const u = normalizeUnit(unit);
  const start = startOfUnit(t, u);
  const span = spanOf(u);
  if (MONTHS[u]) return addMonths(start, MONTHS[u]) - 1;
  return span ? start + span - 1 : t;
}

/**
 * `emit(t)` for `t` = `from`, `step(from)`, … while `inRange(t)`: the published client's range
 * walk, including its handling of unsnapped starts (and of steps that go nowhere).
 */
export function walk<T>(
  from: number,
  inRange: (t: number) => boolean,
  step: (t: number) => number,
  emit: (t: number) => T,
): T[] {
  const out: T[] = [];
  for (let t = from; inRange(t);) {
    out.push(emit(t));
    const next = step(t);
    if (!(next > t)) break;
    t = next;
  }
  return out;
}

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
  // Weeks and longer walk whole units; shorter granularities step from the bounds as given.
  if (MONTHS[granularity] || granularity === 'week') {
    from = startOfUnit(from, granularity);
    to = endOfUnit(to, granularity);
  }
  const snap = (t: number): number => startOfUnit(t, granularity);
  return walk(
    from,
    (t) => snap(t) < to || t === to,
    (t) => addUnit(t, 1, granularity),
    (t) => formatWallClock(snap(t)),
  );
}

/** A parsed SQL interval: unit → amount, in the order written. */
export type ParsedInterval = Record<string, number>;

/** A custom granularity: a SQL `interval` (`'2 weeks'`), aligned to an `origin` or shifted by an `offset`. */
export interface Granularity {
  interval: string;
  origin?: string;
  offset?: string;
}

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
  for (let i = 0; i < parts.length; i += 2) parsed[parts[i + 1].replace(/s$/, '')] = parseInt(parts[i], 10);
  return parsed;
}

/** Adds (or with `sign = -1` subtracts) a parsed interval, unit by unit in written order. */
export function addInterval(t: number, interval: ParsedInterval, sign = 1): number {
  for (const unit of Object.keys(interval)) t = addUnit(t, sign * interval[unit], unit);
  return t;
}

/** The bucket start at or before `t` on the grid `origin + k × interval`. */
export function alignToOrigin(t: number, interval: ParsedInterval, origin: number): number {
  const sign = addInterval(origin, interval) < origin ? -1 : 1;
  let cursor = origin;
  // A zero interval would never leave the origin; the published client spins forever there.
  const step = (value: number, direction: number): number => {
    const next = addInterval(value, interval, direction);
    return next === value ? NaN : next;
  };
  if (t < origin) {
    while (cursor > t) cursor = step(cursor, -sign);
    return cursor;
  }
  let aligned = t;
  while (cursor < t) {
    aligned = cursor;
    cursor = step(cursor, sign);
  }
  return cursor === t ? cursor : aligned;
}

/** The origin of a custom granularity without one: the start of the host's current year. */
const startOfThisYear = (): number => startOfUnit(parseWallClock(undefined), 'year');

/**
 * The buckets of a custom granularity (`interval`, optional `origin` and `offset`) between two
 * timestamps, formatted `YYYY-MM-DDTHH:mm:ss.000`. `read` turns each timestamp (and the origin)
 * into a wall clock.
 */
export function customTimeSeries(
  from: unknown,
  to: unknown,
  granularity: Granularity | GranularityAnnotation,
  read: (value: unknown) => number = parseWallClock,
): string[] {
  const interval = parseSqlInterval(granularity.interval);
  const end = read(to);
  let origin = granularity.origin ? read(granularity.origin) : startOfThisYear();
  if (granularity.offset) origin = addInterval(origin, parseSqlInterval(granularity.offset));
  return walk(
    alignToOrigin(read(from), interval, origin),
    (t) => t <= end,
    (t) => addInterval(t, interval),
    (t) => formatWallClock(startOfUnit(t, 'second')),
  );
}

/**
 * The custom granularity named `granularity` among time dimension annotations (keyed
 * `Cube.dimension.name`); `undefined` for a built-in one or when none has an interval.
 */
export function findCustomGranularity(
  granularity: string,
  annotations?: Record<string, { granularity?: Granularity }>,
): Granularity | undefined {
  if (!annotations || isPredefinedGranularity(granularity)) return undefined;
  const annotated = Object.entries(annotations).find(
    ([key, a]) => key.endsWith(`.${granularity}`) && a.granularity,
  );
  const custom = annotated?.[1].granularity;
  return custom?.interval ? custom : undefined;
}

/** The `[start, end]` wall clocks of the custom bucket that contains `t`. */
export function customBucket(
  t: number,
  custom: Granularity,
  read: (value: unknown) => number = parseWallClock,
): [number, number] {
  const interval = parseSqlInterval(custom.interval);
  let start = t;
  if (custom.origin || custom.offset) {
    const origin = custom.origin
      ? read(custom.origin)
      : addInterval(startOfThisYear(), parseSqlInterval(custom.offset as string));
    start = alignToOrigin(start, interval, origin);
  }
  return [start, addInterval(start, interval) - 1];
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
  const custom = findCustomGranularity(granularity, annotations);
  return custom ? customBucket(t, custom) : [startOfUnit(t, granularity), endOfUnit(t, granularity)];
}
