// Posting lists of workload labels (per label space, per namespace or for the whole model), built on first use:
// a selector's candidates are the workloads carrying one of its required labels instead of every workload of its
// scope. One index covers one list of workloads; select.ts keeps one per namespace asked about (a hover in one
// namespace indexes that namespace, not every workload of a 4,000-file repository) and one for the whole model.
import type { Selector, Workload } from '../model/types.ts';
import { finish } from '../steps.ts';

/** Workloads (in the order given) by `key\0value` and by `key`. */
export interface LabelIndex {
  byPair: Map<string, Workload[]>;
  byKey: Map<string, Workload[]>;
  /** Position of each workload in the list indexed: unions of posting lists are put back in that order. */
  order: Map<Workload, number>;
}

const pairKey = (k: string, v: string): string => `${k}\u0000${v}`;

function push(map: Map<string, Workload[]>, key: string, w: Workload): void {
  const list = map.get(key);
  if (list) list.push(w);
  else map.set(key, [w]);
}

/** Indexes `workloads` (a namespace's, in model order, or the whole model's). */
export function buildLabelIndex(workloads: readonly Workload[], labelsOf: (w: Workload) => Readonly<Record<string, string>>): LabelIndex {
  return finish(labelIndexSteps(workloads, labelsOf));
}

/** Workloads indexed between two stops of labelIndexSteps (8,000 files hold about 16,000 workloads). */
const WORKLOADS_PER_STEP = 256;

/** buildLabelIndex, stopping every WORKLOADS_PER_STEP workloads; the index is returned (and used) only complete. */
export function* labelIndexSteps(workloads: readonly Workload[], labelsOf: (w: Workload) => Readonly<Record<string, string>>): Generator<void, LabelIndex, void> {
  const ix: LabelIndex = { byPair: new Map(), byKey: new Map(), order: new Map() };
  for (let i = 0; i < workloads.length; i++) {
    if (i > 0 && i % WORKLOADS_PER_STEP === 0) yield;
    const w = workloads[i] as Workload;
    ix.order.set(w, i);
    const labels = labelsOf(w);
    for (const k in labels) {
      if (!Object.hasOwn(labels, k)) continue;
      push(ix.byPair, pairKey(k, labels[k] as string), w);
      push(ix.byKey, k, w);
    }
  }
  return ix;
}

const NONE: readonly Workload[] = [];

/**
 * A superset (in the indexed order) of the indexed workloads that `sel` can match, or undefined when no
 * required label narrows it down (the caller scans its scope then). Exact matching stays with the caller: this
 * only says which workloads can possibly match.
 */
export function selectorCandidates(ix: LabelIndex, sel: Selector): readonly Workload[] | undefined {
  if (sel.invalid) return NONE; // an invalid selector matches nothing
  let best: readonly Workload[] | undefined;
  const consider = (list: readonly Workload[]): void => {
    if (!best || list.length < best.length) best = list;
  };
  for (const k in sel.matchLabels) {
    if (!Object.hasOwn(sel.matchLabels, k)) continue;
    consider(ix.byPair.get(pairKey(k, sel.matchLabels[k] as string)) ?? NONE);
    if (best?.length === 0) return NONE;
  }
  for (const req of sel.matchExpressions) {
    if (req.operator === 'Exists') consider(ix.byKey.get(req.key) ?? NONE);
    else if (req.operator === 'In' && (!best || best.length > 0)) {
      // Any listed value: the union of their lists, back in model order.
      const lists = [...new Set(req.values)].map((v) => ix.byPair.get(pairKey(req.key, v)) ?? NONE).filter((l) => l.length > 0);
      if (lists.length <= 1) consider(lists[0] ?? NONE);
      else if (!best || lists.reduce((n, l) => n + l.length, 0) < best.length) consider(lists.flat().sort((a, b) => (ix.order.get(a) ?? 0) - (ix.order.get(b) ?? 0)));
    }
    if (best?.length === 0) return NONE;
  }
  return best;
}
