import type { AxisValue, PivotConfig } from '../types/response';

/** How an axis value reads in keys and titles: `∅` for null, `[Empty string]` for `''`. */
export function axisLabel(value: unknown): string {
  if (value == null) return '∅';
  if (value === '') return '[Empty string]';
  // Row values are primitives from Cube's JSON; anything else must print as the published client prints it.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  return String(value);
}

/**
 * Joins axis values into a label or key.
 *
 * @example
 * ```ts
 * axisValuesString(['CA', null, 'Orders.count'], ','); // 'CA,∅,Orders.count'
 * ```
 */
export function axisValuesString(values: readonly unknown[], delimiter = ', '): string {
  let out = '';
  for (let i = 0; i < values.length; i++) out += (i ? delimiter : '') + axisLabel(values[i]);
  return out;
}

/**
 * Prefixes a series with its alias (from `pivotConfig.aliasSeries`) or, for a measure repeated
 * across blended queries, with its index; nulls are dropped either way.
 */
export function aliasSeries(
  values: readonly AxisValue[],
  index: number,
  pivotConfig: PivotConfig | null | undefined,
  duplicateMeasures: ReadonlySet<unknown>,
): Array<AxisValue | number> {
  const present = values.filter((v) => v != null);
  const alias = pivotConfig?.aliasSeries?.[index];
  if (alias) return [alias, ...present];
  if (duplicateMeasures.has(present[0])) return [index, ...present];
  return present;
}
