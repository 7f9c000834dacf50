/**
 * The time-helper differential cases, shared by the in-process Jest run and the child processes
 * that run them under other host time zones (differential.test.ts). Each property calls a helper
 * of ours and of `@cubejs-client/core` 1.7.43 on the same generated input and compares what an app
 * could observe: formatted dates, instants, series, thrown or not.
 *
 * Generated timestamps avoid the hours a US DST change skips or repeats: they fall in January,
 * February or June–August, never at 02:xx, and sub-day arithmetic stays within such a window. There
 * the published client follows the host clock and ours the wall clock (a documented difference),
 * and everywhere else they must agree to the millisecond.
 */
import * as theirs from '@cubejs-client/core';
import fc from 'fast-check';
import * as ours from '../../src/index';
import { canonical, canonicalOutcome, outcome } from '../result/compare';

/** The dayjs subset both date objects share. */
interface D {
  format(template?: string): string;
  valueOf(): number;
  isValid(): boolean;
  toJSON(): string | null;
  year(): number;
  month(): number;
  date(): number;
  day(): number;
  hour(): number;
  minute(): number;
  second(): number;
  millisecond(): number;
  isoWeekday(): number;
  quarter(): number;
  clone(): D;
  add(n: number, unit: string): D;
  subtract(n: number, unit: string): D;
  startOf(unit: string): D;
  endOf(unit: string): D;
  isBefore(other: unknown, unit?: string): boolean;
  isAfter(other: unknown, unit?: string): boolean;
  isSame(other: unknown, unit?: string): boolean;
}
interface Range {
  by(unit: string): D[];
  snapTo(unit: string): Range;
  start: D;
  end: D;
}
type Granularity = { interval: string; origin?: string; offset?: string };
/** The time helpers as both libraries export them. */
interface TimeLib {
  internalDayjs(value?: unknown): D;
  addInterval(date: D, interval: Record<string, number>): D;
  subtractInterval(date: D, interval: Record<string, number>): D;
  parseSqlInterval(interval: string): Record<string, number>;
  dayRange(from: unknown, to: unknown, annotations?: Record<string, { granularity?: Granularity }>): Range;
  TIME_SERIES: Record<string, (range: Range) => string[]>;
  timeSeriesFromCustomInterval(from: string, to: string, granularity: Granularity): string[];
  granularityFor(date: string): string;
  diffTimeUnitForInterval(interval: string): string;
  minGranularityForIntervals(a: string, b: string): string;
  isPredefinedGranularity(granularity: string): boolean;
}
const OURS = ours as unknown as TimeLib;
const THEIRS = theirs as unknown as TimeLib;

export interface TimeReport {
  /** The host's offset on 1 January, in minutes (proves which TZ a child ran under). */
  offsetJan: number;
  cases: number;
  failures: string[];
  /** An hourly series and a 1-hour step across the US spring-forward night, from both libraries. */
  dst: { ours: unknown; theirs: unknown };
}

const FULL = 'YYYY-MM-DDTHH:mm:ss.SSS';
/** Every dayjs format token, and text that only looks like tokens. */
const TEMPLATE = 'YYYY YY M MM MMM MMMM D DD d dd ddd dddd H HH h hh a A m mm s ss SSS Z ZZ [YYYY at] Q W T';
const UNITS = [
  'year',
  'quarter',
  'month',
  'week',
  'isoWeek',
  'day',
  'date',
  'hour',
  'minute',
  'second',
  'millisecond',
];
const UNIT_SPELLINGS = [
  ...UNITS,
  'years',
  'Months',
  'd',
  'D',
  'M',
  'y',
  'h',
  'm',
  's',
  'ms',
  'Q',
  'w',
  'fortnight',
  '',
];

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** A wall clock in a DST-free window: January, February or June–August, never at 02:xx. */
const safeFields = fc.record({
  year: fc.integer({ min: 1995, max: 2035 }),
  month: fc.constantFrom(0, 1, 5, 6, 7),
  day: fc.integer({ min: 1, max: 28 }),
  hour: fc.constantFrom(0, 0, 0, 1, 3, 9, 12, 17, 23),
  minute: fc.constantFrom(0, 0, 0, 1, 30, 59),
  second: fc.constantFrom(0, 0, 0, 1, 59),
  ms: fc.constantFrom(0, 0, 0, 1, 500, 999),
});
type Fields = typeof safeFields extends fc.Arbitrary<infer T> ? T : never;

const stampOf = (f: Fields): string =>
  `${f.year}-${pad(f.month + 1)}-${pad(f.day)}T${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}.${pad(f.ms, 3)}`;

/** The shapes a date reaches these helpers in: Cube's timestamps, looser strings, zoned strings, Dates, numbers. */
const dateInput = safeFields.chain((f) => {
  const stamp = stampOf(f);
  return fc.constantFrom<unknown>(
    stamp,
    stamp,
    `${f.year}-${pad(f.month + 1)}-${pad(f.day)}`,
    `${f.year}-${f.month + 1}-${f.day} ${f.hour}:${pad(f.minute)}`,
    `${f.year}-${pad(f.month + 1)}`,
    `${f.year}`,
    `${stamp}Z`,
    `${stamp}123`,
    `${stamp.slice(0, 19)}+02:00`,
    Date.UTC(f.year, f.month, f.day, f.hour),
    new Date(Date.UTC(f.year, f.month, f.day, f.hour, f.minute)),
    'not a date',
  );
});

/** Compares one call on both libraries; records a failure with its input. */
function comparer(report: TimeReport) {
  return (label: string, call: (lib: TimeLib) => unknown, input?: unknown): void => {
    report.cases++;
    const got = canonicalOutcome(outcome(() => call(OURS)));
    const want = canonicalOutcome(outcome(() => call(THEIRS)));
    if (got !== want && report.failures.length < 20) {
      report.failures.push(
        `${label} ${canonical(input)}\n  ours:   ${got.slice(0, 400)}\n  theirs: ${want.slice(0, 400)}`,
      );
    }
  };
}

/** What an app can read off a date object. */
const profile = (d: D): unknown[] => [
  d.format(),
  d.format(TEMPLATE),
  d.valueOf(),
  d.isValid(),
  d.toJSON(),
  [d.year(), d.month(), d.date(), d.day(), d.hour(), d.minute(), d.second(), d.millisecond()],
  [d.isoWeekday(), d.quarter()],
];

/** A positive interval of calendar units, or of sub-day units with small amounts. */
const calendarInterval = fc
  .array(
    fc.tuple(
      fc.integer({ min: 1, max: 5 }),
      fc.constantFrom('year', 'years', 'quarter', 'month', 'months', 'week', 'weeks', 'day', 'days'),
    ),
    { minLength: 1, maxLength: 2 },
  )
  .map((parts) => parts.map(([n, u]) => `${n} ${u}`).join(' '));
const clockInterval = fc
  .array(
    fc.tuple(
      fc.integer({ min: 1, max: 12 }),
      fc.constantFrom('hour', 'hours', 'minute', 'minutes', 'second', 'seconds'),
    ),
    { minLength: 1, maxLength: 2 },
  )
  .map((parts) => parts.map(([n, u]) => `${n} ${u}`).join(' '));

type Check = ReturnType<typeof comparer>;
type Run = (same: Check, runs: number, seed: number) => void;

const prop = <Ts extends [unknown, ...unknown[]]>(
  runs: number,
  seed: number,
  arbitraries: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> },
  body: (...args: Ts) => void,
): void => {
  fc.assert(
    fc.property(...arbitraries, (...args: Ts) => {
      body(...args);
    }),
    { seed, numRuns: runs },
  );
};

const runs: Record<string, Run> = {
  internalDayjs(same, n, seed) {
    prop(n, seed, [dateInput], (input) => {
      same('internalDayjs', (lib) => profile(lib.internalDayjs(input)), input);
      same('internalDayjs clone', (lib) => lib.internalDayjs(lib.internalDayjs(input)).format(FULL), input);
    });
    same('internalDayjs(null)', (lib) => profile(lib.internalDayjs(null)));
    // Now: both read the host clock at almost the same moment.
    same('internalDayjs()', (lib) => Math.round(lib.internalDayjs().valueOf() / 60_000));
  },
  startOfAndEndOf(same, n, seed) {
    prop(n, seed, [dateInput], (input) => {
      for (const unit of UNIT_SPELLINGS) {
        same(
          `startOf/endOf ${unit}`,
          (lib) => {
            const d = lib.internalDayjs(input);
            return [d.startOf(unit).format(FULL), d.endOf(unit).format(FULL), d.startOf(unit).valueOf()];
          },
          input,
        );
      }
    });
  },
  addAndSubtract(same, n, seed) {
    const calendar = fc.tuple(
      fc.integer({ min: -40, max: 40 }),
      fc.constantFrom('year', 'quarter', 'Q', 'month', 'M', 'week', 'w', 'day', 'days', 'd'),
    );
    const clock = fc.tuple(
      fc.integer({ min: -30, max: 30 }),
      fc.constantFrom(
        'hour',
        'h',
        'minute',
        'm',
        'second',
        's',
        'millisecond',
        'ms',
        'date',
        'D',
        'fortnight',
      ),
    );
    prop(n, seed, [safeFields, fc.oneof(calendar, clock)], (f, [amount, unit]) => {
      const stamp = stampOf(f);
      same(
        `add/subtract ${amount} ${unit}`,
        (lib) => {
          const d = lib.internalDayjs(stamp);
          return [
            d.add(amount, unit).format(FULL),
            d.subtract(amount, unit).format(FULL),
            d.add(amount, unit).valueOf(),
          ];
        },
        stamp,
      );
    });
  },
  comparisons(same, n, seed) {
    prop(n, seed, [safeFields, safeFields, fc.constantFrom(undefined, ...UNITS)], (a, b, unit) => {
      // Half the pairs share a unit, so that "same month" and "before the end of the week" are tested.
      const other = { ...b, year: a.year, month: b.month === 1 ? a.month : b.month };
      for (const [x, y] of [
        [stampOf(a), stampOf(other)],
        [stampOf(a), stampOf(a)],
      ]) {
        same(
          `isBefore/isAfter/isSame ${unit}`,
          (lib) => {
            const d = lib.internalDayjs(x);
            const e = lib.internalDayjs(y);
            return [
              d.isBefore(e, unit),
              d.isAfter(e, unit),
              d.isSame(e, unit),
              d.isBefore(y, unit),
              d.isSame(y, unit),
            ];
          },
          [x, y],
        );
      }
    });
  },
  intervals(same, n, seed) {
    const malformed = fc.constantFrom(
      '',
      '1',
      '1 day 2',
      ' 1 day',
      'abc def',
      '1  days',
      '-2 months 5 days -10 hours',
      '1.5 hours',
      '2 years 15 months 100 weeks 99 hours 15 seconds',
      '1 DAYS',
    );
    prop(n, seed, [fc.oneof(calendarInterval, clockInterval, malformed)], (interval) => {
      same('parseSqlInterval', (lib) => lib.parseSqlInterval(interval), interval);
    });
    prop(n, seed, [safeFields, fc.oneof(calendarInterval, clockInterval)], (f, interval) => {
      const stamp = stampOf(f);
      const parsed = OURS.parseSqlInterval(interval);
      same(
        'addInterval/subtractInterval',
        (lib) => {
          const d = lib.internalDayjs(stamp);
          return [lib.addInterval(d, parsed).format(FULL), lib.subtractInterval(d, parsed).format(FULL)];
        },
        [stamp, interval],
      );
      // Ours also moves a dayjs object, as code written against the published client passes one.
      same(
        'addInterval on a dayjs object',
        (lib) => {
          const d = THEIRS.internalDayjs(stamp);
          return [lib.addInterval(d, parsed).format(FULL), lib.subtractInterval(d, parsed).format(FULL)];
        },
        [stamp, interval],
      );
    });
  },
  dayRangeAndSeries(same, n, seed) {
    // How far a range may reach for each walk, so every series stays short.
    const reach: Record<string, [number, string]> = {
      second: [120, 'second'],
      minute: [120, 'minute'],
      hour: [48, 'hour'],
      day: [120, 'day'],
      week: [60, 'week'],
      month: [36, 'month'],
      quarter: [20, 'quarter'],
      year: [15, 'year'],
    };
    const granularities = Object.keys(reach);
    prop(
      n,
      seed,
      [
        safeFields,
        fc.constantFrom(...granularities),
        fc.double({ min: -0.1, max: 1, noNaN: true }),
        fc.boolean(),
      ],
      (f, g, share, dateOnly) => {
        const [steps, unit] = reach[g] as [number, string];
        const from = dateOnly ? stampOf(f).slice(0, 10) : stampOf(f);
        const toDate = OURS.internalDayjs(stampOf(f)).add(Math.round(steps * share), unit);
        // Sub-day ranges end inside the same DST-free window.
        const to = ['second', 'minute', 'hour'].includes(g)
          ? toDate.format(FULL)
          : toDate.format(dateOnly ? 'YYYY-MM-DD' : FULL);
        same(`TIME_SERIES.${g}`, (lib) => lib.TIME_SERIES[g]?.(lib.dayRange(from, to)), [from, to]);
        same(
          `TIME_SERIES.${g} on a published dayRange`,
          (lib) => lib.TIME_SERIES[g]?.(THEIRS.dayRange(from, to)),
          [from, to],
        );
        same(
          `dayRange ${g}`,
          (lib) => {
            const range = lib.dayRange(from, to);
            const snapped = range.snapTo(g);
            return [
              range.start.format(FULL),
              range.end.format(FULL),
              snapped.start.format(FULL),
              snapped.end.format(FULL),
              range.by(unit).map((d) => d.format(FULL)),
            ];
          },
          [from, to],
        );
      },
    );
  },
  customGranularities(same, n, seed) {
    const thisYear = new Date().getFullYear();
    const anchors = fc.constantFrom('origin', 'offset', 'none');
    prop(
      n,
      seed,
      [safeFields, fc.boolean(), fc.integer({ min: -30, max: 30 }), fc.integer({ min: 0, max: 40 }), anchors],
      (f, clock, originSteps, length, anchor) => {
        const interval = fc.sample(clock ? clockInterval : calendarInterval, {
          seed: f.year * 31 + f.day,
          numRuns: 1,
        })[0] as string;
        const parsed = OURS.parseSqlInterval(interval);
        // Without an origin, buckets align to the start of this year, so the series stays near it; sub-day
        // series start in January or June–July, so 40 steps and 30 steps back stay clear of DST changes.
        const fields = {
          ...f,
          year: anchor === 'origin' ? f.year : thisYear,
          month: clock ? (anchor === 'origin' ? [0, 5, 6][f.month % 3] : 0) : f.month,
        } as Fields;
        const from = stampOf(fields);
        let to = OURS.internalDayjs(from);
        let origin = to;
        for (let i = 0; i < length; i++) to = OURS.addInterval(to, parsed);
        for (let i = 0; i < Math.abs(originSteps); i++) {
          origin = originSteps > 0 ? OURS.addInterval(origin, parsed) : OURS.subtractInterval(origin, parsed);
        }
        const granularity: Granularity = { interval };
        if (anchor === 'origin') granularity.origin = origin.format(FULL);
        if (anchor === 'offset') granularity.offset = clock ? '90 minutes' : '2 days';
        const end = to.format(FULL);
        const input = [from, end, granularity];
        same(
          'timeSeriesFromCustomInterval',
          (lib) => lib.timeSeriesFromCustomInterval(from, end, granularity),
          input,
        );
        const annotations = { 'Orders.createdAt.plain': {}, 'Orders.createdAt.fiscal': { granularity } };
        same(
          'dayRange snapTo a custom granularity',
          (lib) => {
            const snapped = lib.dayRange(from, end, annotations).snapTo('fiscal');
            return [
              snapped.start.format(FULL),
              snapped.end.format(FULL),
              lib.dayRange(from, from, annotations).snapTo('plain').end.format(FULL),
            ];
          },
          input,
        );
      },
    );
  },
  granularityNames(same, n, seed) {
    const aligned = safeFields.chain((f) =>
      fc.constantFrom(
        { ...f, ms: 0 },
        { ...f, ms: 0, second: 0 },
        { ...f, ms: 0, second: 0, minute: 0 },
        { ...f, ms: 0, second: 0, minute: 0, hour: 0 },
        { ...f, ms: 0, second: 0, minute: 0, hour: 0, day: 1 },
        { ...f, ms: 0, second: 0, minute: 0, hour: 0, day: 1, month: 0 },
        f,
      ),
    );
    prop(n, seed, [aligned, fc.boolean()], (f, zoned) => {
      const stamp = stampOf(f) + (zoned ? 'Z' : '');
      same('granularityFor', (lib) => lib.granularityFor(stamp), stamp);
    });
    const words = fc.constantFrom(
      '1 second',
      '2 MINUTES',
      '3 Hours',
      'day',
      '2 weeks',
      '1 month',
      'quarter',
      '1 year',
      '',
      'fortnight',
      '1 month 2 days',
      '5 minutes 1 year',
    );
    prop(n, seed, [words, words], (a, b) => {
      same('diffTimeUnitForInterval', (lib) => lib.diffTimeUnitForInterval(a), a);
      same('minGranularityForIntervals', (lib) => lib.minGranularityForIntervals(a, b), [a, b]);
    });
    for (const name of [...UNIT_SPELLINGS, 'Day', 'fiscalYear', 'weeks']) {
      same('isPredefinedGranularity', (lib) => lib.isPredefinedGranularity(name), name);
    }
  },
};

// The published client walks ranges with dayjs, about 30 times slower than ours: fewer runs there.
const COSTLY = new Set(['dayRangeAndSeries', 'customGranularities', 'startOfAndEndOf']);

const acrossSpringForward = (lib: TimeLib): unknown => [
  lib.TIME_SERIES.hour?.(lib.dayRange('2024-03-10T00:00:00.000', '2024-03-10T05:00:00.000')),
  lib.internalDayjs('2024-03-10T01:30:00.000').add(1, 'hour').format(FULL),
];

/** Runs every property with `runs` runs from `seed`; the failures name the helper and the input. */
export function compareTimeHelpers(seed: number, runsPerProperty: number): TimeReport {
  const report: TimeReport = {
    offsetJan: new Date(2024, 0, 1).getTimezoneOffset(),
    cases: 0,
    failures: [],
    dst: { ours: acrossSpringForward(OURS), theirs: acrossSpringForward(THEIRS) },
  };
  const same = comparer(report);
  for (const [name, run] of Object.entries(runs)) {
    if (process.env.TIME_ONLY && process.env.TIME_ONLY !== name) continue;
    try {
      run(same, COSTLY.has(name) ? Math.ceil(runsPerProperty / 8) : runsPerProperty, seed);
    } catch (e) {
      report.failures.push(`${name}: ${String(e).slice(0, 600)}`);
    }
  }
  return report;
}
