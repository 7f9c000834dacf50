/* eslint-disable @typescript-eslint/no-explicit-any -- cell values, pivot rows and annotations are
   `any` in the published client's types; code typed against it uses them without narrowing, so
   they are `any` here too. */
/**
 * Types of Cube's `/load` response and of what {@link ResultSet} derives from it, named and shaped
 * as in `@cubejs-client/core`'s `.d.ts`, so code typed against it compiles here.
 * @see https://cube.dev/docs/product/apis-integrations/rest-api/reference#base_pathv1load
 */
import type { DimensionFormat, FormatDescription, MeasureFormat } from './meta';
import type { Query, TimeDimensionGranularity } from './query';

/** The three shapes a query result takes. */
export type QueryType = 'regularQuery' | 'compareDateRangeQuery' | 'blendingQuery';

/** One data row: member name → value, as Cube sends it (values are strings, numbers or null). */
export type Row = Record<string, unknown>;

/** A custom granularity as annotated on a time dimension (`interval` is a SQL interval, e.g. `'2 weeks'`). */
export type GranularityAnnotation = {
  name: string;
  title: string;
  interval: string;
  offset?: string;
  origin?: string;
};

/** How Cube describes one member of a result. */
export type Annotation = {
  title: string;
  shortTitle: string;
  type: string;
  meta?: any;
  format?: DimensionFormat | MeasureFormat;
  formatDescription?: FormatDescription;
  currency?: string;
  drillMembers?: any[];
  drillMembersGrouped?: any;
  granularity?: GranularityAnnotation;
};

/** Annotations of every member of a result, by section. */
export type QueryAnnotations = {
  dimensions: Record<string, Annotation>;
  measures: Record<string, Annotation>;
  timeDimensions: Record<string, Annotation>;
  segments: Record<string, Annotation>;
};

/** The query a result answered, plus how its results combine. */
export type PivotQuery = Query & { queryType: QueryType };

type LeafMeasure = {
  measure: string;
  additive: boolean;
  type: 'count' | 'countDistinct' | 'sum' | 'min' | 'max' | 'number' | 'countDistinctApprox';
};

/** How Cube planned a query (in `/load` and `/dry-run` replies): what pre-aggregation matching reads. */
export type TransformedQuery = {
  allFiltersWithinSelectedDimensions: boolean;
  granularityHierarchies: Record<string, string[]>;
  hasMultipliedMeasures: boolean;
  hasNoTimeDimensionsWithoutGranularity: boolean;
  isAdditive: boolean;
  leafMeasureAdditive: boolean;
  leafMeasures: string[];
  measures: string[];
  sortedDimensions: string[];
  sortedTimeDimensions: [[string, string]];
  measureToLeafMeasures?: Record<string, LeafMeasure[]>;
  ownedDimensions: string[];
  ownedTimeDimensionsAsIs: [[string, string | null]];
  ownedTimeDimensionsWithRollupGranularity: [[string, string]];
};

/** The kinds of pre-aggregation a result can come from. */
export type PreAggregationType = 'rollup' | 'rollupJoin' | 'rollupLambda' | 'originalSql';

/** A pre-aggregation a result was read from. */
export type UsedPreAggregation = {
  preAggregationId?: string;
  targetTableName?: string;
  lastUpdatedAt?: number;
  type: PreAggregationType;
};

/** One result of a `/load` call: the normalized query, its rows and the member annotations. */
export type LoadResponseResult<T = any> = {
  annotation: QueryAnnotations;
  lastRefreshTime: string;
  query: Query;
  data: T[];
  external: boolean | null;
  dbType: string;
  extDbType: string;
  requestId?: string;
  usedPreAggregations?: Record<string, UsedPreAggregation>;
  transformedQuery?: TransformedQuery;
  /** Present when the query asked for `total: true`. */
  total?: number;
};

/** A `/load` response in the multi-result form (`queryType=multi`): what `ResultSet` keeps. */
export type LoadResponse<T = any> = {
  queryType: QueryType;
  results: LoadResponseResult<T>[];
  pivotQuery: PivotQuery;
  slowQuery?: boolean;
  [key: string]: any;
};

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

/** One row of a pivot, as a `joinDateRange` function receives it. */
export type Pivot = any;

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
export type PivotConfig = {
  /** For multi-result queries: join the x values of all results into one label when set. */
  joinDateRange?: ((pivots: Pivot[], joinDateRange: any) => PivotRow[]) | false;
  x?: string[];
  y?: string[];
  /** Fill gaps of the time axis (default `true` when the only x member is a time dimension). */
  fillMissingDates?: boolean | null;
  /** Value of a missing cell (default `0`). */
  fillWithValue?: string | number | null;
  /** Prefix of each series key, by series index (useful when blending repeats a measure). */
  aliasSeries?: string[];
};

/** A pivot config with both axes resolved. */
export type PivotConfigFull = Omit<PivotConfig, 'x' | 'y'> & { x: string[]; y: string[] };

/** A value on a pivot axis as this package computes it: a member value, or a measure name. */
export type AxisValue = string | number | boolean | null;

/** One row of {@link ResultSet.pivot}. */
export type PivotRow = {
  xValues: Array<string | number>;
  yValuesArray: Array<[string[], string]>;
};

/** One row of {@link ResultSet.chartPivot}: `x` label, its parts, and one key per series. */
export type ChartPivotRow = {
  x: string;
  xValues: string[];
  [key: string]: any;
};

/** One row of {@link ResultSet.tablePivot}. */
export type TablePivotRow = { [key: string]: string | number | boolean };

/** A series name as returned by {@link ResultSet.seriesNames}. */
export type SeriesNamesColumn = {
  key: string;
  title: string;
  shortTitle: string;
  yValues: string[];
};

/** One point of a series. */
export interface SeriesPoint {
  value: any;
  x: string;
}

/** A series as returned by {@link ResultSet.series}. */
export type Series<T = SeriesPoint> = {
  key: string;
  title: string;
  shortTitle: string;
  series: T[];
};

/** A column without data, as chart libraries take it. */
export type Column = {
  key: string;
  title: string;
  series: [];
};

/** A column of {@link ResultSet.tableColumns}; nested when `y` holds dimensions. */
export type TableColumn = {
  key: string;
  dataIndex: string;
  meta?: any;
  type: string | number;
  title: string;
  shortTitle: string;
  format?: any;
  currency?: string;
  granularity?: string;
  children?: TableColumn[];
};

/** Where a drill-down starts: the x (and y) values of a chart point. */
export type DrillDownLocator = {
  xValues: string[];
  yValues?: string[];
};

/** What {@link ResultSet.serialize} returns and {@link ResultSet.deserialize} accepts. */
export type SerializedResult<T = any> = {
  loadResponse: LoadResponse<T>;
};

/** Options of a {@link ResultSet}. */
export type ResultSetOptions = {
  /** Turn measure values that look like local ISO timestamps into `Date`s in `chartPivot`. */
  parseDateMeasures?: boolean;
};

export type { TimeDimensionGranularity };
