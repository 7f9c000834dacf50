import type { Filter } from '../types/query';
import type { TFlatFilter } from './types';

function collectMemberFilters(filters: readonly Filter[], into: TFlatFilter[]): TFlatFilter[] {
  for (const filter of filters) {
    // A group without its list is an empty group; a `null` list fails, as in the published client.
    if ('or' in filter) collectMemberFilters(filter.or === undefined ? [] : filter.or, into);
    else if ('and' in filter) collectMemberFilters(filter.and === undefined ? [] : filter.and, into);
    else into.push(filter);
  }
  return into;
}

/**
 * The member filters of a filter tree, in reading order, with every `and`/`or` group opened.
 *
 * @example
 * ```ts
 * flattenFilters([{ or: [{ member: 'A.x', operator: 'set' }, { and: [{ member: 'A.y', operator: 'set' }] }] }]);
 * // [{ member: 'A.x', operator: 'set' }, { member: 'A.y', operator: 'set' }]
 * ```
 */
export function flattenFilters(filters: readonly Filter[] = []): TFlatFilter[] {
  return collectMemberFilters(filters, []);
}
