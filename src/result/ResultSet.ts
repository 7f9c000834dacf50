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
  TableColumn,
  TablePivotRow,
} from '../types/response';
import { aliasSeries, axisValuesString } from './axis';
import { TupleSet } from './distinct';
import { deepClone } from './objects';
import { mergePivots, pivotResult, RowReaders, type PivotTable } from './pivot';
import { normalizePivotConfig, timeDimensionMember } from './pivotConfig';
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

const QUERY_TYPES: readonly string[] = Object.values(QUERY_TYPE);

/** Turns a measure value into a number (or, with `parseDateMeasures`, a `Date`) for charts. */
function chartValue(value: unknown, parseDates: boolean | undefined): unknown {
  if (!value || typeof value === 'number') return value;
  if (parseDates && LocalDateRegex.test(value as string)) return new Date(value as string);
  const n = Number.parseFloat(value as string);
  return Number.isNaN(n) ? value : n;
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
export class ResultSet<T extends Row = Row> {
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
  private readonly readerCache: RowReaders[] = [];

  /** The measure at the end of an axis tuple. */
  static measureFromAxis(axisValues: readonly AxisValue[]): AxisValue | undefined {
    return axisValues[axisValues.length - 1];
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
  static deserialize<TData extends Row = Row>(
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
    if ('queryType' in loadResponse && loadResponse.queryType != null) {
      const multi = loadResponse as LoadResponse<T>;
      this.loadResponse = multi;
      this.queryType = multi.queryType;
      this.loadResponses = multi.results;
    } else {
      const single = loadResponse as LoadResponseResult<T>;
      this.queryType = QUERY_TYPE.REGULAR_QUERY;
      this.loadResponse = {
        ...single,
        pivotQuery: { ...single.query, queryType: this.queryType },
      } as unknown as LoadResponse<T>;
      this.loadResponses = [single];
    }
    if (!QUERY_TYPES.includes(this.queryType)) throw new Error('Unknown query type');
    this.parseDateMeasures = options.parseDateMeasures;
    this.options = options;
  }

  private readers(index: number): RowReaders {
    let readers = this.readerCache[index];
    if (!readers) {
      readers = new RowReaders(this.loadResponses[index]);
      this.readerCache[index] = readers;
    }
    return readers;
  }

  private regularOnly(): LoadResponseResult<T> {
    if (this.queryType !== QUERY_TYPE.REGULAR_QUERY) {
      throw new Error(`Method is not supported for a '${this.queryType}' query type. Please use decompose`);
    }
    return this.loadResponses[0];
  }

  /** Measures that more than one blended query asks for (their series get an index prefix). */
  private duplicateMeasures(): Set<unknown> {
    const duplicates = new Set<unknown>();
    if (this.queryType === QUERY_TYPE.BLENDING_QUERY) {
      const all = this.loadResponses.flatMap(({ query }) => query.measures ?? []);
      all.forEach((m, i) => {
        if (all.indexOf(m) !== i) duplicates.add(m);
      });
    }
    return duplicates;
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
    if (this.queryType === QUERY_TYPE.COMPARE_DATE_RANGE_QUERY) {
      throw new Error('compareDateRange drillDown query is not currently supported');
    }
    if (this.queryType === QUERY_TYPE.BLENDING_QUERY) {
      throw new Error('Data blending drillDown query is not currently supported');
    }
    const { query, annotation } = this.loadResponses[0];
    const xValues = drillDownLocator?.xValues ?? [];
    const yValues = drillDownLocator?.yValues ?? [];
    const config = this.normalizePivotConfig(pivotConfig);
    const located: Array<[string, AxisValue | undefined]> = [
      ...config.x.map((m, i): [string, AxisValue | undefined] => [m, xValues[i]]),
      ...config.y.map((m, i): [string, AxisValue | undefined] => [m, yValues[i]]),
    ];
    const { filters: parentFilters = [], segments = [] } = this.query();
    const { measures, timeDimensions: timeAnnotations } = annotation;

    let measureName = located.find(([m]) => m === 'measures')?.[1] as string | undefined;
    if (measureName === undefined) measureName = Object.keys(measures)[0];
    const measure = measures[measureName];
    if (!(measure?.drillMembers?.length ?? 0)) return null;

    const filters: Filter[] = [{ member: measureName, operator: 'measureFilter' }, ...parentFilters];
    const timeDimensions: TimeDimension[] = [];
    for (const [member, value] of located) {
      if (member === 'measures') continue;
      const [cubeName, dimension, granularity] = member.split('.');
      if (granularity !== undefined) {
        let [start, end] = bucketOf(value, granularity, timeAnnotations);
        const original = query.timeDimensions?.find((td) => td.dimension);
        if (original?.dateRange) {
          const [from, to] = original.dateRange;
          const fromT = parseWallClock(from);
          const toT = parseWallClock(to);
          if (fromT > start) start = fromT;
          if (toT < end) end = toT;
        }
        timeDimensions.push({
          dimension: `${cubeName}.${dimension}`,
          dateRange: [formatWallClock(start), formatWallClock(end)],
        });
      } else if (value == null) {
        filters.push({ member, operator: 'notSet' });
      } else {
        filters.push({ member, operator: 'equals', values: [value.toString()] });
      }
    }
    const first = query.timeDimensions?.[0];
    if (
      timeDimensions.length === 0 &&
      Array.isArray(query.timeDimensions) &&
      first &&
      first.granularity == null
    ) {
      timeDimensions.push(first);
    }
    // Key order follows the published client: drill members, filters, segments, time dimensions.
    const drill: Record<string, unknown> = { ...measure?.drillMembersGrouped, filters };
    if (segments.length > 0) drill.segments = segments;
    drill.timeDimensions = timeDimensions;
    drill.segments = segments;
    drill.timezone = query.timezone;
    return drill;
  }

  /**
   * One series per y combination (usually per measure), each a list of `{ value, x }` points.
   *
   * @example
   * ```ts
   * resultSet.series(); // [{ key: 'Orders.count', title: 'Orders Count', shortTitle: 'Count', series: [{ x, value }, ...] }]
   * ```
   */
  series(pivotConfig?: PivotConfig | null): Series[] {
    const names = this.seriesNames(pivotConfig);
    if (!names.length) return [];
    const chart = this.chartPivot(pivotConfig);
    return names.map(({ title, shortTitle, key }) => ({
      title,
      shortTitle,
      key,
      series: chart.map((row) => ({ value: key === 'x' ? undefined : row[key], x: row.x })),
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
    const { granularity } = timeDimension;
    if (!granularity) return null;
    let start: unknown;
    let end: unknown;
    if (timeDimension.dateRange) {
      [start, end] = timeDimension.dateRange;
    } else {
      const read = this.readers(resultIndex || 0).reader(timeDimensionMember(timeDimension));
      let found = false;
      let min = NaN;
      let max = NaN;
      for (const row of this.loadResponses[resultIndex || 0].data) {
        const value = read(row);
        if (!value) continue;
        const t = parseWallClock(value);
        if (!found) {
          found = true;
          min = t;
          max = t;
        } else {
          // NaN never compares, so an unparseable first value sticks, as in the published client.
          if (t < min) min = t;
          if (t > max) max = t;
        }
      }
      if (!found) return null;
      // The published client passes the bounds through `Date#toUTCString`, which drops milliseconds.
      start = startOfUnit(min, 'second');
      end = startOfUnit(max, 'second');
    }
    const padToDay = timeDimension.dateRange
      ? (timeDimension.dateRange as string[]).find((d) => d.match(DateRegex))
      : !['hour', 'minute', 'second'].includes(granularity);
    if (isPredefinedGranularity(granularity)) {
      return predefinedTimeSeries(granularity, parseWallClock(start), parseWallClock(end), !!padToDay);
    }
    const annotation = annotations?.[`${timeDimension.dimension}.${granularity}`];
    if (!annotation) {
      throw new Error(
        `Granularity "${granularity}" not found in time dimension "${timeDimension.dimension}"`,
      );
    }
    return customTimeSeries(start, end, annotation.granularity as NonNullable<Annotation['granularity']>);
  }

  /** The pivot as a compact table; every row-shaped method builds on it. */
  private pivotTable(pivotConfig?: PivotConfig | null): PivotTable {
    const config = this.normalizePivotConfig(pivotConfig);
    const { pivotQuery } = this.loadResponse;
    let granular: string[] | undefined;
    const alignsToSeries = (): boolean => {
      if (!config.fillMissingDates || config.x.length !== 1) return false;
      granular ??= (pivotQuery.timeDimensions || [])
        .filter((td) => Boolean(td.granularity))
        .map(timeDimensionMember);
      return granular.length === 1 && granular[0] === config.x[0];
    };
    const part = (index: number): PivotTable => {
      let series: string[] | null = null;
      if (alignsToSeries()) {
        const all = this.loadResponses.map((lr) =>
          this.timeSeries(
            (lr.query.timeDimensions as TimeDimension[])[0],
            index,
            lr.annotation.timeDimensions,
          ),
        );
        if (all[0]) series = all[index] ?? [];
      }
      return pivotResult({ result: this.loadResponses[index], readers: this.readers(index), series }, config);
    };
    if (this.loadResponses.length > 1) {
      return mergePivots(
        this.loadResponses.map((_, i) => part(i)),
        Boolean(config.joinDateRange),
      );
    }
    return part(0);
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
    const { xValues, yValues, cells } = this.pivotTable(pivotConfig);
    const width = yValues.length;
    const out = new Array<PivotRow>(xValues.length);
    for (let r = 0, c = 0; r < xValues.length; r++) {
      const yValuesArray = new Array<[AxisValue[], unknown]>(width);
      for (let i = 0; i < width; i++) yValuesArray[i] = [yValues[i], cells[c++]];
      out[r] = { xValues: xValues[r], yValuesArray };
    }
    return out;
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
    const { xValues, yValues, cells } = this.pivotTable(pivotConfig);
    const duplicates = this.duplicateMeasures();
    const keys = yValues.map((values, i) =>
      axisValuesString(aliasSeries(values, i, pivotConfig, duplicates), ','),
    );
    const width = keys.length;
    const parseDates = this.parseDateMeasures;
    const out = new Array<ChartPivotRow>(xValues.length);
    for (let r = 0, c = 0; r < xValues.length; r++) {
      const x = xValues[r];
      const row: ChartPivotRow = { x: axisValuesString(x, ','), xValues: x };
      for (let i = 0; i < width; i++) row[keys[i]] = chartValue(cells[c++], parseDates);
      out[r] = row;
    }
    return out;
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
    const withMeasures = config.x.includes('measures') || config.y.includes('measures');
    const { xValues, yValues, cells } = this.pivotTable(config);
    const xKeys = config.x;
    const yKeys = withMeasures ? yValues.map((values) => (values.length ? values.join() : 'value')) : [];
    const width = yValues.length;
    const out = new Array<TablePivotRow>(xValues.length);
    for (let r = 0; r < xValues.length; r++) {
      const x = xValues[r];
      const row: TablePivotRow = {};
      for (let i = 0; i < xKeys.length; i++) row[xKeys[i]] = x[i];
      for (let i = 0, c = r * width; i < yKeys.length; i++) row[yKeys[i]] = cells[c + i];
      out[r] = row;
    }
    return out;
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
    const table = this.pivotTable(config);
    return tableColumns(
      this.loadResponses.map((r) => r.annotation),
      config,
      table.xValues.length ? table.yValues : null,
      this.loadResponses[0]?.query.measures,
    );
  }

  /** The first row of {@link ResultSet.chartPivot}. */
  totalRow(pivotConfig?: PivotConfig | null): ChartPivotRow | undefined {
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
    const measureAnnotations: Record<string, Annotation> = {};
    for (const r of this.loadResponses) Object.assign(measureAnnotations, r.annotation.measures);
    const yMembers = config.y.filter((m) => m !== 'measures');
    const yHasMeasures = config.y.includes('measures');

    const names: AxisValue[][] = [];
    this.loadResponses.forEach((result, index) => {
      const readers = yMembers.map((m) => this.readers(index).reader(m));
      const measures = yHasMeasures ? (result.query.measures ?? []) : [];
      const slotOf = measures.map((m) => measures.indexOf(m));
      const distinct = new TupleSet(Math.max(1, measures.length));
      const values = new Array<AxisValue>(readers.length);
      for (const row of result.data) {
        for (let k = 0; k < readers.length; k++) values[k] = readers[k](row);
        const leaf = distinct.leaf(values);
        if (!measures.length) {
          if (distinct.add(leaf, 0)) names.push(values.slice());
          continue;
        }
        for (let i = 0; i < measures.length; i++) {
          if (!distinct.add(leaf, slotOf[i])) continue;
          const name = values.slice();
          name.push(measures[i]);
          names.push(name);
        }
      }
    });

    const duplicates = this.duplicateMeasures();
    return names.map((axisValues, i) => {
      const aliased = aliasSeries(axisValues, i, config, duplicates);
      const measure = ResultSet.measureFromAxis(axisValues) as string;
      const titled = (field: 'title' | 'shortTitle'): unknown[] =>
        yHasMeasures ? [...aliased.slice(0, -1), measureAnnotations[measure][field]] : aliased;
      return {
        title: axisValuesString(titled('title'), ', '),
        shortTitle: axisValuesString(titled('shortTitle'), ', '),
        key: axisValuesString(aliased, ','),
        yValues: axisValues,
      };
    });
  }

  /** The query of a regular result (use {@link ResultSet.decompose} for the others). */
  query(): Query {
    return this.regularOnly().query;
  }

  /** The query the results were pivoted by, with its `queryType`. */
  pivotQuery(): PivotQuery | null {
    return this.loadResponse.pivotQuery || null;
  }

  /** The total row count, when the query asked for `total: true`. */
  totalRows(): number | null | undefined {
    return this.loadResponses[0].total;
  }

  /** The rows as Cube returned them (regular results only). */
  rawData(): T[] {
    return this.regularOnly().data;
  }

  /** Titles, types and formats of the result's members (regular results only). */
  annotation(): QueryAnnotations {
    return this.regularOnly().annotation;
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
            queryType: QUERY_TYPE.REGULAR_QUERY,
            pivotQuery: { ...result.query, queryType: QUERY_TYPE.REGULAR_QUERY },
            results: [result],
          },
          this.options,
        ),
    );
  }

  /** A deep copy of the response, to store and later restore with {@link ResultSet.deserialize}. */
  serialize(): SerializedResult<T> {
    return { loadResponse: deepClone(this.loadResponse) };
  }
}

export default ResultSet;
