import type { DeeplyReadonly, Query } from '../types/query';
import { deepEqual } from '../utils/deepEqual';

/**
 * Whether two queries are the same query: equal as data (key order aside), and with the `order`
 * members in the same sequence, since that sequence is the sort priority.
 *
 * @example
 * ```ts
 * areQueriesEqual({ measures: ['A.x'], limit: 5 }, { limit: 5, measures: ['A.x'] }); // true
 * areQueriesEqual({ order: { 'A.x': 'asc', 'A.y': 'asc' } }, { order: { 'A.y': 'asc', 'A.x': 'asc' } }); // false
 * ```
 */
export function areQueriesEqual(
  query1: DeeplyReadonly<Query> | null | undefined,
  query2: DeeplyReadonly<Query> | null | undefined,
): boolean {
  return (
    deepEqual(Object.entries(query1?.order || {}), Object.entries(query2?.order || {})) &&
    deepEqual(query1, query2)
  );
}
