import type { DeeplyReadonly, Filter, Query, TimeDimension } from '../types/query';
import { removeEmptyQueryFields } from './removeEmptyQueryFields';

/**
 * The query a builder may send: filters without an `operator` (still being edited) and time
 * dimensions with neither a `dateRange` nor a `granularity` are dropped, then the empty fields
 * (see {@link removeEmptyQueryFields}). `null` gives `{}`.
 *
 * @example
 * ```ts
 * validateQuery({ measures: ['Orders.count'], filters: [{ member: 'Orders.status' }] });
 * // { measures: ['Orders.count'] }
 * ```
 */
export function validateQuery(query: DeeplyReadonly<Query> | null | undefined): Query {
  const source = (query || {}) as Query;
  return removeEmptyQueryFields({
    ...source,
    filters: (source.filters || []).filter((filter: Filter) => 'operator' in filter),
    timeDimensions: (source.timeDimensions || []).filter(
      (td: TimeDimension) => !!(td.dateRange || td.granularity),
    ),
  });
}
