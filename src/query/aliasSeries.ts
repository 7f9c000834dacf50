import type { PivotConfig } from '../types/response';

/**
 * The key parts of a series: its non-null axis values, prefixed by the `pivotConfig.aliasSeries`
 * entry for its result index, or by the index itself when its measure appears in several results
 * (`duplicateMeasures`), so that blended series do not collide.
 *
 * @example
 * ```ts
 * aliasSeries(['Orders.count', null], 1, undefined, new Set(['Orders.count'])); // [1, 'Orders.count']
 * ```
 */
export function aliasSeries(
  values: readonly (string | null | undefined)[],
  index: number,
  pivotConfig?: Partial<PivotConfig>,
  duplicateMeasures: ReadonlySet<string> = new Set(),
): (string | number)[] {
  const present = values.filter((value): value is string => value != null);
  const alias = pivotConfig?.aliasSeries?.[index];
  if (alias) return [alias, ...present];
  if (duplicateMeasures.has(present[0])) return [index, ...present];
  return present;
}
