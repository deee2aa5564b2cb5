// Policies of one list (a namespace's, or the cluster-wide ones) by a label their subject requires: the policies that
// can select a pod which is not one of the model's workloads (a stand-in pod of a policy that selects nothing) are
// those keyed by one of its labels, plus those without such a label. A superset: callers still test each exactly.
import type { Workload } from '../model/types.ts';
import type { LabelSpace, PolicyIR } from './types.ts';

export interface PolicyLabelIndex {
  /** Positions in the list of the policies requiring `key\0value` (a matchLabels entry), per label space. */
  keyed: Record<LabelSpace, Map<string, number[]>>;
  /** Positions of the policies without a required label (any pod may match: tested every time). */
  unkeyed: number[];
  list: readonly PolicyIR[];
}

const pairKey = (k: string, v: string): string => `${k}\u0000${v}`;

/** Indexes `list` (its order is kept: candidates come back in it). */
export function buildPolicyIndex(list: readonly PolicyIR[]): PolicyLabelIndex {
  const ix: PolicyLabelIndex = { keyed: { pod: new Map(), identity: new Map() }, unkeyed: [], list };
  list.forEach((p, i) => {
    const sel = p.subject.selector;
    // matchesSelector demands every matchLabels entry of a valid selector: any one of them narrows it down.
    let first: string | undefined;
    if (!sel.invalid && !p.subject.nodes) {
      for (const k in sel.matchLabels) {
        if (!Object.hasOwn(sel.matchLabels, k)) continue;
        first = pairKey(k, sel.matchLabels[k] as string);
        break;
      }
    }
    if (first === undefined) {
      ix.unkeyed.push(i);
      return;
    }
    const map = ix.keyed[p.subject.labels];
    const at = map.get(first);
    if (at) at.push(i);
    else map.set(first, [i]);
  });
  return ix;
}

/** The policies of the index that can select `w` (labels per space from `labelsOf`), in list order. */
export function policyCandidates(ix: PolicyLabelIndex, w: Workload, labelsOf: (space: LabelSpace, w: Workload) => Readonly<Record<string, string>>): PolicyIR[] {
  const positions = [...ix.unkeyed];
  for (const space of ['pod', 'identity'] as const) {
    const map = ix.keyed[space];
    if (map.size === 0) continue;
    const labels = labelsOf(space, w);
    for (const k in labels) {
      if (!Object.hasOwn(labels, k)) continue;
      const at = map.get(pairKey(k, labels[k] as string));
      if (at) for (const i of at) positions.push(i);
    }
  }
  // Each policy is keyed once (one space, one pair), so no position repeats.
  positions.sort((a, b) => a - b);
  return positions.map((i) => ix.list[i] as PolicyIR);
}
