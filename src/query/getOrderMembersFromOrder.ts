import type { QueryOrder } from '../types/query';
import type { TOrderMember, TQueryOrderArray, TQueryOrderObject } from './types';

/**
 * A query builder's sort list: the members named by `order` first, in its sequence and with its
 * direction (`'none'` entries skipped), then the other members with their own order (default
 * `'none'`). Only members present in `orderMembers` are listed.
 *
 * @example
 * ```ts
 * const members = [{ id: 'A.x', title: 'X', order: 'none' }, { id: 'A.y', title: 'Y', order: 'none' }];
 * getOrderMembersFromOrder(members, { 'A.y': 'desc' });
 * // [{ id: 'A.y', title: 'Y', order: 'desc' }, { id: 'A.x', title: 'X', order: 'none' }]
 * ```
 */
export function getOrderMembersFromOrder(
  orderMembers: readonly TOrderMember[],
  order: TQueryOrderObject | TQueryOrderArray | null | undefined,
): TOrderMember[] {
  // By id, the last of duplicates winning; without a prototype so that no id finds an inherited value.
  const byId: Record<string, TOrderMember> = Object.create(null) as Record<string, TOrderMember>;
  for (const member of orderMembers) byId[member.id] = member;
  const entries: [string, QueryOrder][] = Array.isArray(order) ? order : Object.entries(order || {});
  const ordered = new Set<string>();
  const sorted: TOrderMember[] = [];
  for (const [id, direction] of entries) {
    if (direction === 'none' || !byId[id]) continue;
    ordered.add(id);
    sorted.push({ ...byId[id], order: direction });
  }
  for (const member of orderMembers) {
    if (!ordered.has(member.id)) sorted.push({ ...member, order: member.order || 'none' });
  }
  return sorted;
}
