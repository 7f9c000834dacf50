import type { PivotConfig } from '../types/response';
import type { TSourceAxis } from './types';

/**
 * Where a dragged pivot item lands: `'measures'` always goes last on its axis, and nothing else
 * may be dropped after a `'measures'` that already ends the destination axis.
 */
function landingIndex(axis: string[], id: string | undefined, index: number, sameAxis: boolean): number {
  const lastIndex = axis.length - 1;
  if (id === 'measures') return lastIndex + 1;
  if (axis[lastIndex] !== 'measures') return index;
  if (sameAxis && index >= lastIndex) return lastIndex - 1;
  if (!sameAxis && index > lastIndex) return lastIndex;
  return index;
}

/**
 * A copy of the pivot config with one item moved, within an axis or from one axis to the other, as
 * a drag-and-drop pivot editor does it: `'measures'` always goes last on its axis, and nothing is
 * dropped after a `'measures'` that ends the destination axis.
 *
 * @example
 * ```ts
 * movePivotItem({ x: ['Orders.status'], y: ['measures'] }, 0, 0, 'x', 'y');
 * // { x: [], y: ['Orders.status', 'measures'] }
 * ```
 */
export function movePivotItem(
  pivotConfig: PivotConfig,
  sourceIndex: number,
  destinationIndex: number,
  sourceAxis: TSourceAxis,
  destinationAxis: TSourceAxis,
): PivotConfig {
  const next = { ...pivotConfig, x: [...(pivotConfig.x || [])], y: [...(pivotConfig.y || [])] };
  // Read from the config as given, so a missing axis fails here as it does in the published client.
  const id = (pivotConfig[sourceAxis] as string[])[sourceIndex];
  const target = next[destinationAxis];
  const index = landingIndex(target, id, destinationIndex, sourceAxis === destinationAxis);
  next[sourceAxis].splice(sourceIndex, 1);
  target.splice(index, 0, id);
  return next;
}
