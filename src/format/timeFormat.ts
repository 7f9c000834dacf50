/**
 * Dates formatted with d3-time-format's directives in the runtime's time zone and its default
 * (en-US) names, for the layouts of granularities and the data model's `custom-time` formats.
 * Our own small implementation: week numbers and days of the year are counted on calendar days,
 * so clock changes cannot shift them.
 */

type Directive = (date: Date, fill: string) => string | number;

const DAYS = 'Sunday Monday Tuesday Wednesday Thursday Friday Saturday'.split(' ');
const MONTHS = 'January February March April May June July August September October November December'.split(
  ' ',
);
/** The pad modifiers: `%-d` no padding, `%_d` spaces, `%0d` zeros. */
const FILLS = new Map([
  ['-', ''],
  ['_', ' '],
  ['0', '0'],
]);

/** `value` as decimal digits, filled on the left to `width`; a minus sign stays in front. */
function pad(value: number, fill: string, width: number): string {
  const digits = String(Math.abs(value));
  return (value < 0 ? '-' : '') + (fill ? digits.padStart(width, fill) : digits);
}

/** Days since 1970-01-01 of a calendar date (years 0-99 as written, not 1900-1999). */
function dayNumber(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  return Math.round(date.getTime() / 86_400_000);
}

const localDay = (date: Date) => dayNumber(date.getFullYear(), date.getMonth(), date.getDate());
const weekday = (day: number) => (((day + 4) % 7) + 7) % 7;
const yearOf = (day: number) => new Date(day * 86_400_000).getUTCFullYear();

/** Weeks since the first `firstDay` (0 Sunday, 1 Monday) of the date's year; days before it are week 0. */
function weekOfYear(date: Date, firstDay: number): number {
  const weekStart = (day: number) => day - ((weekday(day) - firstDay + 7) % 7);
  return (weekStart(localDay(date)) - weekStart(dayNumber(date.getFullYear(), 0, 0))) / 7;
}

/** The Thursday of the date's ISO week (Monday to Sunday): its year is the ISO year. */
const isoThursday = (date: Date) => {
  const day = localDay(date);
  return day - (weekday(day) || 7) + 4;
};

const DIRECTIVES = new Map<string, Directive>([
  ['a', (d) => DAYS[d.getDay()].slice(0, 3)],
  ['A', (d) => DAYS[d.getDay()]],
  ['b', (d) => MONTHS[d.getMonth()].slice(0, 3)],
  ['B', (d) => MONTHS[d.getMonth()]],
  ['c', (d) => formatTime('%x, %X', d)],
  ['d', (d, fill) => pad(d.getDate(), fill, 2)],
  ['e', (d, fill) => pad(d.getDate(), fill, 2)],
  ['f', (d, fill) => `${pad(d.getMilliseconds(), fill, 3)}000`],
  ['g', (d, fill) => pad(yearOf(isoThursday(d)) % 100, fill, 2)],
  ['G', (d, fill) => pad(yearOf(isoThursday(d)) % 10000, fill, 4)],
  ['H', (d, fill) => pad(d.getHours(), fill, 2)],
  ['I', (d, fill) => pad(d.getHours() % 12 || 12, fill, 2)],
  ['j', (d, fill) => pad(1 + localDay(d) - dayNumber(d.getFullYear(), 0, 1), fill, 3)],
  ['L', (d, fill) => pad(d.getMilliseconds(), fill, 3)],
  ['m', (d, fill) => pad(d.getMonth() + 1, fill, 2)],
  ['M', (d, fill) => pad(d.getMinutes(), fill, 2)],
  ['p', (d) => (d.getHours() >= 12 ? 'PM' : 'AM')],
  ['q', (d) => 1 + Math.floor(d.getMonth() / 3)],
  ['Q', (d) => d.getTime()],
  ['s', (d) => Math.floor(d.getTime() / 1000)],
  ['S', (d, fill) => pad(d.getSeconds(), fill, 2)],
  ['u', (d) => d.getDay() || 7],
  ['U', (d, fill) => pad(weekOfYear(d, 0), fill, 2)],
  [
    'V',
    (d, fill) => {
      const thursday = isoThursday(d);
      return pad(Math.floor((thursday - dayNumber(yearOf(thursday), 0, 1)) / 7) + 1, fill, 2);
    },
  ],
  ['w', (d) => d.getDay()],
  ['W', (d, fill) => pad(weekOfYear(d, 1), fill, 2)],
  ['x', (d) => formatTime('%-m/%-d/%Y', d)],
  ['X', (d) => formatTime('%-I:%M:%S %p', d)],
  ['y', (d, fill) => pad(d.getFullYear() % 100, fill, 2)],
  ['Y', (d, fill) => pad(d.getFullYear() % 10000, fill, 4)],
  [
    'Z',
    (d) => {
      const offset = -d.getTimezoneOffset();
      return `${offset < 0 ? '-' : '+'}${pad(Math.trunc(Math.abs(offset) / 60), '0', 2)}${pad(Math.abs(offset) % 60, '0', 2)}`;
    },
  ],
  ['%', () => '%'],
]);

/**
 * Formats `date` with a d3-time-format specifier: `%` directives with optional pad modifiers,
 * anything else as written; an unknown directive shows its letter.
 */
export function formatTime(specifier: string, date: Date): string {
  let out = '';
  for (let i = 0; i < specifier.length; i++) {
    if (specifier[i] !== '%') {
      out += specifier[i];
      continue;
    }
    let name = specifier.charAt(++i);
    let fill = FILLS.get(name);
    if (fill === undefined) fill = name === 'e' ? ' ' : '0';
    else name = specifier.charAt(++i);
    const directive = DIRECTIVES.get(name);
    out += directive ? String(directive(date, fill)) : name;
  }
  return out;
}
