// Selection memos carried from one model to the next when an edit left the tables they read as they were: after an
// edit of policies only, the label indexes, namespace matches and each unchanged policy's selection stay valid.
import type { Model, ModelMemo, NamespaceInfo } from '../model/types.ts';
import { memoOf } from './select.ts';

/** Carries after which the content-keyed memos start anew (a few ms to rebuild at 2,000 files). */
const RENEW_AFTER = 50;

/** Deep comparisons between two stops: a 4.7 MB file's 3,400 workloads and Services took 30 ms at once. */
const COMPARED_PER_STEP = 256;

/**
 * Gives `next` the selection memos of `prev` that depend only on tables the two models share. Workloads must be
 * the same objects in the same order and namespaces the same names with equal labels; without that nothing is
 * carried. A workload or Service of `next` equal in every field (origin included) to the one at its place in `prev`
 * is replaced by that one first: the edited file's are read anew, and the memos hold the objects themselves.
 * What depends on Services (service peers, their backends) is carried only when the Services are the same objects
 * too. What depends on the policy lists (the inverted selection, the policy label index) and what rules keep per
 * analysis is never carried. The memos are shared, not copied: both models have the same tables, so whatever
 * either adds holds for both. It stops (core/steps.ts) between runs of comparisons: `next` is seen by no one yet,
 * and `prev` is only read.
 */
export function* carrySelectionSteps(prev: Model, next: Model): Generator<void, void, void> {
  const from = prev.memo;
  if (!from || next.memo) return;
  yield* adoptEqual(prev.workloads, next.workloads);
  yield* adoptEqual(prev.services, next.services);
  const servicesSame = sameList(prev.services, next.services);
  // The very lists, too: indexes keyed by the list (port-not-exposed's Service index) then hold as well.
  if (servicesSame) next.services = prev.services;
  if (!sameList(prev.workloads, next.workloads)) return;
  next.workloads = prev.workloads;
  if (!sameNamespaces(prev.namespaces, next.namespaces)) return;
  const to: ModelMemo = memoOf(next);
  // Memos keyed by content keep the selectors of earlier versions (each edit of a selector adds a key): renewed
  // now and then, so a long session's typing does not accumulate them.
  const renew = (from.carried ?? 0) >= RENEW_AFTER;
  to.carried = renew ? 0 : (from.carried ?? 0) + 1;
  // Pod lists per namespace and label space, identity labels (pod labels, namespace labels, service account).
  to.order = from.order;
  to.byNamespace = from.byNamespace;
  to.identity = from.identity;
  to.labelIndex = from.labelIndex;
  to.namespaceMatches = from.namespaceMatches;
  if (!renew) to.cidrs = from.cidrs;
  // Per subject object: an unchanged policy's subject is the same object, a changed one a new key.
  to.selected = from.selected;
  if (renew) return;
  if (servicesSame) {
    to.byContent = from.byContent;
    to.peerHits = from.peerHits;
    to.servicesSeen = from.servicesSeen;
  } else if (from.byContent) {
    // A toServices peer's pods are keyed `svc…` (policy/select.ts serviceBackends): they follow the Services.
    to.byContent = new Map([...from.byContent].filter(([key]) => !key.startsWith('svc\u0000')));
  }
}

/** Puts `prev`'s object in `next` wherever the two lists hold equal data at the same place (same length only). */
function* adoptEqual<T>(prev: readonly T[], next: T[]): Generator<void, void, void> {
  if (prev.length !== next.length) return;
  let compared = 0;
  for (let i = 0; i < next.length; i++) {
    if (prev[i] === next[i]) continue;
    if (samePlain(prev[i], next[i])) next[i] = prev[i]!;
    if (++compared % COMPARED_PER_STEP === 0) yield;
  }
}

/** Deep equality of plain data (objects, arrays, primitives), as the model's tables hold it. */
function samePlain(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    if (a.length !== other.length) return false;
    for (let i = 0; i < a.length; i++) if (!samePlain(a[i], other[i])) return false;
    return true;
  }
  if (Object.getPrototypeOf(a) !== Object.prototype) return false; // Maps, Sets, class instances: not plain data
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!Object.hasOwn(b, k) || !samePlain((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameNamespaces(a: ReadonlyMap<string, NamespaceInfo>, b: ReadonlyMap<string, NamespaceInfo>): boolean {
  if (a.size !== b.size) return false;
  const bs = b.entries();
  for (const [name, info] of a) {
    const [otherName, other] = bs.next().value as [string, NamespaceInfo];
    if (name !== otherName || !samePlain(info.labels, other.labels)) return false;
  }
  return true;
}
