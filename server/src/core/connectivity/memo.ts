// Per-model memo of the connectivity engine: workloads by namespace, namespace-selector results, parsed
// CIDRs, and the workloads each policy and peer selects. Lives on the model (no globals), filled lazily.
import type { Model, ModelMemo, Peer, Policy, Selector, Workload } from '../model/types.ts';
import { parseCidr, type AddrRange } from './addr.ts';
import { matchesSelector } from './selectors.ts';
import { NAME_LABEL } from '../model/namespaces.ts';

export function memoOf(model: Model): ModelMemo {
  model.memo ??= { isolating: new Map() };
  return model.memo;
}

export function cidrOf(model: Model, text: string): AddrRange | undefined {
  const m = memoOf(model);
  m.cidrs ??= new Map();
  if (!m.cidrs.has(text)) m.cidrs.set(text, parseCidr(text));
  return m.cidrs.get(text) as AddrRange | undefined;
}

/** Workloads of one namespace, in model order. */
export function workloadsIn(model: Model, ns: string): readonly Workload[] {
  const m = memoOf(model);
  if (!m.byNamespace) {
    m.byNamespace = new Map();
    for (const w of model.workloads) {
      const list = m.byNamespace.get(w.namespace);
      if (list) list.push(w);
      else m.byNamespace.set(w.namespace, [w]);
    }
  }
  return m.byNamespace.get(ns) ?? [];
}

export function namespaceLabels(model: Model, ns: string): Record<string, string> {
  return model.namespaces.get(ns)?.labels ?? { [NAME_LABEL]: ns };
}

/** Whether a namespaceSelector matches the namespace `ns` (memoised per selector object). */
export function namespaceMatches(model: Model, sel: Selector, ns: string): boolean {
  const m = memoOf(model);
  m.namespaceMatches ??= new WeakMap();
  let perNs = m.namespaceMatches.get(sel);
  if (!perNs) {
    perNs = new Map();
    m.namespaceMatches.set(sel, perNs);
  }
  let hit = perNs.get(ns);
  if (hit === undefined) {
    hit = matchesSelector(sel, namespaceLabels(model, ns));
    perNs.set(ns, hit);
  }
  return hit;
}

/** Workloads (repository and settings) whose pods a policy's spec.podSelector selects. */
export function selectedWorkloads(model: Model, p: Policy): readonly Workload[] {
  const m = memoOf(model);
  m.selected ??= new WeakMap();
  let list = m.selected.get(p);
  if (!list) {
    const sel = p.podSelector;
    list = byContent(model, `pods\u0000${p.namespace}\u0000${selectorKey(sel)}`, () => workloadsIn(model, p.namespace).filter((w) => matchesSelector(sel, w.podLabels)));
    m.selected.set(p, list);
  }
  return list;
}

/** Namespaces a selector peer speaks about: its namespaceSelector's matches, or the policy's own. */
export function peerNamespaceNames(model: Model, p: Policy, peer: Peer): string[] {
  if (!peer.namespaceSelector) return [p.namespace];
  const sel = peer.namespaceSelector;
  // Every namespace a workload lives in is in the table (declared, from settings, or implied).
  return [...model.namespaces.keys()].filter((ns) => namespaceMatches(model, sel, ns)).sort();
}

/** Workloads a selector peer matches (ipBlock and invalid peers match none: pod IPs are unknown). */
export function peerWorkloads(model: Model, p: Policy, peer: Peer): readonly Workload[] {
  if (peer.invalid || peer.ipBlock || (!peer.podSelector && !peer.namespaceSelector)) return [];
  const m = memoOf(model);
  m.peerWorkloads ??= new WeakMap();
  let perPolicy = m.peerWorkloads.get(p);
  if (!perPolicy) {
    perPolicy = new Map();
    m.peerWorkloads.set(p, perPolicy);
  }
  let list = perPolicy.get(peer);
  if (!list) {
    const podSel = peer.podSelector;
    const nsKey = peer.namespaceSelector ? `sel:${selectorKey(peer.namespaceSelector)}` : `ns:${p.namespace}`;
    list = byContent(model, `peer\u0000${nsKey}\u0000${podSel ? selectorKey(podSel) : '*'}`, () => {
      const out: Workload[] = [];
      for (const ns of peerNamespaceNames(model, p, peer)) {
        for (const w of workloadsIn(model, ns)) if (!podSel || matchesSelector(podSel, w.podLabels)) out.push(w);
      }
      return out;
    });
    perPolicy.set(peer, list);
  }
  return list;
}

/** A selector's meaning as text (spans and validity notes left out), to share results between equal selectors. */
function selectorKey(sel: Selector): string {
  return JSON.stringify([sel.matchLabels, sel.matchExpressions.map((e) => [e.key, e.operator, e.values])]);
}

function byContent(model: Model, key: string, compute: () => Workload[]): Workload[] {
  const m = memoOf(model);
  m.byContent ??= new Map();
  let hit = m.byContent.get(key);
  if (!hit) {
    hit = compute();
    m.byContent.set(key, hit);
  }
  return hit;
}
