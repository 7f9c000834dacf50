/**
 * dayjs's `format` tokens (English names), for {@link WallClockDate.format}. `[text]` is literal.
 */

// Literals, not `'…'.split(' ')`: a call at module level would keep this file in every bundle.
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
// The tokens dayjs knows, longest first within each letter; anything else is literal text.
const TOKENS = /\[([^\]]+)]|YYYY|YY|M{1,4}|D{1,2}|d{1,4}|H{1,2}|h{1,2}|a|A|m{1,2}|s{1,2}|Z{1,2}|SSS/g;

/** The fields a template is filled from: UTC getters of a wall clock, plus the host offset there. */
interface Fields {
  date: Date;
  /** Minutes east of UTC, as dayjs rounds them (to 15). */
  offset: number;
}

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

function zone(offset: number, separator: string): string {
  const minutes = Math.abs(offset);
  return `${offset >= 0 ? '+' : '-'}${pad(Math.floor(minutes / 60), 2)}${separator}${pad(minutes % 60, 2)}`;
}

function fill(token: string, { date, offset }: Fields): string {
  const hour = date.getUTCHours();
  const weekday = date.getUTCDay();
  const values: Record<string, () => string | number> = {
    YY: () => String(date.getUTCFullYear()).slice(-2),
    YYYY: () => pad(date.getUTCFullYear(), 4),
    M: () => date.getUTCMonth() + 1,
    MM: () => pad(date.getUTCMonth() + 1, 2),
    MMM: () => MONTHS[date.getUTCMonth()].slice(0, 3),
    MMMM: () => MONTHS[date.getUTCMonth()],
    D: () => date.getUTCDate(),
    DD: () => pad(date.getUTCDate(), 2),
    d: () => weekday,
    dd: () => WEEKDAYS[weekday].slice(0, 2),
    ddd: () => WEEKDAYS[weekday].slice(0, 3),
    dddd: () => WEEKDAYS[weekday],
    H: () => hour,
    HH: () => pad(hour, 2),
    h: () => hour % 12 || 12,
    hh: () => pad(hour % 12 || 12, 2),
    a: () => (hour < 12 ? 'am' : 'pm'),
    A: () => (hour < 12 ? 'AM' : 'PM'),
    m: () => date.getUTCMinutes(),
    mm: () => pad(date.getUTCMinutes(), 2),
    s: () => date.getUTCSeconds(),
    ss: () => pad(date.getUTCSeconds(), 2),
    SSS: () => pad(date.getUTCMilliseconds(), 3),
    Z: () => zone(offset, ':'),
    ZZ: () => zone(offset, ''),
  };
  return String(values[token]());
}

/**
 * Fills a dayjs-style template (`'YYYY-MM-DD HH:mm'`, default `'YYYY-MM-DDTHH:mm:ssZ'`) from a wall
 * clock; `'Invalid Date'` when it is not a date.
 */
export function formatDate(wallClock: number, offset: number, template = 'YYYY-MM-DDTHH:mm:ssZ'): string {
  const date = new Date(wallClock);
  if (Number.isNaN(wallClock)) return 'Invalid Date';
  return template.replace(TOKENS, (token, literal?: string) => literal ?? fill(token, { date, offset }));
}
