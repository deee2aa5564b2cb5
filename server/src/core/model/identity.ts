// One object per kind/namespace/name: the same object declared in several files (a base built twice into one
// namespace, `release/` next to `manifests/`) is one object with several origins; copies that differ are kept
// once (the first by file order) and listed as duplicates, so the duplicate-object rule can point at each.
import { finish } from '../steps.ts';
import type { DuplicateObject, Origin, Provenance } from './types.ts';

interface Identified extends Provenance {
  id: string;
  origin: Origin;
}

// Where an object was written and how it was placed do not make it a different object.
const IGNORED = new Set(['span', 'nameSpan', 'origin', 'origins', 'placement']);

function signature(x: unknown): string {
  return JSON.stringify(x, (k, v: unknown) => (IGNORED.has(k) ? undefined : v));
}

const sameOrigin = (a: Origin, b: Origin): boolean =>
  a.kind === 'file' && b.kind === 'file' ? a.uri === b.uri && a.span.start === b.span.start : a.kind === b.kind;

export function mergeIdentities<T extends Identified>(list: T[], kindOf: (x: T) => string, duplicates: DuplicateObject[]): T[] {
  return finish(mergeIdentitiesSteps(list, kindOf, duplicates));
}

/** Items merged between two stops of mergeIdentitiesSteps (8,000 files hold about 40,000 objects). */
const ITEMS_PER_STEP = 512;

/** mergeIdentities, stopping every ITEMS_PER_STEP items (the model build of a large workspace runs in slices). */
export function* mergeIdentitiesSteps<T extends Identified>(list: T[], kindOf: (x: T) => string, duplicates: DuplicateObject[]): Generator<void, T[], void> {
  // Where each kind/id first went in `out`, per kind then id: a joined string key per item cost a few ms per
  // model build (each edit builds one). The bookkeeping of copies is kept for the rare ids seen twice.
  const first = new Map<string, Map<string, number>>();
  const twice = new Map<number, { copied?: boolean; sig?: string; dup?: DuplicateObject }>();
  const out: T[] = [];
  let lastKind: string | undefined;
  let byId: Map<string, number> | undefined;
  for (const [i, item] of list.entries()) {
    if (i > 0 && i % ITEMS_PER_STEP === 0) yield;
    const kind = kindOf(item);
    if (kind !== lastKind || !byId) {
      lastKind = kind;
      byId = first.get(kind);
      if (!byId) first.set(kind, (byId = new Map()));
    }
    const at = byId.get(item.id);
    if (at === undefined) {
      byId.set(item.id, out.length);
      out.push(item);
      continue;
    }
    const seen = twice.get(at) ?? {};
    twice.set(at, seen);
    const origins = out[at]!.origins ?? [out[at]!.origin];
    if (origins.some((o) => sameOrigin(o, item.origin))) continue; // the same file built twice into one place
    // Items may be shared with the adapter's cache: never mutate them, copy the kept one once.
    if (!seen.copied) {
      out[at] = { ...out[at]! };
      seen.copied = true;
    }
    const kept = out[at]!;
    kept.origins = [...origins, item.origin];
    seen.sig ??= signature(kept);
    if (signature(item) !== seen.sig) {
      if (!seen.dup) {
        seen.dup = { kind, id: item.id, origins: [kept.origin] };
        duplicates.push(seen.dup);
      }
      seen.dup.origins.push(item.origin);
    }
  }
  return out;
}
