/**
 * Types of the `CubeApi` methods' own inputs and outputs (beyond result sets and meta): dry runs,
 * the SQL API, response formats and the row typing of `load` for a literal query.
 */
import type { LoadMethodOptions } from './options';
import type { DeeplyReadonly, Query, QueryOrder } from './query';
import type { PivotQuery, QueryType, TransformedQuery } from './response';

/** Per-call options of `meta`. */
export type MetaMethodOptions = LoadMethodOptions & {
  /** Ask for views only; servers predating the flag ignore it and return the whole model. */
  onlyViews?: boolean;
  /** Ask for the extended model (`/meta?extended=true`: SQL and more of each member). */
  extended?: boolean;
};

/** How `/load` lays out the rows of a result on the wire; `ResultSet`s are the same for all. */
export type ResponseFormat = 'compact' | 'columnar' | 'default' | undefined;

/** Returned synchronously by `subscribe` and the callback forms of the methods. */
export interface UnsubscribeObj {
  /** Stops polling (or the transport's subscription) and cancels the request in flight. */
  unsubscribe(): Promise<void>;
}

/** What `dryRun` resolves with: the normalized queries and how Cube would run them. */
export interface DryRunResponse {
  queryType: QueryType;
  normalizedQueries: Query[];
  pivotQuery: PivotQuery;
  queryOrder: Array<{ [member: string]: QueryOrder }>;
  transformedQueries: TransformedQuery[];
}

/** @deprecated The published client's older name of {@link DryRunResponse}. */
export type TDryRunResponse = DryRunResponse;

/** Per-call options of `cubeSql` and `cubeSqlStream`. */
export type CubeSqlOptions = LoadMethodOptions & {
  /** Milliseconds the query may take (the HTTP attempt's timeout). */
  timeout?: number;
  /** IANA time zone to run the query in, e.g. `America/Los_Angeles`; the deployment's by default. */
  timezone?: string;
};

/** One column of a SQL API result. */
export interface CubeSqlSchemaColumn {
  name: string;
  column_type: string;
  format?: string | Record<string, unknown>;
}

/** About the result as a whole; each field is absent when the server did not report it. */
export interface CubeSqlResultMetadata {
  lastRefreshTime?: string;
  /** Only ever `true`: the result came from the pre-aggregation store. */
  external?: boolean;
  /** The pre-aggregations the result was served from, by table name. */
  usedPreAggregations?: Record<string, Record<string, unknown>>;
}

/** A value of a SQL API row. */
export type CubeSqlValue = string | number | boolean | null;

/** What `cubeSql` resolves with: the columns, then the rows as arrays of values. */
export type CubeSqlResult = {
  schema: CubeSqlSchemaColumn[];
  data: CubeSqlValue[][];
} & CubeSqlResultMetadata;

/** One item of `cubeSqlStream`: the schema first, then rows (one per chunk), or an error the server sent. */
export type CubeSqlStreamChunk =
  | ({ type: 'schema'; schema: CubeSqlSchemaColumn[] } & CubeSqlResultMetadata)
  | { type: 'data'; data: CubeSqlValue[] }
  | { type: 'error'; error: string };

/** The member names a time dimension entry adds to a row: the dimension, and `dimension.granularity`. */
export type ExtractTimeMember<T> = T extends { dimension: infer Dimension; granularity: infer Granularity }
  ? Dimension | `${Dimension & string}.${Granularity & string}`
  : never;

/** {@link ExtractTimeMember} over a tuple of time dimensions. */
export type ExtractTimeMembers<T> = T extends readonly [infer First, ...infer Rest]
  ? ExtractTimeMember<First> | ExtractTimeMembers<Rest>
  : never;

/** The member names of a literal query's rows. */
export type ExtractMembers<T extends DeeplyReadonly<Query>> =
  | (T extends { dimensions: readonly (infer Names)[] } ? Names : never)
  | (T extends { measures: readonly (infer Names)[] } ? Names : never)
  | (T extends { timeDimensions: infer U } ? ExtractTimeMembers<U> : never);

/** The row type of one literal query (`as const`); `any` when its members are not known to the compiler. */
export type SingleQueryRecordType<T extends DeeplyReadonly<Query>> =
  ExtractMembers<T> extends never
    ? // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as published: unknown members give untyped rows
      any
    : { [K in string & ExtractMembers<T>]: string | number | boolean | null };

/** The row types of a literal tuple of queries. */
export type QueryArrayRecordType<T extends DeeplyReadonly<Query[]>> = T extends readonly [
  infer First,
  ...infer Rest,
]
  ? | (First extends DeeplyReadonly<Query> ? SingleQueryRecordType<First> : never)
    | QueryArrayRecordType<Rest & DeeplyReadonly<Query[]>>
  : never;

/**
 * The row type `load` gives a literal query: `cubeApi.load({ measures: ['Orders.count'] } as const)`
 * resolves to a `ResultSet` whose rows have an `'Orders.count'` key.
 */
export type QueryRecordType<T extends DeeplyReadonly<Query | Query[]>> =
  T extends DeeplyReadonly<Query[]>
    ? QueryArrayRecordType<T>
    : T extends DeeplyReadonly<Query>
      ? SingleQueryRecordType<T>
      : never;
