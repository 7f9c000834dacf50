/**
 * First-seen distinct tuples, compared element by element the way the published client's `uniq`
 * compares them: same type and `Object.is` (so `1` ≠ `'1'`, `0` ≠ `-0`, `NaN` = `NaN`).
 *
 * A trie of Maps keyed by the values themselves: no string is built per row.
 */

interface Node {
  next: Map<unknown, Node>;
  seen: Uint8Array | undefined;
}

const NEGATIVE_ZERO = Symbol('-0');

// Map keys already follow SameValueZero; only -0 and structured values need a stand-in.
function keyOf(value: unknown): unknown {
  if (typeof value === 'object' && value !== null) return `\uD800${JSON.stringify(value)}`;
  return Object.is(value, -0) ? NEGATIVE_ZERO : value;
}

/** Distinct `(prefix, slot)` pairs, where `slot` is a small integer (a measure's position). */
export class TupleSet {
  private readonly root: Node = { next: new Map(), seen: undefined };

  constructor(private readonly slots: number) {}

  /** The leaf of a prefix, created on first use; pass it to {@link TupleSet.add}. */
  leaf(prefix: readonly unknown[]): Node {
    let node = this.root;
    for (const value of prefix) {
      const key = keyOf(value);
      let child = node.next.get(key);
      if (!child) {
        child = { next: new Map(), seen: undefined };
        node.next.set(key, child);
      }
      node = child;
    }
    return node;
  }

  /** Marks `(leaf, slot)`; true when it was not marked before. */
  add(leaf: Node, slot: number): boolean {
    const seen = (leaf.seen ??= new Uint8Array(this.slots));
    if (seen[slot]) return false;
    seen[slot] = 1;
    return true;
  }
}
