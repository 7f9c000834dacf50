import type { DeeplyReadonly, Query, QueryOrder } from '../types/query';

/**
 * The order a query builder proposes for a query: ascending by the first time dimension with a
 * granularity; else descending by the first measure when there are dimensions too; else ascending
 * by the first dimension; else none (`{}`).
 *
 * @example
 * ```ts
 * defaultOrder({ measures: ['Orders.count'], dimensions: ['Orders.status'] }); // { 'Orders.count': 'desc' }
 * ```
 */
export function defaultOrder(query: DeeplyReadonly<Query>): Record<string, QueryOrder> {
  const timeDimension = (query.timeDimensions || []).find((td) => td.granularity);
  const measures = query.measures || [];
  const dimensions = query.dimensions || [];
  if (timeDimension) return { [timeDimension.dimension]: 'asc' };
  if (measures.length > 0 && dimensions.length > 0) return { [measures[0]]: 'desc' };
  if (dimensions.length > 0) return { [dimensions[0]]: 'asc' };
  return {};
}
