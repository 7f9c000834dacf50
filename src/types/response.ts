/**
 * Types of Cube's `/load` response and of what {@link ResultSet} derives from it.
 * @see https://cube.dev/docs/product/apis-integrations/rest-api/reference#base_pathv1load
 */
import type { Query, TimeDimensionGranularity } from './query';

/** One data row: member name → value, as Cube sends it (values are strings, numbers or null). */
export type Row = Record<string, unknown>;

/** The three shapes a query result takes. */
export type QueryType = 'regularQuery' | 'compareDateRangeQuery' | 'blendingQuery';

/** A custom granularity as annotated on a time dimension (`interval` is a SQL interval, e.g. `'2 weeks'`). */
export interface GranularityAnnotation {
  name: string;
  title: string;
  interval: string;
  offset?: string;
  origin?: string;
}

/** How Cube describes one member of a result. */
export interface Annotation {
  title: string;
  shortTitle: string;
  type: string;
  meta?: unknown;
  format?: unknown;
  formatDescription?: unknown;
  currency?: string;
  drillMembers?: string[];
  drillMembersGrouped?: { measures?: string[]; dimensions?: string[] };
  granularity?: GranularityAnnotation;
}

/** Annotations of every member of a result, by section. */
export interface QueryAnnotations {
  dimensions: Record<string, Annotation>;
  measures: Record<string, Annotation>;
  timeDimensions: Record<string, Annotation>;
  segments: Record<string, Annotation>;
}

/** The query a result answered, plus how its results combine. */
export type PivotQuery = Query & { queryType: QueryType };

/** One result of a `/load` call: the normalized query, its rows and the member annotations. */
export interface LoadResponseResult<T = Row> {
  query: Query;
  data: T[];
  annotation: QueryAnnotations;
  lastRefreshTime?: string;
  external?: boolean | null;
  dbType?: string;
  extDbType?: string;
  requestId?: string;
  usedPreAggregations?: Record<string, unknown>;
  transformedQuery?: Record<string, unknown>;
  slowQuery?: boolean;
  /** Present when the query asked for `total: true`. */
  total?: number;
  [key: string]: unknown;
}

/** A `/load` response in the multi-result form (`queryType=multi`): what `ResultSet` keeps. */
export interface LoadResponse<T = Row> {
  queryType: QueryType;
  results: LoadResponseResult<T>[];
  pivotQuery: PivotQuery;
  slowQuery?: boolean;
  [key: string]: unknown;
}

/** A result in Cube's `compact` response format: one array of values per row. */
export interface CompactData {
  members: string[];
  dataset: unknown[][];
}

/** A result in Cube's `columnar` response format: one array of values per member. */
export interface ColumnarData {
  members: string[];
  columns: unknown[][];
}

/** One result of a raw `/load` body: rows may still be in the compact or columnar format. */
export interface RawLoadResponseResult {
  query: Query;
  annotation: QueryAnnotations;
  data: Row[] | CompactData | ColumnarData;
  [key: string]: unknown;
}

/** A raw `/load` body before the row formats are expanded (what the HTTP layer receives). */
export interface RawLoadResponse {
  queryType?: QueryType;
  results?: RawLoadResponseResult[];
  pivotQuery?: PivotQuery;
  [key: string]: unknown;
}

/**
 * How rows are laid out by `pivot`, `chartPivot`, `tablePivot` and friends.
 * `x` members become rows (categories), `y` members become columns (series);
 * the special member `'measures'` stands for the query's measures.
 *
 * @example
 * ```ts
 * resultSet.chartPivot({ x: ['Orders.createdAt.month'], y: ['Orders.status', 'measures'] });
 * ```
 */
export interface PivotConfig {
  x?: string[];
  y?: string[];
  /** Fill gaps of the time axis (default `true` when the only x member is a time dimension). */
  fillMissingDates?: boolean | null;
  /** Value of a missing cell (default `0`). */
  fillWithValue?: string | number | null;
  /** For multi-result queries: join the x values of all results into one label. */
  joinDateRange?: boolean | ((...args: never[]) => unknown);
  /** Prefix of each series key, by series index (useful when blending repeats a measure). */
  aliasSeries?: string[];
}

/** A pivot config with both axes resolved. */
export type PivotConfigFull = Omit<PivotConfig, 'x' | 'y'> & { x: string[]; y: string[] };

/** A value on a pivot axis: a member value, or a measure name. */
export type AxisValue = string | number | boolean | null;

/** One row of {@link ResultSet.pivot}. */
export interface PivotRow {
  xValues: AxisValue[];
  yValuesArray: Array<[AxisValue[], unknown]>;
}

/** One row of {@link ResultSet.chartPivot}: `x` label, its parts, and one key per series. */
export interface ChartPivotRow {
  x: string;
  xValues: AxisValue[];
  [key: string]: unknown;
}

/** One row of {@link ResultSet.tablePivot}. */
export type TablePivotRow = Record<string, unknown>;

/** A series name as returned by {@link ResultSet.seriesNames}. */
export interface SeriesNamesColumn {
  key: string;
  title: string;
  shortTitle: string;
  yValues: AxisValue[];
}

/** One point of a series. */
export interface SeriesPoint {
  value: unknown;
  x: string;
}

/** A series as returned by {@link ResultSet.series}. */
export interface Series<T = SeriesPoint> {
  key: string;
  title: string;
  shortTitle: string;
  series: T[];
}

/** A column of {@link ResultSet.tableColumns}; nested when `y` holds dimensions. */
export interface TableColumn {
  key: string;
  dataIndex?: string;
  title: string;
  shortTitle: string;
  type?: string;
  format?: unknown;
  meta?: unknown;
  currency?: string;
  granularity?: string;
  children?: TableColumn[];
}

/** Where a drill-down starts: the x (and y) values of a chart point. */
export interface DrillDownLocator {
  xValues: AxisValue[];
  yValues?: AxisValue[];
}

/** What {@link ResultSet.serialize} returns and {@link ResultSet.deserialize} accepts. */
export interface SerializedResult<T = Row> {
  loadResponse: LoadResponse<T>;
}

/** Options of a {@link ResultSet}. */
export interface ResultSetOptions {
  /** Turn measure values that look like local ISO timestamps into `Date`s in `chartPivot`. */
  parseDateMeasures?: boolean;
}

export type { TimeDimensionGranularity };
