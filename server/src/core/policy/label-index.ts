// Posting lists of workload labels (per label space, per namespace), built once per model: a selector's
// candidates are the workloads carrying one of its required labels instead of every workload of its scope.
import type { Selector, Workload } from '../model/types.ts';

/** Workloads (in model order) by `key\0value` and by `key`, for the whole model and per namespace. */
export interface LabelIndex {
  byPair: Map<string, Workload[]>;
  byKey: Map<string, Workload[]>;
  /** Position of each workload in model.workloads: unions of posting lists are put back in model order. */
  order: Map<Workload, number>;
}

const pairKey = (ns: string, k: string, v: string): string => `${ns}\u0000${k}\u0000${v}`;
const keyKey = (ns: string, k: string): string => `${ns}\u0000${k}`;
// The whole model's lists use a namespace name no namespace can have (names are DNS labels).
const ANY = '*';

function push(map: Map<string, Workload[]>, key: string, w: Workload): void {
  const list = map.get(key);
  if (list) list.push(w);
  else map.set(key, [w]);
}

export function buildLabelIndex(workloads: readonly Workload[], labelsOf: (w: Workload) => Readonly<Record<string, string>>): LabelIndex {
  const ix: LabelIndex = { byPair: new Map(), byKey: new Map(), order: new Map() };
  workloads.forEach((w, i) => {
    ix.order.set(w, i);
    const labels = labelsOf(w);
    for (const k in labels) {
      if (!Object.hasOwn(labels, k)) continue;
      const v = labels[k] as string;
      for (const ns of [ANY, w.namespace]) {
        push(ix.byPair, pairKey(ns, k, v), w);
        push(ix.byKey, keyKey(ns, k), w);
      }
    }
  });
  return ix;
}

const NONE: readonly Workload[] = [];

/**
 * A superset (in model order) of the workloads of namespace `ns` (every namespace when undefined) that `sel`
 * can match, or undefined when no required label narrows it down (the caller scans its scope then). Exact
 * matching stays with the caller: this only says which workloads can possibly match.
 */
export function selectorCandidates(ix: LabelIndex, sel: Selector, ns: string | undefined): readonly Workload[] | undefined {
  if (sel.invalid) return NONE; // an invalid selector matches nothing
  const scope = ns ?? ANY;
  let best: readonly Workload[] | undefined;
  const consider = (list: readonly Workload[]): void => {
    if (!best || list.length < best.length) best = list;
  };
  for (const k in sel.matchLabels) {
    if (!Object.hasOwn(sel.matchLabels, k)) continue;
    consider(ix.byPair.get(pairKey(scope, k, sel.matchLabels[k] as string)) ?? NONE);
    if (best?.length === 0) return NONE;
  }
  for (const req of sel.matchExpressions) {
    if (req.operator === 'Exists') consider(ix.byKey.get(keyKey(scope, req.key)) ?? NONE);
    else if (req.operator === 'In' && (!best || best.length > 0)) {
      // Any listed value: the union of their lists, back in model order.
      const lists = [...new Set(req.values)].map((v) => ix.byPair.get(pairKey(scope, req.key, v)) ?? NONE).filter((l) => l.length > 0);
      if (lists.length <= 1) consider(lists[0] ?? NONE);
      else if (!best || lists.reduce((n, l) => n + l.length, 0) < best.length) consider(lists.flat().sort((a, b) => (ix.order.get(a) ?? 0) - (ix.order.get(b) ?? 0)));
    }
    if (best?.length === 0) return NONE;
  }
  return best;
}
