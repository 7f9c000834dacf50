/**
 * What the formatting entry promises beyond the generated comparisons: the examples of its docs,
 * the places where we differ from the published formatter on purpose, and that an app's d3
 * default number locale applies where the published formatter applies it.
 */
import { formatDefaultLocale } from 'd3-format';
import { timeFormatDefaultLocale, type TimeLocaleDefinition } from 'd3-time-format';
import * as theirs from '@cubejs-client/core/format';
import { formatDateByGranularity, formatValue, getFormat } from '../../src/format';

describe('the documented examples', () => {
  test('formatValue', () => {
    expect(formatValue(0.1234, { type: 'number', format: 'percent' })).toBe('12.34%');
    expect(formatValue(1234567.891, { type: 'number', locale: 'de-DE' })).toBe('1.234.567,89');
    expect(formatValue(null, { type: 'string' })).toBe('∅');
    expect(formatValue(undefined, { type: 'number', emptyPlaceholder: '-' })).toBe('-');
  });

  test('getFormat', () => {
    const { formatString, formatFunc } = getFormat(
      { type: 'number', format: 'currency', currency: 'EUR' },
      { locale: 'de-DE' },
    );
    expect(formatString).toBe('$,.2~f');
    expect(formatFunc('1234.5')).toBe('1.234,5€');
  });

  test('formatDateByGranularity, in the local time zone', () => {
    const value = '2024-03-05T14:30:00.000';
    expect(formatDateByGranularity(value, 'quarter')).toBe('2024-Q1');
    expect(formatDateByGranularity(value, 'week')).toBe('2024-03-05 W10');
    expect(formatDateByGranularity(value, 'month')).toBe('2024 Mar');
    expect(formatDateByGranularity(value, 'fiscal_year')).toBe('2024-03-05 14:30:00');
    expect(formatDateByGranularity('soon', 'day')).toBe('Invalid date');
  });

  test('named formats map onto d3 specifiers, trimming only where there are decimals', () => {
    const specifier = (format: string) => getFormat({ type: 'number', format } as never).formatString;
    expect(specifier('currency_0')).toBe('$,.0f');
    expect(specifier('abbr_0')).toBe('.0~s');
    expect(specifier('accounting_4')).toBe('(,.4~f');
    expect(specifier('decimal')).toBe(',.2~f');
    expect(specifier('number_7')).toBeNull();
  });

  test('a model with an invalid custom specifier still gets a format; values then throw as d3 does', () => {
    const { formatString, formatFunc } = getFormat({
      type: 'number',
      format: { type: 'custom-numeric', value: 'oops' },
    });
    expect(formatString).toBe('oops');
    expect(() => formatFunc(1)).toThrow('invalid format: oops');
  });
});

describe('deliberate differences from @cubejs-client/core/format', () => {
  test.each(['toString', 'constructor', '__proto__', 'hasOwnProperty'])(
    'format %p is an unknown name: the value as text, where the published formatter throws',
    (name) => {
      const member = { type: 'number', format: name } as never;
      expect(formatValue(1234.5, member)).toBe('1234.5');
      expect(() => theirs.formatValue(1234.5, member)).toThrow(/invalid format/);
    },
  );

  test("locale 'toString' is a tag for Intl, not a lookup into Object.prototype", () => {
    const options = { type: 'number', locale: 'toString' } as const;
    expect(formatValue(1234567.5, options)).toBe(formatValue(1234567.5, { type: 'number', locale: 'en' }));
    expect(theirs.formatValue(1234567.5, options)).toBe('1234567.5');
  });
});

describe("an app's d3 default number locale applies, as it does to the published ESM build", () => {
  afterEach(() => formatDefaultLocale({ decimal: '.', thousands: ',', grouping: [3], currency: ['$', ''] }));

  test('to ids and custom numeric specifiers', () => {
    const custom = { type: 'number', format: { type: 'custom-numeric', value: ',.2f' } } as const;
    const before = formatValue(1234.5, custom);
    formatDefaultLocale({ decimal: ',', thousands: '.', grouping: [3], currency: ['', ' €'] });
    expect(before).toBe('1,234.50');
    expect(formatValue(1234.5, custom)).toBe('1.234,50');
    expect(theirs.formatValue(1234.5, custom)).toBe('1.234,50');
  });
});

test('dates keep the English names whatever d3-time-format locale an app sets (a deliberate difference)', () => {
  const german = {
    dateTime: '%A %e %B %Y, %X',
    date: '%d.%m.%Y',
    time: '%H:%M:%S',
    periods: ['AM', 'PM'],
    days: ['Sonntag', 'Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag'],
    shortDays: ['So', 'Mo', 'Di', 'Mi', 'Do', 'Fr', 'Sa'],
    months: [
      'Januar',
      'Februar',
      'März',
      'April',
      'Mai',
      'Juni',
      'Juli',
      'August',
      'September',
      'Oktober',
      'November',
      'Dezember',
    ],
    shortMonths: ['Jan', 'Feb', 'Mrz', 'Apr', 'Mai', 'Jun', 'Jul', 'Aug', 'Sep', 'Okt', 'Nov', 'Dez'],
  } satisfies TimeLocaleDefinition;
  const english = timeFormatDefaultLocale(german);
  try {
    expect(formatDateByGranularity('2024-03-05T00:00:00.000', 'month')).toBe('2024 Mar');
    expect(theirs.formatDateByGranularity('2024-03-05T00:00:00.000', 'month')).toBe('2024 Mrz');
  } finally {
    timeFormatDefaultLocale({
      dateTime: '%x, %X',
      date: '%-m/%-d/%Y',
      time: '%-I:%M:%S %p',
      periods: ['AM', 'PM'],
      days: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
      shortDays: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
      months: [
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
      ],
      shortMonths: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
    });
  }
  expect(english).toBeDefined();
});

test('every getFormat call answers a fresh result, so changing one changes no other', () => {
  const first = getFormat({ type: 'string' });
  (first as { formatString: unknown }).formatString = 'changed';
  expect(getFormat({ type: 'string' }).formatString).toBeNull();
  expect(getFormat({ type: 'string' })).not.toBe(getFormat({ type: 'string' }));
});
