/**
 * Seeded generator of `/load` responses and pivot configs for the differential tests.
 *
 * Responses mimic what Cube sends: local timestamps formatted `YYYY-MM-DDTHH:mm:ss.SSS`, string
 * measure values, annotations per member. They also carry the awkward parts on purpose: gaps and
 * out-of-range rows on the time axis, nulls, empty strings, `∅`, numeric-looking strings, values
 * with commas, rows relying on the bare time dimension, custom granularities, compare date ranges
 * and blended queries with repeated measures.
 *
 * Sub-day timestamps stay in January, February and June–August so no DST change falls inside a
 * generated range: the published client walks hours on the host clock, ours on the wall clock, and
 * they only agree where the host clock has no jump. DST days have their own test (tz.test.ts).
 */
import { mulberry32 } from '../../bench/lib/prng.mjs';
import type {
  PivotConfig,
  LoadResponse,
  LoadResponseResult,
  Annotation,
  Row,
} from '../../src/types/response';
import type { Query, TimeDimension } from '../../src/types/query';

/** A small, fast, seedable PRNG: the project's one mulberry32. */
export const rng = mulberry32;

export class Random {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = rng(seed);
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  bool(p = 0.5): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
  subset<T>(items: readonly T[], min = 0, max = items.length): T[] {
    const shuffled = this.shuffle(items);
    return shuffled.slice(0, this.int(min, Math.min(max, items.length)));
  }
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
/** Wall-clock ms → Cube's timestamp format. */
export const fmt = (t: number): string => {
  const d = new Date(t);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(
    d.getUTCMinutes(),
  )}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
};

const DAY = 86400000;
const HOUR = 3600000;
const MINUTE = 60000;

/** Start of the bucket a wall-clock value falls in (weeks start Monday). */
function bucketStart(t: number, g: string): number {
  const d = new Date(t);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  switch (g) {
    case 'second':
      return t - (t % 1000);
    case 'minute':
      return t - (t % MINUTE);
    case 'hour':
      return t - (t % HOUR);
    case 'day':
      return t - (t % DAY);
    case 'week':
      return Date.UTC(y, m, d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
    case 'month':
      return Date.UTC(y, m, 1);
    case 'quarter':
      return Date.UTC(y, m - (m % 3), 1);
    case 'year':
      return Date.UTC(y, 0, 1);
    default:
      return t - (t % DAY);
  }
}

function stepOf(g: string): number {
  return { second: 1000, minute: MINUTE, hour: HOUR, day: DAY, week: 7 * DAY }[g] ?? 0;
}

function addBucket(t: number, g: string, n = 1): number {
  const s = stepOf(g);
  if (s) return t + n * s;
  const d = new Date(t);
  const months = g === 'month' ? n : g === 'quarter' ? 3 * n : g === 'year' ? 12 * n : 6 * n;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, d.getUTCDate());
}

interface CustomGranularity {
  name: string;
  interval: string;
  origin?: string;
  offset?: string;
}

const CUSTOM: CustomGranularity[] = [
  { name: 'half_year', interval: '6 months', origin: '2019-01-01' },
  { name: 'fortnight', interval: '2 weeks', origin: '2021-01-04T00:00:00.000' },
  { name: 'fiscal_quarter', interval: '3 months', offset: '1 month' },
  { name: 'ten_days', interval: '10 days', origin: '2020-06-05' },
  { name: 'biyear', interval: '2 years', origin: '2016-07-01' },
];

/** Data rows of a custom granularity sit on this grid, so some (not all) land on its buckets. */
const CUSTOM_DATA_UNIT: Record<string, string> = {
  half_year: 'month',
  fortnight: 'week',
  fiscal_quarter: 'month',
  ten_days: 'day',
  biyear: 'month',
};

const PREDEFINED = ['day', 'week', 'month', 'quarter', 'year', 'hour', 'minute', 'second'];

const DIM_VALUES: unknown[] = [
  'completed',
  'shipped',
  'processing',
  '',
  null,
  '∅',
  '1',
  '2',
  '10',
  'a,b',
  'a, b',
  'x',
  'value',
  3,
  0,
  true,
  '007',
];

const DIMENSIONS = ['Orders.status', 'Users.city', 'Orders.bucket', 'Users.flag'];
const MEASURES = ['Orders.count', 'Orders.total', 'Orders.avgPrice', 'Users.count', 'Orders.lastAt'];
const TIME_DIMS = ['Orders.createdAt', 'Users.signedUpAt'];

function title(member: string): string {
  const [cube, name] = member.split('.') as [string, string];
  return `${cube} ${name.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase())}`;
}

function annotationFor(r: Random, member: string, type: string, extra: Partial<Annotation> = {}): Annotation {
  const a: Annotation = {
    title: title(member),
    shortTitle: title(member).split(' ').slice(1).join(' '),
    type,
    ...extra,
  };
  if (r.bool(0.2)) a.format = r.pick(['currency', 'percent', 'number']);
  if (r.bool(0.15)) a.meta = { color: r.pick(['red', 'blue']) };
  return a;
}

function measureValue(r: Random, member: string): unknown {
  if (member === 'Orders.lastAt')
    return r.bool(0.15) ? null : fmt(Date.UTC(2020, r.int(0, 11), r.int(1, 28)));
  const roll = r.next();
  if (roll < 0.08) return null;
  if (roll < 0.12) return '0';
  if (roll < 0.15) return 'n/a';
  if (roll < 0.3) return r.int(0, 500);
  return r.bool() ? String(r.int(0, 9999)) : (r.int(0, 99999) / 100).toFixed(2);
}

/** A range that keeps the time series short, for a granularity. */
function pickRange(r: Random, g: string, custom?: CustomGranularity): { start: number; end: number } {
  const safeMonth = r.pick([0, 1, 5, 6, 7]);
  const year = r.int(2018, 2024);
  let start: number;
  let span: number;
  switch (g) {
    case 'second':
      start = Date.UTC(
        year,
        safeMonth,
        r.int(1, 28),
        r.int(0, 23),
        r.int(0, 59),
        r.int(0, 59),
        r.pick([0, 0, 250]),
      );
      span = r.int(0, 40) * 1000 + r.int(0, 999);
      break;
    case 'minute':
      start = Date.UTC(year, safeMonth, r.int(1, 28), r.int(0, 23), r.int(0, 59), r.pick([0, 30]));
      span = r.int(0, 45) * MINUTE;
      break;
    case 'hour':
      start = Date.UTC(year, safeMonth, r.int(1, 26), r.int(0, 23), r.pick([0, 0, 15]));
      span = r.int(0, 50) * HOUR;
      break;
    case 'day':
      start = Date.UTC(year, r.int(0, 11), r.int(1, 28), r.pick([0, 0, 10]));
      span = r.int(0, 45) * DAY;
      break;
    case 'week':
      start = Date.UTC(year, r.int(0, 11), r.int(1, 28));
      span = r.int(0, 20) * 7 * DAY + r.int(0, 6) * DAY;
      break;
    case 'month':
      start = Date.UTC(year, r.int(0, 11), r.int(1, 31));
      span = r.int(0, 500) * DAY;
      break;
    case 'quarter':
      start = Date.UTC(year, r.int(0, 11), r.int(1, 28));
      span = r.int(0, 900) * DAY;
      break;
    case 'year':
      start = Date.UTC(year - r.int(0, 6), r.int(0, 11), r.int(1, 28));
      span = r.int(0, 2500) * DAY;
      break;
    default: {
      const days = custom?.interval.includes('day') ? 120 : custom?.interval.includes('week') ? 200 : 1500;
      start = Date.UTC(year, r.int(0, 11), r.int(1, 28));
      span = r.int(0, days) * DAY;
    }
  }
  return { start, end: start + span };
}

/** Bucket starts covering [start, end] for the data rows (custom granularities use a coarse grid). */
function buckets(start: number, end: number, g: string): number[] {
  const out: number[] = [];
  const unit = PREDEFINED.includes(g) ? g : (CUSTOM_DATA_UNIT[g] ?? 'day');
  for (let t = bucketStart(start, unit); t <= end && out.length < 400; t = addBucket(t, unit)) out.push(t);
  return out;
}

function formatRangeBound(r: Random, t: number, end: boolean, g: string): string {
  const dateOnly = !['hour', 'minute', 'second'].includes(g) && r.bool(0.5);
  if (dateOnly) return fmt(t).slice(0, 10);
  if (end && r.bool(0.5) && PREDEFINED.includes(g)) return fmt(t - (t % 1000) + 999);
  return fmt(t);
}

interface ResultSpec {
  query: Query;
  result: LoadResponseResult;
  granularity?: string;
}

interface Shape {
  dims: string[];
  measures: string[];
  td: string;
  granularity: string;
  custom?: CustomGranularity;
  noGranularityFirst: boolean;
  extraTd: boolean;
  withDateRange: boolean;
}

function buildResult(
  r: Random,
  shape: Shape,
  range: { start: number; end: number },
  opts: { blendTime?: boolean; compare?: string } = {},
): ResultSpec {
  const { dims, measures, td, granularity } = shape;
  const member = `${td}.${granularity}`;
  const dateRange: [string, string] | undefined = shape.withDateRange
    ? [
        formatRangeBound(r, range.start, false, granularity),
        formatRangeBound(r, range.end, true, granularity),
      ]
    : undefined;
  const timeDimensions: TimeDimension[] = [];
  if (shape.noGranularityFirst)
    timeDimensions.push({
      dimension: r.pick(TIME_DIMS),
      dateRange: [fmt(range.start).slice(0, 10), fmt(range.end).slice(0, 10)],
    });
  const main: TimeDimension = { dimension: td, granularity };
  if (dateRange) main.dateRange = dateRange;
  timeDimensions.push(main);
  if (shape.extraTd) timeDimensions.push({ dimension: td, granularity: r.pick(['month', 'year', 'day']) });

  const query: Query = { measures, dimensions: dims, timeDimensions, timezone: 'UTC' };
  if (r.bool(0.3))
    query.filters = [{ member: dims[0] ?? 'Orders.status', operator: 'equals', values: ['completed'] }];
  if (r.bool(0.2)) query.segments = ['Orders.big'];
  if (r.bool(0.2)) query.order = { [measures[0] ?? member]: 'desc' };
  if (r.bool(0.1)) query.limit = 5000;

  const all = buckets(range.start, range.end, granularity);
  // Keep the published client's quadratic paths fast: at most ~24 buckets of rows.
  const kept = all.filter(() => r.bool(0.7)).slice(0, 24);
  const dimValues = dims.map(() => r.subset(DIM_VALUES, 1, r.int(1, 5)));
  const data: Row[] = [];
  const fmtBucket = (t: number): string => fmt(t);
  for (const t of kept) {
    const combos = r.int(1, 3);
    for (let c = 0; c < combos; c++) {
      const row: Row = {};
      const value = r.bool(0.03) ? null : r.bool(0.03) ? fmt(t).slice(0, 19) : fmtBucket(t);
      const bare = r.next();
      if (bare < 0.08) row[td] = value;
      else if (bare < 0.12) {
        row[member] = r.pick([null, '']);
        row[td] = value;
      } else {
        row[member] = value;
        if (r.bool(0.5)) row[td] = value;
      }
      if (shape.extraTd && timeDimensions[timeDimensions.length - 1]) {
        const extra = timeDimensions[timeDimensions.length - 1] as TimeDimension;
        row[`${extra.dimension}.${extra.granularity}`] = value;
      }
      if (opts.blendTime) row[`time.${granularity}`] = value;
      dims.forEach((d, i) => (row[d] = r.pick(dimValues[i] as unknown[])));
      if (opts.compare) row.compareDateRange = opts.compare;
      for (const m of measures) if (r.bool(0.95)) row[m] = measureValue(r, m);
      data.push(row);
    }
  }
  // A few rows outside the range, with a null time, or duplicated.
  if (r.bool(0.3)) {
    const row: Row = {
      [member]: fmt(addBucket(range.end, PREDEFINED.includes(granularity) ? granularity : 'day', 3)),
    };
    dims.forEach((d) => (row[d] = r.pick(DIM_VALUES)));
    for (const m of measures) row[m] = measureValue(r, m);
    if (opts.blendTime) row[`time.${granularity}`] = row[member];
    if (opts.compare) row.compareDateRange = opts.compare;
    data.splice(r.int(0, data.length), 0, row);
  }
  if (r.bool(0.2) && data.length) data.push({ ...(data[r.int(0, data.length - 1)] as Row) });
  if (r.bool(0.05)) data.push({});

  const annotation = {
    measures: {} as Record<string, Annotation>,
    dimensions: {} as Record<string, Annotation>,
    segments: {} as Record<string, Annotation>,
    timeDimensions: {} as Record<string, Annotation>,
  };
  for (const m of measures) {
    const drill = r.bool(0.6);
    annotation.measures[m] = annotationFor(
      r,
      m,
      m === 'Orders.lastAt' ? 'time' : 'number',
      drill
        ? {
            drillMembers: ['Orders.id', 'Orders.status'],
            drillMembersGrouped: { measures: [], dimensions: ['Orders.id', 'Orders.status'] },
          }
        : { drillMembers: [], drillMembersGrouped: { measures: [], dimensions: [] } },
    );
  }
  for (const d of dims)
    annotation.dimensions[d] = annotationFor(
      r,
      d,
      d === 'Orders.bucket' ? 'number' : d === 'Users.flag' ? 'boolean' : 'string',
    );
  if (query.segments) annotation.segments['Orders.big'] = annotationFor(r, 'Orders.big', 'string');
  annotation.timeDimensions[td] = annotationFor(r, td, 'time');
  const granularityInfo = shape.custom
    ? {
        name: shape.custom.name,
        title: shape.custom.name,
        interval: shape.custom.interval,
        origin: shape.custom.origin,
        offset: shape.custom.offset,
      }
    : { name: granularity, title: granularity, interval: `1 ${granularity}` };
  if (!shape.custom || r.bool(0.97))
    annotation.timeDimensions[member] = annotationFor(r, member, 'time', { granularity: granularityInfo });
  if (opts.blendTime) annotation.timeDimensions[`time.${granularity}`] = annotationFor(r, 'time.t', 'time');

  const result: LoadResponseResult = {
    query,
    data,
    annotation,
    lastRefreshTime: '2024-01-01T00:00:00.000Z',
    dbType: 'postgres',
    extDbType: 'cubestore',
    external: false,
  };
  if (r.bool(0.2)) result.total = data.length + r.int(0, 10);
  return { query, result, granularity };
}

/** One generated response and the pivot configs to try on it. */
export interface GeneratedCase {
  kind: 'regular' | 'compare' | 'blending' | 'plain';
  response: LoadResponse | LoadResponseResult;
  configs: Array<PivotConfig | undefined | null>;
  parseDateMeasures: boolean;
}

function shapeFor(r: Random): Shape {
  const useCustom = r.bool(0.12);
  const custom = useCustom ? r.pick(CUSTOM) : undefined;
  return {
    dims: r.subset(DIMENSIONS, 0, 3),
    measures: r.bool(0.07) ? [] : r.subset(MEASURES, 1, 3),
    td: r.pick(TIME_DIMS),
    granularity: custom ? custom.name : r.pick(PREDEFINED),
    custom,
    noGranularityFirst: r.bool(0.05),
    extraTd: r.bool(0.06),
    withDateRange: r.bool(0.65),
  };
}

function pivotConfigs(
  r: Random,
  pivotQuery: Query,
  resultCount: number,
): Array<PivotConfig | undefined | null> {
  const tds = (pivotQuery.timeDimensions ?? []).filter((td) => td.granularity);
  const members = [
    ...tds.map((td) => `${td.dimension}.${td.granularity}`),
    ...tds.map((td) => td.dimension),
    ...(pivotQuery.dimensions ?? []),
    'measures',
    'measures',
    'Unknown.member',
  ];
  const configs: Array<PivotConfig | undefined | null> = [undefined, {}];
  const n = r.int(4, 7);
  for (let i = 0; i < n; i++) {
    const chosen = r.shuffle(members).filter(() => r.bool(0.6));
    const split = r.int(0, chosen.length);
    const config: PivotConfig = {};
    if (r.bool(0.9)) config.x = chosen.slice(0, split);
    if (r.bool(0.9)) config.y = chosen.slice(split);
    if (r.bool(0.3)) config.fillMissingDates = r.pick([true, false, null]);
    if (r.bool(0.3)) config.fillWithValue = r.pick([null, 0, '-', 7]);
    if (r.bool(0.15))
      config.aliasSeries = Array.from({ length: r.int(1, 4) }, (_, k) => (r.bool(0.8) ? `s${k}` : ''));
    if (resultCount > 1 && r.bool(0.3))
      config.joinDateRange = true as unknown as PivotConfig['joinDateRange'];
    configs.push(config);
  }
  if (tds.length) {
    const first = tds[0] as TimeDimension;
    configs.push({ x: [`${first.dimension}.${first.granularity}`], y: ['measures'], fillMissingDates: true });
  }
  return configs;
}

/** Generates one case from a seed. */
export function generateCase(seed: number): GeneratedCase {
  const r = new Random(seed);
  const roll = r.next();
  const parseDateMeasures = r.bool(0.25);
  if (roll < 0.15) {
    // compare date ranges: one result per range, a compareDateRange dimension in every row
    const shape = shapeFor(r);
    shape.noGranularityFirst = false;
    shape.withDateRange = true;
    const first = pickRange(r, shape.granularity, shape.custom);
    const ranges = [first];
    const count = r.int(2, 3);
    for (let i = 1; i < count; i++) {
      const span = first.end - first.start;
      const subDay = ['hour', 'minute', 'second'].includes(shape.granularity);
      const unit = subDay ? stepOf(shape.granularity) : DAY;
      const start = first.start - i * (span + unit) - r.int(0, 3) * unit;
      ranges.push({ start, end: start + span + r.pick([0, 0, unit]) });
    }
    const specs = ranges.map((range) =>
      buildResult(r, shape, range, { compare: `${fmt(range.start)} - ${fmt(range.end)}` }),
    );
    const q0 = specs[0]?.query as Query;
    const pivotQuery = {
      ...q0,
      dimensions: [...(q0.dimensions ?? []), 'compareDateRange'],
      queryType: 'compareDateRangeQuery' as const,
    };
    const response: LoadResponse = {
      queryType: 'compareDateRangeQuery',
      results: specs.map((s) => s.result),
      pivotQuery,
      slowQuery: false,
    };
    return {
      kind: 'compare',
      response,
      configs: pivotConfigs(r, pivotQuery, specs.length),
      parseDateMeasures,
    };
  }
  if (roll < 0.3) {
    // blending: several queries on one granularity, a shared `time.<granularity>` member
    const granularity = r.pick(PREDEFINED);
    const count = r.int(2, 3);
    const specs: ResultSpec[] = [];
    const range = pickRange(r, granularity);
    for (let i = 0; i < count; i++) {
      const shape = shapeFor(r);
      shape.granularity = granularity;
      shape.custom = undefined;
      shape.noGranularityFirst = r.bool(0.03);
      shape.extraTd = false;
      if (shape.measures.length === 0) shape.measures = [r.pick(MEASURES)];
      if (i > 0 && r.bool(0.4)) shape.measures = [...(specs[0]?.query.measures ?? [])];
      const own = r.bool(0.7) ? range : pickRange(r, granularity);
      specs.push(buildResult(r, shape, own, { blendTime: true }));
    }
    const q0 = specs[0]?.query as Query;
    const allMeasures = specs.flatMap((s) => s.query.measures ?? []);
    const pivotQuery = {
      ...q0,
      measures: r.bool(0.8) ? allMeasures : q0.measures,
      timeDimensions: [{ dimension: 'time', granularity }],
      queryType: 'blendingQuery' as const,
    };
    const response: LoadResponse = {
      queryType: 'blendingQuery',
      results: specs.map((s) => s.result),
      pivotQuery,
      slowQuery: false,
    };
    return {
      kind: 'blending',
      response,
      configs: pivotConfigs(r, pivotQuery, specs.length),
      parseDateMeasures,
    };
  }
  const shape = shapeFor(r);
  if (r.bool(0.1)) {
    // no time dimension at all
    shape.withDateRange = false;
  }
  const spec = buildResult(r, shape, pickRange(r, shape.granularity, shape.custom));
  if (r.bool(0.08)) {
    spec.query.timeDimensions = (spec.query.timeDimensions ?? []).map(({ granularity: _g, ...td }) => td);
  }
  if (r.bool(0.5)) {
    // the single-result shape (`{ query, data, annotation }`) as older clients pass it
    return {
      kind: 'plain',
      response: spec.result,
      configs: pivotConfigs(r, spec.query, 1),
      parseDateMeasures,
    };
  }
  const pivotQuery = { ...spec.query, queryType: 'regularQuery' as const };
  const response: LoadResponse = {
    queryType: 'regularQuery',
    results: [spec.result],
    pivotQuery,
    slowQuery: false,
  };
  return { kind: 'regular', response, configs: pivotConfigs(r, pivotQuery, 1), parseDateMeasures };
}
