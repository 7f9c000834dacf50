/**
 * Types of the query-builder utilities, named as in `@cubejs-client/core` so code typed against the
 * published package compiles unchanged.
 */
import type { Meta } from '../result/Meta';
import type {
  BinaryOperator,
  Query,
  QueryOrder,
  TimeDimensionGranularity,
  UnaryOperator,
} from '../types/query';
import type { PivotConfig } from '../types/response';

/** An `order` written as an object: member → direction, in sort priority. */
export type TQueryOrderObject = Record<string, QueryOrder>;

/** An `order` written as `[member, direction]` pairs, in sort priority. */
export type TQueryOrderArray = [string, QueryOrder][];

/** A member in a query builder's sort list. */
export interface TOrderMember {
  id: string;
  title: string;
  order: QueryOrder | 'none';
}

/** A pivot axis. */
export type TSourceAxis = 'x' | 'y';

/** The chart types the query-builder heuristics choose between. */
export type ChartType = 'line' | 'bar' | 'table' | 'area' | 'number' | 'pie';

/** A member filter as {@link flattenFilters} returns it, outside any `and`/`or` group. */
export interface TFlatFilter {
  /** @deprecated Use `member` instead. */
  dimension?: string;
  member?: string;
  operator: BinaryOperator | UnaryOperator;
  values?: string[];
}

/** What {@link defaultHeuristics} needs besides the two states. */
export interface TDefaultHeuristicsOptions {
  /** The schema: its default time dimension is added when a first measure is chosen. */
  meta: Pick<Meta, 'defaultTimeDimensionNameFor'>;
  /** The granularity the user chose last (default `'day'`). */
  sessionGranularity?: TimeDimensionGranularity;
}

/** A query builder's state as {@link defaultHeuristics} receives it. */
export interface TDefaultHeuristicsState {
  query: Query;
  chartType?: ChartType;
}

/** The state {@link defaultHeuristics} proposes. */
export interface TDefaultHeuristicsResponse {
  shouldApplyHeuristicOrder: boolean;
  pivotConfig: PivotConfig | null;
  query: Query;
  chartType?: ChartType;
  sessionGranularity?: TimeDimensionGranularity | null;
}
