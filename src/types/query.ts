/**
 * Query types of Cube's REST API (the `query` parameter of `/load`, `/sql` and `/dry-run`).
 * @see https://cube.dev/docs/product/apis-integrations/rest-api/query-format
 */

/** Sort direction of one member in {@link Query.order}. */
export type QueryOrder = 'asc' | 'desc' | 'none';

/** A date range: a relative phrase such as `'last 7 days'`, or `[from, to]` ISO dates. */
export type DateRange = string | [string, string];

/** Time granularities Cube knows; custom granularities are plain strings. */
export type TimeDimensionGranularity =
  'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year' | (string & {});

/** A time dimension with an optional granularity and date range (or compared ranges). */
export interface TimeDimension {
  dimension: string;
  granularity?: TimeDimensionGranularity;
  dateRange?: DateRange;
  /** Several ranges compared side by side; the result becomes one result set per range. */
  compareDateRange?: DateRange[];
}

/** Operators of a filter with values. */
export type BinaryOperator =
  | 'equals'
  | 'notEquals'
  | 'contains'
  | 'notContains'
  | 'startsWith'
  | 'notStartsWith'
  | 'endsWith'
  | 'notEndsWith'
  | 'gt'
  | 'gte'
  | 'lt'
  | 'lte'
  | 'inDateRange'
  | 'notInDateRange'
  | 'beforeDate'
  | 'beforeOrOnDate'
  | 'afterDate'
  | 'afterOrOnDate';

/** Operators of a filter without values. */
export type UnaryOperator = 'set' | 'notSet';

/** A filter on one member. */
export interface MemberFilter {
  member?: string;
  /** Older spelling of `member`. */
  dimension?: string;
  /** `measureFilter` is what `ResultSet.drillDown` puts first: keep the measure's own filters. */
  operator: BinaryOperator | UnaryOperator | 'measureFilter';
  values?: (string | number | boolean | null)[];
}

/** A filter: on one member, or a boolean combination. */
export type Filter = MemberFilter | { or: Filter[] } | { and: Filter[] };

/** A Cube query. */
export interface Query {
  measures?: string[];
  dimensions?: string[];
  segments?: string[];
  timeDimensions?: TimeDimension[];
  filters?: Filter[];
  order?: Record<string, QueryOrder> | [string, QueryOrder][];
  limit?: number;
  offset?: number;
  total?: boolean;
  timezone?: string;
  renewQuery?: boolean;
  ungrouped?: boolean;
  responseFormat?: 'default' | 'compact' | 'columnar';
}

/**
 * `T` with every array and object read-only, all the way down; what the API methods accept, so
 * that `as const` queries work as with the published client.
 */
export type DeeplyReadonly<T> = T extends (infer U)[]
  ? readonly DeeplyReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeeplyReadonly<T[K]> }
    : T;

/** A query or several (blending, compared ranges), mutable or read-only. */
export type QueryInput = DeeplyReadonly<Query | Query[]>;
