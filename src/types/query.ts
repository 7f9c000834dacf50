/**
 * Query types of Cube's REST API (the `query` parameter of `/load`, `/sql` and `/dry-run`), named
 * and shaped as in `@cubejs-client/core`'s `.d.ts`, so code typed against it compiles here.
 * @see https://cube.dev/docs/product/apis-integrations/rest-api/query-format
 */
import type { TQueryOrderArray, TQueryOrderObject } from '../query/types';
import type { TimeDimensionPredefinedGranularity } from '../time/granularities';

/** Sort direction of one member in {@link Query.order}. */
export type QueryOrder = 'asc' | 'desc' | 'none';

/** A date range: a relative phrase such as `'last 7 days'`, or `[from, to]` ISO dates. */
export type DateRange = string | [string, string];

/** A granularity: a predefined one, or the name of a custom granularity of the dimension. */
export type TimeDimensionGranularity = TimeDimensionPredefinedGranularity | (string & {});

/** A time dimension with an optional granularity and date range. */
export interface TimeDimensionBase {
  dimension: string;
  granularity?: TimeDimensionGranularity;
  dateRange?: DateRange;
}

/** A time dimension compared over several ranges: the result is one result set per range. */
export interface TimeDimensionComparison extends TimeDimensionBase {
  compareDateRange: Array<DateRange>;
}

/** A time dimension of a query. */
export type TimeDimension = TimeDimensionBase | TimeDimensionComparison;

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

/** A filter on one member with values. */
export interface BinaryFilter {
  /** Older spelling of `member`. */
  dimension?: string;
  member?: string;
  operator: BinaryOperator;
  values: string[];
}

/** A filter on one member without values (`set`, `notSet`). */
export interface UnaryFilter {
  /** Older spelling of `member`. */
  dimension?: string;
  member?: string;
  operator: UnaryOperator;
  values?: never;
}

/** Every one of its filters holds. */
export type LogicalAndFilter = { and: Filter[] };

/** At least one of its filters holds. */
export type LogicalOrFilter = { or: Filter[] };

/** A filter: on one member, or a boolean combination. */
export type Filter = BinaryFilter | UnaryFilter | LogicalOrFilter | LogicalAndFilter;

/** A Cube query. */
export interface Query {
  measures?: string[];
  dimensions?: string[];
  filters?: Filter[];
  timeDimensions?: TimeDimension[];
  segments?: string[];
  limit?: null | number;
  rowLimit?: null | number;
  offset?: number;
  order?: TQueryOrderObject | TQueryOrderArray;
  timezone?: string;
  /** Ask Cube to refresh its cache for this query (not in the published client's type). */
  renewQuery?: boolean;
  ungrouped?: boolean;
  responseFormat?: 'compact' | 'columnar' | 'default';
  total?: boolean;
}

/**
 * `T` with every property read-only, all the way down (arrays become read-only arrays); what the
 * API methods accept, so that `as const` queries work as with the published client.
 */
export type DeeplyReadonly<T> = { readonly [K in keyof T]: DeeplyReadonly<T[K]> };

/** A query or several (blending, compared ranges), mutable or read-only. */
export type QueryInput = DeeplyReadonly<Query | Query[]>;

/** How Cube's cache may answer a load (`LoadMethodOptions.cache`). */
export type CacheMode = 'stale-if-slow' | 'stale-while-revalidate' | 'must-revalidate' | 'no-cache';

/** The member lists a cube has. */
export type MemberType = 'measures' | 'dimensions' | 'segments';
