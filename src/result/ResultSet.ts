import type { Filter, Query, TimeDimension } from '../types/query';
import type {
  Annotation,
  AxisValue,
  ChartPivotRow,
  DrillDownLocator,
  LoadResponse,
  LoadResponseResult,
  PivotConfig,
  PivotConfigFull,
  PivotQuery,
  PivotRow,
  QueryAnnotations,
  QueryType,
  ResultSetOptions,
  Row,
  SerializedResult,
  Series,
  SeriesNamesColumn,
  SeriesPoint,
  TableColumn,
  TablePivotRow,
} from '../types/response';
import { aliasSeries, axisValuesString } from './axis';
import { deepClone } from './objects';
import { axisReaders, last, memberReader, mergePivots, pivotResult, type PivotTable } from './pivot';
import { hasMeasures, normalizePivotConfig, timeDimensionMember } from './pivotConfig';
import { tableColumns } from './tableColumns';
import {
  bucketOf,
  customTimeSeries,
  DateRegex,
  formatWallClock,
  isPredefinedGranularity,
  LocalDateRegex,
  parseWallClock,
  predefinedTimeSeries,
  startOfUnit,
} from './time';

/** The query types a {@link ResultSet} handles. */
export const QUERY_TYPE = {
  REGULAR_QUERY: 'regularQuery',
  COMPARE_DATE_RANGE_QUERY: 'compareDateRangeQuery',
  BLENDING_QUERY: 'blendingQuery',
} as const satisfies Record<string, QueryType>;

/** Turns a measure value into a number (or, with `parseDateMeasures`, a `Date`) for charts. */
function chartValue(value: unknown, parseDates: boolean | undefined): unknown {
  if (!value || typeof value === 'number') return value;
  if (parseDates && LocalDateRegex.test(value as string)) return new Date(value as string);
  const n = Number.parseFloat(value as string);
  return Number.isNaN(n) ? value : n;
}

/** The single result of a regular result set; other query types must be decomposed first. */
function regularResult<T extends Row>(resultSet: ResultSet<T>): LoadResponseResult<T> {
  if (resultSet.queryType !== 'regularQuery') {
    throw new Error(
      `Method is not supported for a '${resultSet.queryType}' query type. Please use decompose`,
    );
  }
  return resultSet.loadResponses[0];
}

/** Measures that more than one blended query asks for (their series get an index prefix). */
function duplicateMeasures(resultSet: ResultSet): Set<unknown> {
  const all =
    resultSet.queryType === 'blendingQuery'
      ? resultSet.loadResponses.flatMap((r) => r.query.measures ?? [])
      : [];
  return new Set(all.filter((m, i) => all.indexOf(m) !== i));
}

/**
 * A string that is equal for two tuples exactly when ramda's `equals` (the published client's `uniq`)
 * says they are: same types, `-0` apart from `0`, `NaN` equal to `NaN`, objects by content.
 */
function tupleKey(values: readonly unknown[]): string {
  let key = '';
  for (const v of values) {
    const text =
      typeof v +
      (typeof v === 'object' && v !== null ? JSON.stringify(v) : Object.is(v, -0) ? '-0' : String(v));
    key += `${text.length}:${text}`;
  }
  return key;
}

/** The query types `drillDown` refuses, named as in the published client's error. */
const NO_DRILL_DOWN: Partial<Record<QueryType, string>> = {
  compareDateRangeQuery: 'compareDateRange',
  blendingQuery: 'Data blending',
};

/** The query of a drilled-down point's result: its filters, time dimensions and segments. */
type DrillQuery = LoadResponseResult<unknown>['query'];

/**
 * The conditions that select one chart point: a date range per time value (with granularity), a
 * filter per other value; the query's own ungrouped time dimension when no time value is located.
 */
function drillConditions(
  values: Array<[string, AxisValue | undefined]>,
  query: DrillQuery,
  timeAnnotations: QueryAnnotations['timeDimensions'],
): { filters: Filter[]; timeDimensions: TimeDimension[] } {
  const filters: Filter[] = [];
  const timeDimensions: TimeDimension[] = [];
  for (const [member, value] of values) {
    if (member === 'measures') continue;
    const [cubeName, dimension, granularity] = member.split('.') as [string, string, string?];
    if (granularity !== undefined) {
      timeDimensions.push({
        dimension: `${cubeName}.${dimension}`,
        dateRange: drillDateRange(value, granularity, timeAnnotations, query),
      });
    } else {
      filters.push(
        value == null
          ? { member, operator: 'notSet' }
          : { member, operator: 'equals', values: [value.toString()] },
      );
    }
  }
  const queried = query.timeDimensions;
  if (!timeDimensions.length && Array.isArray(queried) && queried.length && queried[0].granularity == null) {
    timeDimensions.push(queried[0]);
  }
  return { filters, timeDimensions };
}

/** The bucket a time value stands for, kept unless the query's own range is narrower (NaN never narrows). */
function drillDateRange(
  value: AxisValue | undefined,
  granularity: string,
  timeAnnotations: QueryAnnotations['timeDimensions'],
  query: DrillQuery,
): [string, string] {
  let [start, end] = bucketOf(value, granularity, timeAnnotations);
  const dateRange = query.timeDimensions?.find((td) => td.dimension)?.dateRange;
  if (dateRange) {
    const from = parseWallClock(dateRange[0]);
    const to = parseWallClock(dateRange[1]);
    if (from > start) start = from;
    if (to < end) end = to;
  }
  return [formatWallClock(start), formatWallClock(end)];
}

/** The pivot as a compact table; every row-shaped method builds on it. */
function pivotTable(resultSet: ResultSet, pivotConfig: PivotConfig | null | undefined): PivotTable {
  const { loadResponses } = resultSet;
  const config = resultSet.normalizePivotConfig(pivotConfig);
  // Rows align to the time series when x is exactly the query's one time dimension with a granularity.
  let aligned = false;
  if (config.fillMissingDates && config.x.length === 1) {
    const granular = (resultSet.loadResponse.pivotQuery.timeDimensions || [])
      .filter((td) => td.granularity)
      .map(timeDimensionMember);
    aligned = granular.length === 1 && granular[0] === config.x[0];
  }
  const tables = loadResponses.map((result, index) => {
    let series: string[] | null = null;
    if (aligned) {
      // As in the published client: every result's series, each over this result's rows.
      const all = loadResponses.map((lr) =>
        resultSet.timeSeries(
          (lr.query.timeDimensions as TimeDimension[])[0],
          index,
          lr.annotation.timeDimensions,
        ),
      );
      if (all[0]) series = all[index] ?? [];
    }
    return pivotResult(result, config, series);
  });
  return tables.length > 1 ? mergePivots(tables, Boolean(config.joinDateRange)) : tables[0];
}

/**
 * The result of a `load` call, with the views charts and tables need. Output matches
 * `@cubejs-client/core` 1.x method for method.
 *
 * @example
 * ```ts
 * const resultSet = await cubeApi.load({
 *   measures: ['Orders.count'],
 *   timeDimensions: [{ dimension: 'Orders.createdAt', granularity: 'month', dateRange: 'last year' }],
 * });
 * resultSet.chartPivot(); // [{ x: '2024-01-01T00:00:00.000', xValues: [...], 'Orders.count': 12 }, ...]
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows are `any` unless typed, as published
export class ResultSet<T extends Record<string, any> = any> {
  /** The response as given, with a `pivotQuery` added for a single result. */
  readonly loadResponse: LoadResponse<T>;
  /** One result per query (several for compare-date-range and blending queries). */
  readonly loadResponses: LoadResponseResult<T>[];
  /** How the results combine. */
  readonly queryType: QueryType;
  /** Whether `chartPivot` turns timestamp-looking measure values into `Date`s. */
  readonly parseDateMeasures: boolean | undefined;
  /** The options the result set was built with (passed on by {@link ResultSet.decompose}). */
  readonly options: ResultSetOptions;
  /**
   * Per result, its rows with each granularity-less time value copied to its granularity member,
   * filled on demand by {@link ResultSet.timeDimensionBackwardCompatibleData}. The pivots read
   * that fallback in place instead, without copying rows.
   */
  readonly backwardCompatibleData: T[][] = [];

  /** The measure at the end of an axis tuple. */
  static measureFromAxis(axisValues: readonly string[]): string {
    return last(axisValues) as string;
  }

  /** `Cube.dimension.granularity` of a time dimension. */
  static timeDimensionMember(td: TimeDimension): string {
    return timeDimensionMember(td);
  }

  /**
   * Restores a result set stored with {@link ResultSet.serialize}.
   *
   * @example
   * ```ts
   * const copy = ResultSet.deserialize(JSON.parse(JSON.stringify(resultSet.serialize())));
   * ```
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as published
  static deserialize<TData extends Record<string, any> = any>(
    data: SerializedResult<TData>,
    options?: ResultSetOptions,
  ): ResultSet<TData> {
    return new ResultSet<TData>(data.loadResponse, options);
  }

  /** Resolves a pivot config against a query; see {@link ResultSet.normalizePivotConfig}. */
  static getNormalizedPivotConfig(query?: Query | null, pivotConfig?: PivotConfig | null): PivotConfigFull {
    return normalizePivotConfig(query, pivotConfig);
  }

  /**
   * @param loadResponse a multi-result `/load` response (`{ queryType, results, pivotQuery }`) or a
   *   single result (`{ query, data, annotation }`).
   */
  constructor(loadResponse: LoadResponse<T> | LoadResponseResult<T>, options: ResultSetOptions = {}) {
    const multi = loadResponse as LoadResponse<T>;
    const single = loadResponse as LoadResponseResult<T>;
    const isMulti = 'queryType' in loadResponse && loadResponse.queryType != null;
    this.loadResponse = isMulti
      ? multi
      : ({
          ...single,
          pivotQuery: { ...single.query, queryType: 'regularQuery' },
        } as unknown as LoadResponse<T>);
    this.loadResponses = isMulti ? multi.results : [single];
    this.queryType = isMulti ? multi.queryType : 'regularQuery';
    if (!Object.values<string>(QUERY_TYPE).includes(this.queryType)) throw new Error('Unknown query type');
    this.parseDateMeasures = options.parseDateMeasures;
    this.options = options;
  }

  /**
   * A query listing the rows behind one chart point, for measures with `drillMembers`; `null` when
   * the measure has none. Not available for compare-date-range and blending queries.
   *
   * @example
   * ```ts
   * const [point] = resultSet.chartPivot();
   * const query = resultSet.drillDown({ xValues: point.xValues });
   * ```
   */
  drillDown(drillDownLocator?: DrillDownLocator | null, pivotConfig?: PivotConfig | null): Query | null {
    const unsupported = NO_DRILL_DOWN[this.queryType];
    if (unsupported) throw new Error(`${unsupported} drillDown query is not currently supported`);
    const { query, annotation } = this.loadResponses[0];
    const { measures, timeDimensions: timeAnnotations } = annotation;
    const { filters: parentFilters = [], segments = [], timezone } = query;
    const config = this.normalizePivotConfig(pivotConfig);
    const located = (axis: string[], values?: AxisValue[]): Array<[string, AxisValue | undefined]> =>
      axis.map((member, i) => [member, values?.[i]]);
    const values = located(config.x, drillDownLocator?.xValues).concat(
      located(config.y, drillDownLocator?.yValues),
    );

    let measureName = values.find(([member]) => member === 'measures')?.[1] as string | undefined;
    if (measureName === undefined) measureName = Object.keys(measures)[0];
    const measure = measures[measureName];
    if (!measure?.drillMembers?.length) return null;

    // `measureFilter` keeps the measure's own filters; Cube knows it, the Filter type does not.
    const measureFilter = { member: measureName, operator: 'measureFilter' } as unknown as Filter;
    const { filters: conditions, timeDimensions } = drillConditions(values, query, timeAnnotations);
    const filters: Filter[] = [measureFilter, ...parentFilters, ...conditions];
    // Key order follows the published client: drill members, filters, segments, time dimensions.
    return {
      ...(measure.drillMembersGrouped as Pick<Query, 'measures' | 'dimensions'>),
      filters,
      ...(segments.length ? { segments } : {}),
      timeDimensions,
      segments,
      timezone,
    };
  }

  /**
   * One series per y combination (usually per measure), each a list of `{ value, x }` points.
   *
   * @example
   * ```ts
   * resultSet.series(); // [{ key: 'Orders.count', title: 'Orders Count', shortTitle: 'Count', series: [{ x, value }, ...] }]
   * ```
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as published
  series<SeriesItem = any>(pivotConfig?: PivotConfig | null): Series<SeriesItem>[] {
    const names = this.seriesNames(pivotConfig);
    const chart = names.length ? this.chartPivot(pivotConfig) : [];
    return names.map(({ title, shortTitle, key }) => ({
      title,
      shortTitle,
      key,
      // The published client reads the value from the row without its `x`.
      series: chart.map((row): SeriesPoint => ({
        value: key === 'x' ? undefined : (row[key] as unknown),
        x: row.x,
      })) as SeriesItem[],
    }));
  }

  /** Resolves a pivot config against this result's query (axes filled in, measures placed). */
  normalizePivotConfig(pivotConfig?: PivotConfig | null): PivotConfigFull {
    return normalizePivotConfig(this.loadResponse.pivotQuery, pivotConfig);
  }

  /**
   * The time buckets a time dimension spans: its date range, or the range of the result's values.
   * `null` without a granularity or without any value.
   *
   * @example
   * ```ts
   * resultSet.timeSeries({ dimension: 'Orders.ts', granularity: 'day', dateRange: ['2024-01-01', '2024-01-03'] });
   * // ['2024-01-01T00:00:00.000', '2024-01-02T00:00:00.000', '2024-01-03T00:00:00.000']
   * ```
   */
  timeSeries(
    timeDimension: TimeDimension,
    resultIndex?: number,
    annotations?: Record<string, Annotation>,
  ): string[] | null {
    const { granularity, dateRange, dimension } = timeDimension;
    if (!granularity) return null;
    let [start, end] = (dateRange || []) as unknown[];
    if (!dateRange) {
      const result = this.loadResponses[resultIndex || 0];
      const times = result.data
        .map(memberReader(result, timeDimensionMember(timeDimension)))
        .filter(Boolean)
        .map(parseWallClock);
      if (!times.length) return null;
      // The published client passes the bounds through `Date#toUTCString`, which drops milliseconds;
      // NaN never compares, so an unparseable first value sticks.
      start = startOfUnit(
        times.reduce((min, t) => (t < min ? t : min)),
        'second',
      );
      end = startOfUnit(
        times.reduce((max, t) => (t > max ? t : max)),
        'second',
      );
    }
    const padToDay = dateRange
      ? (dateRange as string[]).find((d) => d.match(DateRegex))
      : !['hour', 'minute', 'second'].includes(granularity);
    if (isPredefinedGranularity(granularity)) {
      return predefinedTimeSeries(granularity, parseWallClock(start), parseWallClock(end), !!padToDay);
    }
    const annotation = annotations?.[`${dimension}.${granularity}`];
    if (!annotation)
      throw new Error(`Granularity "${granularity}" not found in time dimension "${dimension}"`);
    return customTimeSeries(start, end, annotation.granularity as NonNullable<Annotation['granularity']>);
  }

  /**
   * The base pivot: per x combination, the value of every y combination.
   *
   * @example
   * ```ts
   * resultSet.pivot({ x: ['Orders.ts.month'], y: ['measures'] });
   * // [{ xValues: ['2024-01-01T00:00:00.000'], yValuesArray: [[['Orders.count'], 27]] }, ...]
   * ```
   */
  pivot(pivotConfig?: PivotConfig | null): PivotRow[] {
    const { xValues, yValues, cells } = pivotTable(this, pivotConfig);
    const width = yValues.length;
    return xValues.map((x, r) => {
      const yValuesArray = new Array<[AxisValue[], unknown]>(width);
      for (let i = 0; i < width; i++) yValuesArray[i] = [yValues[i], cells[r * width + i]];
      return { xValues: x, yValuesArray } as PivotRow;
    });
  }

  /**
   * Rows for charts: `x` (the label), `xValues`, and one numeric value per series key.
   *
   * @example
   * ```ts
   * resultSet.chartPivot(); // [{ x: '2024-01-01T00:00:00.000', xValues: [...], 'Orders.count': 27 }, ...]
   * ```
   */
  chartPivot(pivotConfig?: PivotConfig | null): ChartPivotRow[] {
    const { xValues, yValues, cells } = pivotTable(this, pivotConfig);
    const duplicates = duplicateMeasures(this);
    const keys = yValues.map((values, i) =>
      axisValuesString(aliasSeries(values, i, pivotConfig, duplicates), ','),
    );
    const parseDates = this.parseDateMeasures;
    return xValues.map((x, r) => {
      const row: ChartPivotRow = { x: axisValuesString(x, ','), xValues: x as string[] };
      for (let i = 0; i < keys.length; i++) row[keys[i]] = chartValue(cells[r * keys.length + i], parseDates);
      return row;
    });
  }

  /**
   * Rows for tables: one key per x member, then one per y combination (`'value'` when y is empty).
   *
   * @example
   * ```ts
   * resultSet.tablePivot(); // [{ 'Orders.ts.day': '2024-01-01T00:00:00.000', 'Orders.count': '27' }, ...]
   * ```
   */
  tablePivot(pivotConfig?: PivotConfig | null): TablePivotRow[] {
    const config = this.normalizePivotConfig(pivotConfig || {});
    const { xValues, yValues, cells } = pivotTable(this, config);
    const keys = hasMeasures(config.x.concat(config.y))
      ? yValues.map((values) => (values.length ? values.join() : 'value'))
      : [];
    return xValues.map((x, r) => {
      const row: TablePivotRow = {};
      // Cells hold what Cube sent (null included); the type is the published one.
      for (let i = 0; i < config.x.length; i++) row[config.x[i]] = x[i] as string;
      for (let i = 0; i < keys.length; i++) row[keys[i]] = cells[r * yValues.length + i] as string;
      return row;
    });
  }

  /**
   * Column definitions matching {@link ResultSet.tablePivot}, nested when dimensions are on `y`.
   *
   * @example
   * ```ts
   * resultSet.tableColumns(); // [{ key: 'Orders.ts.day', dataIndex: 'Orders.ts.day', title: 'Orders Ts', ... }, ...]
   * ```
   */
  tableColumns(pivotConfig?: PivotConfig | null): TableColumn[] {
    const config = this.normalizePivotConfig(pivotConfig || {});
    const table = pivotTable(this, config);
    return tableColumns(
      this.loadResponses.map((r) => r.annotation),
      config,
      table.xValues.length ? table.yValues : null,
      this.loadResponses[0]?.query.measures,
    );
  }

  /** The first row of {@link ResultSet.chartPivot} (`undefined` when there is none, as published). */
  totalRow(pivotConfig?: PivotConfig | null): ChartPivotRow {
    return this.chartPivot(pivotConfig)[0];
  }

  /** Same as {@link ResultSet.chartPivot}. */
  categories(pivotConfig?: PivotConfig | null): ChartPivotRow[] {
    return this.chartPivot(pivotConfig);
  }

  /**
   * The series {@link ResultSet.series} would return, without their points.
   *
   * @example
   * ```ts
   * resultSet.seriesNames(); // [{ key: 'Orders.count', title: 'Orders Count', shortTitle: 'Count', yValues: ['Orders.count'] }]
   * ```
   */
  seriesNames(pivotConfig?: PivotConfig | null): SeriesNamesColumn[] {
    const config = this.normalizePivotConfig(pivotConfig);
    const annotations = Object.assign({}, ...this.loadResponses.map((r) => r.annotation.measures)) as Record<
      string,
      Annotation
    >;
    const withMeasures = hasMeasures(config.y);
    // Per result, the distinct y combinations in first-seen order, one per measure.
    const names = this.loadResponses.flatMap((result) => {
      const readers = axisReaders(result, config.y);
      const distinct = new Map<string, AxisValue[]>();
      for (const row of result.data) {
        const values = readers.map((read) => read(row));
        const key = tupleKey(values);
        if (!distinct.has(key)) distinct.set(key, values);
      }
      const tuples = [...distinct.values()];
      const measures = [...new Set(withMeasures ? result.query.measures : [])];
      return measures.length ? tuples.flatMap((t) => measures.map((m) => [...t, m])) : tuples;
    });
    const duplicates = duplicateMeasures(this);
    return names.map((yValues, i) => {
      const aliased = aliasSeries(yValues, i, config, duplicates);
      const title = (field: 'title' | 'shortTitle'): string =>
        axisValuesString(
          withMeasures ? [...aliased.slice(0, -1), annotations[last(yValues) as string][field]] : aliased,
        );
      return {
        title: title('title'),
        shortTitle: title('shortTitle'),
        key: axisValuesString(aliased, ','),
        yValues: yValues as string[],
      };
    });
  }

  /** The query of a regular result (use {@link ResultSet.decompose} for the others). */
  query(): Query {
    return regularResult(this).query;
  }

  /** The query the results were pivoted by, with its `queryType`. */
  pivotQuery(): PivotQuery {
    return this.loadResponse.pivotQuery || null;
  }

  /** The total row count, when the query asked for `total: true`. */
  totalRows(): number | null | undefined {
    return this.loadResponses[0].total;
  }

  /** The rows as Cube returned them (regular results only). */
  rawData(): T[] {
    return regularResult(this).data;
  }

  /** Titles, types and formats of the result's members (regular results only). */
  annotation(): QueryAnnotations {
    return regularResult(this).annotation;
  }

  /**
   * The rows of one result with each time value that has no granularity member in its row copied
   * to its granularity member (`Orders.ts` → `Orders.ts.day`), as older Cube versions answered;
   * computed once per result and kept in {@link ResultSet.backwardCompatibleData}.
   */
  timeDimensionBackwardCompatibleData(resultIndex: number): T[] {
    if (resultIndex === undefined) throw new Error('resultIndex is required');
    let rows = this.backwardCompatibleData[resultIndex];
    if (!rows) {
      const { data, query } = this.loadResponses[resultIndex];
      const granular = (query.timeDimensions || []).filter((td) => Boolean(td.granularity));
      rows = data.map((row) => {
        const copy: Row = { ...row };
        for (const field of Object.keys(row)) {
          const td = granular.find((d) => d.dimension === field);
          if (td && !row[timeDimensionMember(td)]) copy[timeDimensionMember(td)] = row[field];
        }
        return copy as T;
      });
      this.backwardCompatibleData[resultIndex] = rows;
    }
    return rows;
  }

  /**
   * One regular result set per result, for the methods compare-date-range and blending results lack.
   *
   * @example
   * ```ts
   * resultSet.decompose().forEach((part) => console.log(part.rawData()));
   * ```
   */
  decompose(): ResultSet<T>[] {
    return this.loadResponses.map(
      (result) =>
        new ResultSet<T>(
          {
            queryType: 'regularQuery',
            pivotQuery: { ...result.query, queryType: 'regularQuery' },
            results: [result],
          },
          this.options,
        ),
    );
  }

  /** A deep copy of the response, to store and later restore with {@link ResultSet.serialize}. */
  serialize(): SerializedResult<T> {
    return { loadResponse: deepClone(this.loadResponse) };
  }
}

export default ResultSet;
