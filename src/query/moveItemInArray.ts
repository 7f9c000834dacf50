/**
 * A copy of `list` with the item at `sourceIndex` moved to `destinationIndex` (indexes as
 * `Array.prototype.splice` reads them, negative ones counting from the end).
 *
 * @example
 * ```ts
 * moveItemInArray(['a', 'b', 'c'], 0, 2); // ['b', 'c', 'a']
 * ```
 */
export function moveItemInArray<T = unknown>(
  list: readonly T[],
  sourceIndex: number,
  destinationIndex: number,
): T[] {
  const moved = [...list];
  const [item] = moved.splice(sourceIndex, 1);
  moved.splice(destinationIndex, 0, item);
  return moved;
}
