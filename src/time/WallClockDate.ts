import {
  addUnit,
  endOfUnit,
  instantOfWallClock,
  normalizeUnit,
  parseUnzoned,
  parseWallClock,
  startOfUnit,
  wallClockOfInstant,
} from '../result/time';
import { formatDate } from './formatDate';

/** What {@link internalDayjs} reads: a timestamp string, a `Date`, epoch milliseconds, or a date object. */
export type DateInput = string | number | Date | WallClockDate | Instant | null | undefined;

/** Any object that converts to epoch milliseconds, such as a dayjs or moment object. */
export interface Instant {
  /** Epoch milliseconds. */
  valueOf(): number;
}

/** dayjs's isoWeek plugin names the Monday week `isoWeek`; Cube's weeks start on Monday anyway. */
const snapUnit = (unit: string): string => (normalizeUnit(unit) === 'isoweek' ? 'week' : unit);

/**
 * An immutable local date and time: the subset of a dayjs object that Cube's time helpers use
 * and return, without dayjs. Its fields are a wall clock (what the host's clock shows), so `add`,
 * `startOf` and friends never shift by the host's DST changes; `valueOf()` and `toDate()` give the
 * instant the host's clock shows those fields at. Weeks start on Monday.
 *
 * Units are dayjs's: `'year'`, `'quarter'`, `'month'`, `'week'`, `'day'`, `'hour'`, `'minute'`,
 * `'second'`, `'millisecond'`, their plurals and short forms (`'M'`, `'d'`, `'h'`, …).
 *
 * @example
 * ```ts
 * internalDayjs('2024-01-31').add(1, 'month').format('YYYY-MM-DD'); // '2024-02-29'
 * ```
 */
export class WallClockDate {
  /** The fields, as the number `Date.UTC` gives for them (`NaN` when invalid). */
  private readonly wallClock: number;

  /** @internal Use {@link internalDayjs}. */
  constructor(wallClock: number) {
    this.wallClock = wallClock;
  }

  /** The wall clock of any {@link DateInput}, as dayjs would read it. */
  static read(value: unknown): number {
    if (value instanceof WallClockDate) return value.wallClock;
    if (value === undefined) return parseWallClock(undefined);
    if (value === null) return NaN;
    return parseUnzoned(value) ?? wallClockOfInstant(new Date(value as string).getTime());
  }

  private utc(): Date {
    return new Date(this.wallClock);
  }

  /** A copy (the object is immutable, so this is only for code written against dayjs). */
  clone(): WallClockDate {
    return new WallClockDate(this.wallClock);
  }

  /** Whether this is a date at all. */
  isValid(): boolean {
    return !Number.isNaN(this.wallClock);
  }

  /** Epoch milliseconds of the instant the host's clock shows this date and time. */
  valueOf(): number {
    return instantOfWallClock(this.wallClock);
  }

  /** The instant the host's clock shows this date and time. */
  toDate(): Date {
    return new Date(this.valueOf());
  }

  /** The instant as ISO 8601 in UTC; throws a `RangeError` when invalid, as `Date` does. */
  toISOString(): string {
    return this.toDate().toISOString();
  }

  /** The instant as ISO 8601 in UTC, or `null` when invalid. */
  toJSON(): string | null {
    return this.isValid() ? this.toISOString() : null;
  }

  /** The instant as `Date#toUTCString` writes it. */
  toString(): string {
    return this.toDate().toUTCString();
  }

  /** The year. */
  year(): number {
    return this.utc().getUTCFullYear();
  }

  /** The month, `0` for January. */
  month(): number {
    return this.utc().getUTCMonth();
  }

  /** The quarter, `1` to `4`. */
  quarter(): number {
    return Math.ceil((this.month() + 1) / 3);
  }

  /** The day of the month, from `1`. */
  date(): number {
    return this.utc().getUTCDate();
  }

  /** The day of the week, `0` for Sunday. */
  day(): number {
    return this.utc().getUTCDay();
  }

  /** The ISO day of the week, `1` for Monday to `7` for Sunday. */
  isoWeekday(): number {
    return this.day() || 7;
  }

  /** The hour, `0` to `23`. */
  hour(): number {
    return this.utc().getUTCHours();
  }

  /** The minute. */
  minute(): number {
    return this.utc().getUTCMinutes();
  }

  /** The second. */
  second(): number {
    return this.utc().getUTCSeconds();
  }

  /** The millisecond. */
  millisecond(): number {
    return this.utc().getUTCMilliseconds();
  }

  /** `amount` units later: months clamp the day (Jan 31 + 1 month = Feb 28/29), days keep the time. */
  add(amount: number, unit: string): WallClockDate {
    return new WallClockDate(addUnit(this.wallClock, amount, unit));
  }

  /** `amount` units earlier; see {@link WallClockDate.add}. */
  subtract(amount: number, unit: string): WallClockDate {
    return this.add(-amount, unit);
  }

  /** The first millisecond of the unit this falls in (weeks start on Monday). */
  startOf(unit: string): WallClockDate {
    return new WallClockDate(startOfUnit(this.wallClock, snapUnit(unit)));
  }

  /** The last millisecond of the unit this falls in. */
  endOf(unit: string): WallClockDate {
    return new WallClockDate(endOfUnit(this.wallClock, snapUnit(unit)));
  }

  /** Whether this is before `other` (with a unit: whether this unit ends before it). */
  isBefore(other?: DateInput, unit?: string): boolean {
    return (unit ? this.endOf(unit).wallClock : this.wallClock) < WallClockDate.read(other);
  }

  /** Whether this is after `other` (with a unit: whether this unit starts after it). */
  isAfter(other?: DateInput, unit?: string): boolean {
    return WallClockDate.read(other) < (unit ? this.startOf(unit).wallClock : this.wallClock);
  }

  /** Whether this is `other` (with a unit: whether `other` falls in the same unit). */
  isSame(other?: DateInput, unit?: string): boolean {
    const t = WallClockDate.read(other);
    if (!unit) return t === this.wallClock;
    return this.startOf(unit).wallClock <= t && t <= this.endOf(unit).wallClock;
  }

  /**
   * The date as a dayjs-style template fills it: `YYYY YY M MM MMM MMMM D DD d dd ddd dddd H HH h
   * hh a A m mm s ss SSS Z ZZ`, `[literal text]`; by default `'YYYY-MM-DDTHH:mm:ssZ'`.
   */
  format(template?: string): string {
    // The host's offset at this moment, rounded to 15 minutes as dayjs rounds it.
    const offset = -Math.round(this.toDate().getTimezoneOffset() / 15) * 15;
    return formatDate(this.wallClock, offset, template);
  }
}

/**
 * Reads a date as the published client's `internalDayjs` does (strings without a zone as local
 * time, `Date`s, epoch milliseconds and zoned strings at the host's clock; no argument is now),
 * giving a {@link WallClockDate}: the dayjs subset Cube's time helpers use, without dayjs.
 *
 * @example
 * ```ts
 * internalDayjs('2024-03-10T10:00:00.000').startOf('week').format('YYYY-MM-DD'); // '2024-03-04'
 * ```
 */
export function internalDayjs(value?: DateInput): WallClockDate {
  return new WallClockDate(WallClockDate.read(value));
}
