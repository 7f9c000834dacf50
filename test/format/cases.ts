/**
 * Seeded generators of calls to the three formatting functions, for the differential tests: every
 * format kind (named, custom d3 specifiers, ids, links, booleans, times by granularity), locales
 * pinned, read from `Intl` and invalid, currencies real and odd, and values of every shape a Cube
 * response or a careless caller gives (numeric strings, huge and tiny numbers, NaN, nulls, Dates,
 * objects).
 */
import fc from 'fast-check';

/** One call: `probes` are the values a `getFormat` result's `formatFunc` is applied to. */
export type FormatCase =
  | { call: 'formatValue'; args: [unknown, unknown] }
  | { call: 'getFormat'; args: [unknown, unknown]; probes: unknown[] }
  | { call: 'formatDateByGranularity'; args: [unknown, unknown] };

/** The brief's six, every locale with fixed separators, more read from `Intl`, and broken tags. */
export const LOCALES: unknown[] = [
  'en-US',
  'de-DE',
  'fr-FR',
  'ja-JP',
  'hi-IN',
  'ar-EG',
  'en-GB',
  'zh-CN',
  'es-ES',
  'es-MX',
  'pt-BR',
  'ko-KR',
  'it-IT',
  'nl-NL',
  'ru-RU',
  'en-IN',
  'de-CH',
  'fr-CA',
  'sv-SE',
  'pl-PL',
  'fa-IR',
  'bn-BD',
  'th-TH-u-nu-thai',
  'de',
  'fr',
  'ar',
  'de_DE',
  'not a locale',
  '',
  'xx-YY',
  // JavaScript callers may pass what Intl takes: lists of tags; and null.
  ['fr-FR'],
  ['de-DE', 'en-US'],
  null,
];
export const CURRENCIES = [
  'USD',
  'EUR',
  'GBP',
  'JPY',
  'INR',
  'KRW',
  'CNY',
  'RUB',
  'CHF',
  'BRL',
  'SEK',
  'eur',
  'XXX',
  'ABCD',
  '',
];
export const GRANULARITIES = [
  'second',
  'minute',
  'hour',
  'day',
  'week',
  'month',
  'quarter',
  'year',
  'fiscal_year',
  'half_year',
  'week_starting_wednesday',
  '',
  'DAY',
];
const FAMILIES = ['number', 'decimal', 'currency', 'percent', 'abbr', 'accounting'];
export const NAMED_FORMATS = [
  ...FAMILIES.flatMap((family) => [family, ...[0, 1, 2, 3, 4, 5, 6].map((digits) => `${family}_${digits}`)]),
  'id',
  'imageUrl',
  'link',
  '',
  'number_7',
  'Percent',
  'abbr_',
  'currency_10',
  'decimal_-1',
  'custom',
  'other',
];

/** d3-format specifiers built from their grammar, `[[fill]align][sign][symbol][0][width][,][.precision][~][type]`, and a few invalid ones. */
export const numericSpecifier: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 9,
    arbitrary: fc
      .tuple(
        fc.constantFrom('', '<', '>', '^', '=', '*>', '_^', '0='),
        fc.constantFrom('', '-', '+', '(', ' '),
        fc.constantFrom('', '$', '#'),
        fc.constantFrom('', '0'),
        fc.constantFrom('', '1', '8', '12', '20'),
        fc.constantFrom('', ','),
        fc.constantFrom('', '.0', '.1', '.2', '.3', '.6', '.12'),
        fc.constantFrom('', '~'),
        fc.constantFrom('', 'e', 'f', 'g', 'r', 's', '%', 'p', 'b', 'o', 'd', 'x', 'X', 'c', 'n'),
      )
      .map((parts) => parts.join('')),
  },
  { weight: 1, arbitrary: fc.constantFrom('invalid', '.2z', '%%', ',.2f$') },
);

const TIME_DIRECTIVES = 'aAbBcdefgGHIjLmMpqQsSuUVwWxXyYZ%'.split('');
/** d3-time-format specifiers: directives (with pad modifiers), literals, and unknown directives. */
export const timeSpecifier: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      {
        weight: 4,
        arbitrary: fc
          .tuple(fc.constantFrom('', '', '-', '_', '0'), fc.constantFrom(...TIME_DIRECTIVES))
          .map(([pad, d]) => `%${pad}${d}`),
      },
      { weight: 2, arbitrary: fc.constantFrom('-', ' ', '/', ':', 'T', ', ', 'W', 'Q') },
      { weight: 1, arbitrary: fc.constantFrom('%k', '%', 'text') },
    ),
    { minLength: 0, maxLength: 6 },
  )
  .map((tokens) => tokens.join(''));

const format = fc.oneof(
  { weight: 2, arbitrary: fc.constant(undefined) },
  { weight: 6, arbitrary: fc.constantFrom(...NAMED_FORMATS) },
  { weight: 3, arbitrary: numericSpecifier.map((value) => ({ type: 'custom-numeric', value })) },
  { weight: 2, arbitrary: timeSpecifier.map((value) => ({ type: 'custom-time', value })) },
  { weight: 1, arbitrary: fc.constantFrom(null, { type: 'link', label: 'Open' }, { type: 'other' }, 5) },
);

const member = fc.record(
  {
    type: fc.constantFrom('number', 'number', 'string', 'time', 'boolean', 'geo'),
    format,
    currency: fc.constantFrom(...CURRENCIES),
    granularity: fc.constantFrom(...GRANULARITIES),
  },
  { requiredKeys: ['type'] },
);

const LOW = Date.UTC(-300, 0, 1);
const HIGH = Date.UTC(10300, 0, 1);
const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');
/** Cube's timestamp layout, `YYYY-MM-DDTHH:mm:ss.SSS` without a zone: local time when parsed. */
const cubeTimestamp = (ms: number) => {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
};

/**
 * Night hours in the months where zones change their clocks (March, April, September to
 * November): as Cube timestamps these are wall-clock times in and around DST gaps and overlaps.
 */
const nearClockChange = fc
  .tuple(
    fc.integer({ min: 1995, max: 2035 }),
    fc.constantFrom(2, 3, 8, 9, 10),
    fc.integer({ min: 1, max: 31 }),
    fc.integer({ min: 0, max: 3 }),
    fc.integer({ min: 0, max: 59 }),
  )
  .map(([year, month, day, hour, minute]) => Date.UTC(year, month, day, hour, minute));

/** Instants, mostly in years 1970-2040, a share near clock changes, some far away. */
const instant = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: Date.UTC(2040, 0, 1) }) },
  { weight: 2, arbitrary: nearClockChange },
  { weight: 1, arbitrary: fc.integer({ min: LOW, max: HIGH }) },
);

/** Time values as Cube and apps hand them over: Dates, ISO strings, Cube timestamps, epoch ms, junk. */
export const timeValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: instant.map(cubeTimestamp) },
  { weight: 2, arbitrary: instant.map((ms) => new Date(ms)) },
  { weight: 1, arbitrary: instant.map((ms) => new Date(ms).toISOString()) },
  { weight: 1, arbitrary: instant.map((ms) => cubeTimestamp(ms).slice(0, 10)) },
  { weight: 1, arbitrary: instant },
  {
    weight: 1,
    arbitrary: fc.constantFrom('not a date', '', '2024-13-45', NaN, null, undefined, new Date(NaN), true),
  },
);

/** Numbers and what passes for them: doubles of every size, numeric strings, and non-numbers. */
export const numberValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.double({ min: -1e7, max: 1e7, noNaN: true }) },
  { weight: 2, arbitrary: fc.integer({ min: -1e9, max: 1e9 }) },
  { weight: 2, arbitrary: fc.double() },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.double({ min: 1, max: 10, noNaN: true }), fc.integer({ min: -30, max: 30 }), fc.boolean())
      .map(([m, e, neg]) => (neg ? -1 : 1) * m * 10 ** e),
  },
  {
    weight: 3,
    arbitrary: fc
      .double({ noNaN: true, noDefaultInfinity: true })
      .chain((n) => fc.constantFrom(String(n), n.toFixed(2), n.toExponential(3), ` ${n}`, `${n}abc`)),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      0,
      -0,
      NaN,
      Infinity,
      -Infinity,
      Number.MAX_VALUE,
      Number.MIN_VALUE,
      1e21,
      123456789012345680000,
      0.1 + 0.2,
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '',
      'abc',
      '0x1A',
      '1e5',
      '1,234.5',
      '  42  ',
      '∅',
      null,
      undefined,
      true,
      false,
      '0',
      '1',
      'true',
      'false',
      10n,
      [],
      [7],
      {},
      new Date(0),
    ),
  },
);

const anyValue = fc.oneof({ weight: 3, arbitrary: numberValue }, { weight: 1, arbitrary: timeValue });

/** `formatValue(value, options)`: values suited to the member's type most of the time. */
export const formatValueCase: fc.Arbitrary<FormatCase> = member.chain((m) =>
  fc
    .tuple(
      m.type === 'time' || (typeof m.format === 'object' && m.format?.type === 'custom-time')
        ? fc.oneof(timeValue, anyValue)
        : anyValue,
      fc.option(fc.constantFrom(...LOCALES), { nil: undefined }),
      fc.option(fc.constantFrom('∅', '-', '', 'n/a'), { nil: undefined, freq: 3 }),
    )
    .map(([value, locale, emptyPlaceholder]) => {
      const options: Record<string, unknown> = { ...m };
      if (locale !== undefined) options.locale = locale;
      if (emptyPlaceholder !== undefined) options.emptyPlaceholder = emptyPlaceholder;
      return { call: 'formatValue', args: [value, options] } as FormatCase;
    }),
);

/** `getFormat(member, options)`: the specifier, and the formatter applied to five values. */
export const getFormatCase: fc.Arbitrary<FormatCase> = fc
  .tuple(
    member,
    fc.option(fc.record({ locale: fc.constantFrom(...LOCALES) }), { nil: undefined }),
    fc.array(anyValue, { minLength: 5, maxLength: 5 }),
  )
  .map(([m, options, probes]) => ({ call: 'getFormat', args: [m, options], probes }));

/** `formatDateByGranularity(value, granularity)`. */
export const dateCase: fc.Arbitrary<FormatCase> = fc
  .tuple(timeValue, fc.option(fc.constantFrom(...GRANULARITIES), { nil: undefined }))
  .map(([value, granularity]) => ({ call: 'formatDateByGranularity', args: [value, granularity] }));

/** Time-zone sensitive calls: dates by granularity and custom time formats. */
export const timeCase: fc.Arbitrary<FormatCase> = fc.oneof(
  dateCase,
  fc.tuple(timeValue, timeSpecifier).map(
    ([value, spec]) =>
      ({
        call: 'formatValue',
        args: [value, { type: 'time', format: { type: 'custom-time', value: spec } }],
      }) as FormatCase,
  ),
  fc
    .tuple(timeValue, fc.constantFrom(...GRANULARITIES))
    .map(
      ([value, granularity]) =>
        ({ call: 'formatValue', args: [value, { type: 'time', granularity }] }) as FormatCase,
    ),
);

/** Every directive at once, with and without pad modifiers. */
export const ALL_DIRECTIVES = TIME_DIRECTIVES.map((d) => `%${d} %-${d} %_${d}`).join('|');

/**
 * Every day around each new year (Dec 20 – Jan 10) from 1969 to 2041 and in a few far years, at
 * 00:30 and 12:00 local time: where week numbers, ISO years and days of the year turn over.
 */
export function yearBoundaryCases(): FormatCase[] {
  const years = [-1, 0, 1, 99, 100, 1582, 1900, ...Array.from({ length: 73 }, (_, i) => 1969 + i), 9999];
  const cases: FormatCase[] = [];
  for (const year of years)
    for (let offset = -12; offset <= 10; offset++)
      for (const time of ['00:30', '12:00']) {
        const day = new Date(0);
        day.setUTCFullYear(year, 0, 1 + offset);
        const stamp = `${cubeTimestamp(day.getTime()).slice(0, 10)}T${time}:00.000`;
        const value = year < 0 || year > 9999 ? new Date(day.getTime()) : stamp;
        cases.push({
          call: 'formatValue',
          args: [value, { type: 'time', format: { type: 'custom-time', value: ALL_DIRECTIVES } }],
        });
      }
  return cases;
}
