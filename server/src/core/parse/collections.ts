// A collection both readers have finished (bounded.ts's walk over the library's documents, fast.ts as it reads):
// its item list at its exact length, and its duplicate keys by the yaml library's equality, defined once here.
import { Pair, Scalar, YAMLMap, type YAMLSeq } from 'yaml';

/** A key's [start, end): a duplicate key (bounded.ts reports them). */
export type KeySpan = { start: number; end: number };

/**
 * A collection is complete: its item list trimmed to its length (both readers fill it by push, which reserves
 * room for 16 more items: a tenth of a parsed workspace's heap, 2,000 files: 20 of 148 MB) and, for a map, keys
 * equal to an earlier key of it added to `dups`: the same scalar value (SameValueZero, as a Set compares) is
 * equal; a collection or alias key is never equal to another.
 */
export function closeItems(node: YAMLMap | YAMLSeq, dups: KeySpan[]): void {
  const items = node.items.slice();
  node.items = items as never;
  if (!(node instanceof YAMLMap) || items.length < 2) return;
  const pairs = items as Pair[];
  // Few keys (most maps): compare with each earlier one; more: a hash set.
  if (pairs.length <= 8) {
    for (let i = 1; i < pairs.length; i++) {
      const k = (pairs[i] as Pair).key;
      if (!(k instanceof Scalar)) continue;
      for (let j = 0; j < i; j++) {
        const e = (pairs[j] as Pair).key;
        if (e instanceof Scalar && sameValueZero(e.value, k.value)) {
          duplicate(k, dups);
          break;
        }
      }
    }
    return;
  }
  const seen = new Set<unknown>();
  for (const p of pairs) {
    const k = p.key;
    if (!(k instanceof Scalar)) continue;
    if (seen.has(k.value)) duplicate(k, dups);
    else seen.add(k.value);
  }
}

function sameValueZero(a: unknown, b: unknown): boolean {
  return a === b || (a !== a && b !== b);
}

function duplicate(key: Scalar, dups: KeySpan[]): void {
  const r = key.range;
  if (r) dups.push({ start: r[0], end: r[1] });
}
