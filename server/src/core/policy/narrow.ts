// Narrowing a selector's candidates: per label space and namespace, the label indexes (built on first use, or in
// steps by policy/warm.ts), the candidate list a selector can match within a namespace scope, and memoisation of
// selections by their meaning, and a subject's first selection in steps. policy/select.ts tests each candidate exactly.
import type { Model, Policy, Selector, Workload } from '../model/types.ts';
import { finish } from '../steps.ts';
import { labelIndexSteps as buildLabelIndexSteps, selectorCandidates, type LabelIndex } from './label-index.ts';
import { labelsOf, memoOf, namespaceMatches, subjectOf, subjectSelects, workloadsIn } from './select.ts';
import type { LabelSpace, NamespaceScope, PolicyIR, PolicySubject } from './types.ts';

/**
 * Posting lists of workload labels in one label space, of one namespace's workloads or (`ns` undefined) of the
 * whole model, each built on first use: the first hover after a large workspace is indexed pays for its own
 * namespace only.
 */
export function labelIndex(model: Model, space: LabelSpace, ns: string | undefined): LabelIndex {
  return labelIndexOf(model, space, ns) ?? finish(labelIndexSteps(model, space, ns));
}

function labelIndexOf(model: Model, space: LabelSpace, ns: string | undefined): LabelIndex | undefined {
  return (memoOf(model).labelIndex?.[space] as Map<string | undefined, LabelIndex> | undefined)?.get(ns);
}

/** labelIndex, built in steps (policy/warm.ts) and stored once complete (unless a reader built it meanwhile). */
export function* labelIndexSteps(model: Model, space: LabelSpace, ns: string | undefined): Generator<void, LabelIndex, void> {
  const hit = labelIndexOf(model, space, ns);
  if (hit) return hit;
  const ix = yield* buildLabelIndexSteps(ns === undefined ? model.workloads : workloadsIn(model, ns), (w) => labelsOf(model, space, w));
  const m = memoOf(model);
  m.labelIndex ??= {};
  let perScope = m.labelIndex[space] as Map<string | undefined, LabelIndex> | undefined;
  if (!perScope) {
    perScope = new Map();
    m.labelIndex[space] = perScope;
  }
  const built = perScope.get(ns);
  if (built) return built;
  perScope.set(ns, ix);
  return ix;
}

/**
 * Workloads that can match `sel` within `scope`, in model order: the posting list of one of its required labels
 * when there is one, else every workload of the scope. A superset: callers still test each one exactly.
 */
export function narrowed(model: Model, space: LabelSpace, sel: Selector | undefined, scope: NamespaceScope): readonly Workload[] {
  if (sel && scope.kind === 'selector') return acrossNamespaces(model, space, sel, scope.selector);
  if (sel) {
    const ns = scope.kind === 'names' && scope.names.length === 1 ? scope.names[0] : undefined;
    const hit = selectorCandidates(labelIndex(model, space, ns), sel);
    if (hit) return hit;
  }
  return candidates(model, scope);
}

/**
 * A namespaceSelector scope's candidates: those of each namespace it admits, from that namespace's own index, in
 * model order. The whole model's index offered every namespace's pods with the label (16,000 at 8,000 files for
 * `tier In [web, backend]`) to be tested and dropped one by one.
 */
function acrossNamespaces(model: Model, space: LabelSpace, sel: Selector, nsSel: Selector): readonly Workload[] {
  workloadsIn(model, ''); // fills byNamespace
  const lists: (readonly Workload[])[] = [];
  for (const ns of memoOf(model).byNamespace?.keys() ?? []) {
    if (!namespaceMatches(model, nsSel, ns)) continue;
    const list = selectorCandidates(labelIndex(model, space, ns), sel) ?? workloadsIn(model, ns);
    if (list.length > 0) lists.push(list);
  }
  if (lists.length <= 1) return lists[0] ?? [];
  const order = (memoOf(model).order ??= new Map(model.workloads.map((w, i) => [w, i])));
  return lists.flat().sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
}

function candidates(model: Model, scope: NamespaceScope): readonly Workload[] {
  if (scope.kind === 'names') return scope.names.length === 1 ? workloadsIn(model, scope.names[0]!) : model.workloads.filter((w) => scope.names.includes(w.namespace));
  if (scope.kind === 'all') return model.workloads;
  return model.workloads.filter((w) => namespaceMatches(model, scope.selector, w.namespace));
}

export function scopeKey(s: NamespaceScope): string {
  return s.kind === 'all' ? '*' : s.kind === 'names' ? `n:${s.names.join(',')}` : `s:${selectorKey(s.selector)}`;
}

/** A selector's meaning as text (spans left out), to share results between equal selectors. */
export function selectorKey(sel: Selector): string {
  return JSON.stringify([sel.invalid ? 'invalid' : '', sel.matchLabels, sel.matchExpressions.map((e) => [e.key, e.operator, e.values])]);
}

export function byContent(model: Model, key: string, compute: () => Workload[]): Workload[] {
  const m = memoOf(model);
  m.byContent ??= new Map();
  let hit = m.byContent.get(key);
  if (!hit) {
    hit = compute();
    m.byContent.set(key, hit);
  }
  return hit;
}

/** The content key of a subject's selection (byContent). */
export const subjectKey = (s: PolicySubject): string => `subject\u0000${s.nodes ? 'nodes' : ''}\u0000${scopeKey(s.namespaces)}\u0000${s.labels}\u0000${selectorKey(s.selector)}`;

/** Candidates a subject's first selection tests between two stops of selectedWorkloadsSteps. */
const CANDIDATES_PER_STEP = 512;

/**
 * selectedWorkloads, stopping every CANDIDATES_PER_STEP candidates tested: a subject over every namespace (a
 * cluster-wide policy, an empty selector) tests every workload of the model, 32 ms of CPU at 2,000 files in one
 * step. The same list, stored as selectedWorkloads stores it and only once complete; a reader that selected
 * meanwhile keeps its list.
 */
export function* selectedWorkloadsSteps(model: Model, p: PolicyIR | Policy): Generator<void, readonly Workload[], void> {
  const m = memoOf(model);
  const hit = m.selected?.get(p);
  if (hit) return hit;
  const s = subjectOf(p);
  const key = subjectKey(s);
  let list = m.byContent?.get(key);
  if (!list) {
    const out: Workload[] = [];
    const candidates = s.nodes ? [] : narrowed(model, s.labels, s.selector, s.namespaces);
    for (const [i, w] of candidates.entries()) {
      if (i > 0 && i % CANDIDATES_PER_STEP === 0) yield;
      if (subjectSelects(model, s, w)) out.push(w);
    }
    list = byContent(model, key, () => out);
  }
  m.selected ??= new WeakMap();
  const again = m.selected.get(p);
  if (again) return again;
  m.selected.set(p, list);
  return list;
}
