import type { DeeplyReadonly, Filter, Query } from '../types/query';
import { flattenFilters } from './flattenFilters';

/**
 * Every member a query mentions, each once, in this order: measures, dimensions, segments, time
 * dimensions, then the members of its filters (nested groups included).
 *
 * @example
 * ```ts
 * getQueryMembers({ measures: ['Orders.count'], filters: [{ member: 'Orders.status', operator: 'set' }] });
 * // ['Orders.count', 'Orders.status']
 * ```
 */
export function getQueryMembers(query: DeeplyReadonly<Query> = {}): string[] {
  const members = new Set<string>([
    ...(query.measures || []),
    ...(query.dimensions || []),
    ...(query.segments || []),
  ]);
  for (const td of query.timeDimensions || []) members.add(td.dimension);
  for (const filter of flattenFilters(query.filters as Filter[] | undefined)) {
    // `dimension` is the old name of `member`; queries written before the rename still use it.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    const member = filter.dimension || filter.member;
    if (typeof member === 'string') members.add(member);
  }
  return [...members];
}
