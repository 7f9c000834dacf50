/**
 * Time series and wall-clock arithmetic: fillMissingDates for every granularity, weeks starting on
 * Monday, custom granularities, and the helpers in src/result/time.ts.
 */
import { ResultSet as Theirs } from '@cubejs-client/core';
import { ResultSet } from '../../src/result/ResultSet';
import {
  addUnit,
  alignToOrigin,
  bucketOf,
  customTimeSeries,
  endOfUnit,
  formatWallClock,
  parseSqlInterval,
  parseWallClock,
  predefinedTimeSeries,
  startOfUnit,
} from '../../src/result/time';
import type { GranularityAnnotation, LoadResponse, Row } from '../../src/types/response';
import { countResponse } from './countResponse';

const w = (s: string): number => parseWallClock(s);

function response(
  granularity: string,
  dateRange: [string, string] | undefined,
  values: string[],
  custom?: GranularityAnnotation,
): LoadResponse {
  const member = `Orders.ts.${granularity}`;
  const data: Row[] = values.map((v, i) => ({ [member]: v, 'Orders.count': String(i + 1) }));
  const td = dateRange
    ? { dimension: 'Orders.ts', granularity, dateRange }
    : { dimension: 'Orders.ts', granularity };
  const query = { measures: ['Orders.count'], timeDimensions: [td] };
  const timeDimensions = custom
    ? { [member]: { title: 'Ts', shortTitle: 'Ts', type: 'time', granularity: custom } }
    : {};
  return countResponse(query, data, { timeDimensions });
}

describe('fillMissingDates', () => {
  const cases: Array<[string, [string, string], string[], string[]]> = [
    [
      'second',
      ['2024-01-05T10:00:00.000', '2024-01-05T10:00:03.000'],
      ['2024-01-05T10:00:01.000'],
      [
        '2024-01-05T10:00:00.000',
        '2024-01-05T10:00:01.000',
        '2024-01-05T10:00:02.000',
        '2024-01-05T10:00:03.000',
      ],
    ],
    [
      'minute',
      ['2024-01-05T10:58:00.000', '2024-01-05T11:01:00.000'],
      ['2024-01-05T11:00:00.000'],
      [
        '2024-01-05T10:58:00.000',
        '2024-01-05T10:59:00.000',
        '2024-01-05T11:00:00.000',
        '2024-01-05T11:01:00.000',
      ],
    ],
    [
      'hour',
      ['2024-01-05T22:00:00.000', '2024-01-06T01:00:00.000'],
      ['2024-01-06T00:00:00.000'],
      [
        '2024-01-05T22:00:00.000',
        '2024-01-05T23:00:00.000',
        '2024-01-06T00:00:00.000',
        '2024-01-06T01:00:00.000',
      ],
    ],
    [
      'day',
      ['2024-02-27', '2024-03-01'],
      ['2024-02-29T00:00:00.000'],
      [
        '2024-02-27T00:00:00.000',
        '2024-02-28T00:00:00.000',
        '2024-02-29T00:00:00.000',
        '2024-03-01T00:00:00.000',
      ],
    ],
    [
      'week',
      ['2024-01-03', '2024-01-22'],
      ['2024-01-08T00:00:00.000'],
      [
        '2024-01-01T00:00:00.000',
        '2024-01-08T00:00:00.000',
        '2024-01-15T00:00:00.000',
        '2024-01-22T00:00:00.000',
      ],
    ],
    [
      'month',
      ['2023-11-15', '2024-02-10'],
      ['2024-01-01T00:00:00.000'],
      [
        '2023-11-01T00:00:00.000',
        '2023-12-01T00:00:00.000',
        '2024-01-01T00:00:00.000',
        '2024-02-01T00:00:00.000',
      ],
    ],
    [
      'quarter',
      ['2023-08-15', '2024-04-01'],
      ['2023-10-01T00:00:00.000'],
      [
        '2023-07-01T00:00:00.000',
        '2023-10-01T00:00:00.000',
        '2024-01-01T00:00:00.000',
        '2024-04-01T00:00:00.000',
      ],
    ],
    [
      'year',
      ['2021-06-01', '2024-01-01'],
      ['2023-01-01T00:00:00.000'],
      [
        '2021-01-01T00:00:00.000',
        '2022-01-01T00:00:00.000',
        '2023-01-01T00:00:00.000',
        '2024-01-01T00:00:00.000',
      ],
    ],
  ];

  test.each(cases)(
    '%s: gaps are filled with 0 over the whole date range',
    (granularity, range, values, expected) => {
      const ours = new ResultSet(response(granularity, range, values));
      const rows = ours.chartPivot();
      expect(rows.map((r) => r.x)).toEqual(expected);
      expect(rows.map((r) => r['Orders.count'])).toEqual(expected.map((x) => (values.includes(x) ? 1 : 0)));
      expect(rows).toEqual(new Theirs(response(granularity, range, values) as never).chartPivot());
    },
  );

  test('weeks start on Monday, also for a range starting on a Sunday', () => {
    const series = predefinedTimeSeries('week', w('2024-03-03'), w('2024-03-17'), true);
    expect(series).toEqual(['2024-02-26T00:00:00.000', '2024-03-04T00:00:00.000', '2024-03-11T00:00:00.000']);
    for (const s of series) expect(new Date(`${s}Z`).getUTCDay()).toBe(1);
  });

  test('without a date range the series spans the values; rows off the series are dropped', () => {
    const rs = new ResultSet(
      response('day', undefined, [
        '2024-01-03T00:00:00.000',
        '2024-01-01T00:00:00.000',
        '2024-01-02T10:00:00.000',
      ]),
    );
    expect(rs.chartPivot().map((r) => [r.x, r['Orders.count']])).toEqual([
      ['2024-01-01T00:00:00.000', 2],
      ['2024-01-02T00:00:00.000', 0],
      ['2024-01-03T00:00:00.000', 1],
    ]);
  });

  test('fillMissingDates: false keeps only the rows; fillWithValue fills the gaps', () => {
    const rs = new ResultSet(response('day', ['2024-01-01', '2024-01-05'], ['2024-01-03T00:00:00.000']));
    expect(rs.chartPivot({ fillMissingDates: false }).map((r) => r.x)).toEqual(['2024-01-03T00:00:00.000']);
    expect(rs.chartPivot({ fillWithValue: null }).map((r) => r['Orders.count'])).toEqual([0, 0, 1, 0, 0]);
    expect(rs.tablePivot({ fillWithValue: '-' }).map((r) => r['Orders.count'])).toEqual([
      '-',
      '-',
      '1',
      '-',
      '-',
    ]);
  });

  test('custom granularity: buckets aligned to the origin', () => {
    const custom = { name: 'fortnight', title: 'Fortnight', interval: '2 weeks', origin: '2024-01-01' };
    const rs = new ResultSet(
      response('fortnight', ['2024-01-20', '2024-02-20'], ['2024-01-29T00:00:00.000'], custom),
    );
    expect(rs.chartPivot().map((r) => r.x)).toEqual([
      '2024-01-15T00:00:00.000',
      '2024-01-29T00:00:00.000',
      '2024-02-12T00:00:00.000',
    ]);
    expect(() => new ResultSet(response('fortnight', ['2024-01-20', '2024-02-20'], [])).chartPivot()).toThrow(
      'Granularity "fortnight" not found in time dimension "Orders.ts"',
    );
  });
});

describe('wall-clock helpers', () => {
  test('parse and format round-trip without the host time zone', () => {
    for (const s of ['2024-03-10T02:30:00.000', '2024-11-03T01:30:00.000', '1999-12-31T23:59:59.999']) {
      expect(formatWallClock(w(s))).toBe(s);
    }
    expect(formatWallClock(w('2024-03-10'))).toBe('2024-03-10T00:00:00.000');
    expect(formatWallClock(w('2024-03-10 7:05'))).toBe('2024-03-10T07:05:00.000');
    expect(formatWallClock(w('2024-03-10T02:30:00.123456'))).toBe('2024-03-10T02:30:00.123');
    expect(formatWallClock(NaN)).toBe('Invalid Date');
    expect(w('not a date')).toBeNaN();
  });

  test('numbers, far years and out-of-range values read and print as dayjs reads and prints them', () => {
    expect(parseWallClock(1.5)).toBe(1); // through `new Date`, like any non-string
    expect(formatWallClock(Date.UTC(12345, 0, 1))).toBe('12345-01-01T00:00:00.000');
    expect(formatWallClock(parseWallClock(1e16))).toBe('Invalid Date');
    expect(formatWallClock(1e16)).toBe('Invalid Date');
  });

  test('calendar arithmetic clamps to the month end and keeps the time of day', () => {
    expect(formatWallClock(addUnit(w('2024-01-31T10:00:00.000'), 1, 'month'))).toBe(
      '2024-02-29T10:00:00.000',
    );
    expect(formatWallClock(addUnit(w('2024-02-29T00:00:00.000'), 1, 'year'))).toBe('2025-02-28T00:00:00.000');
    expect(formatWallClock(addUnit(w('2024-03-09T02:30:00.000'), 1, 'day'))).toBe('2024-03-10T02:30:00.000');
    expect(formatWallClock(addUnit(w('2024-03-10T01:00:00.000'), 1, 'hour'))).toBe('2024-03-10T02:00:00.000');
    expect(formatWallClock(addUnit(w('2024-01-01'), 2, 'quarters'))).toBe('2024-07-01T00:00:00.000');
  });

  test('start and end of units', () => {
    const t = w('2024-05-15T13:45:30.500');
    expect(formatWallClock(startOfUnit(t, 'week'))).toBe('2024-05-13T00:00:00.000');
    expect(formatWallClock(endOfUnit(t, 'week'))).toBe('2024-05-19T23:59:59.999');
    expect(formatWallClock(startOfUnit(t, 'quarter'))).toBe('2024-04-01T00:00:00.000');
    expect(formatWallClock(endOfUnit(t, 'quarter'))).toBe('2024-06-30T23:59:59.999');
    expect(formatWallClock(endOfUnit(t, 'month'))).toBe('2024-05-31T23:59:59.999');
    expect(formatWallClock(startOfUnit(t, 'hour'))).toBe('2024-05-15T13:00:00.000');
    expect(startOfUnit(t, 'fortnight')).toBe(t);
  });

  test('intervals, alignment and custom series', () => {
    expect(parseSqlInterval('1 year 2 months -3 days')).toEqual({ year: 1, month: 2, day: -3 });
    expect(formatWallClock(alignToOrigin(w('2024-01-20'), { week: 2 }, w('2024-01-01')))).toBe(
      '2024-01-15T00:00:00.000',
    );
    expect(formatWallClock(alignToOrigin(w('2023-12-20'), { week: 2 }, w('2024-01-01')))).toBe(
      '2023-12-18T00:00:00.000',
    );
    expect(
      customTimeSeries('2024-01-01', '2024-12-31', {
        name: 'h',
        title: 'h',
        interval: '6 months',
        origin: '2023-07-01',
      }),
    ).toEqual(['2024-01-01T00:00:00.000', '2024-07-01T00:00:00.000']);
    const [start, end] = bucketOf('2024-05-15T10:00:00.000', 'week');
    expect([formatWallClock(start), formatWallClock(end)]).toEqual([
      '2024-05-13T00:00:00.000',
      '2024-05-19T23:59:59.999',
    ]);
  });
});
