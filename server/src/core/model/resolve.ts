// A file no kustomization reads, placed in the model: its workloads and Services in their namespaces, its policies
// instantiated (lowered), each memoised per draft so the objects of documents an edit did not touch stay the very
// objects (model/build.ts, model/splice.ts).
import type { FileExtract, FileResolved, PolicyDrafted } from './extract.ts';
import type { PolicyKindEntry } from '../kinds/registry.ts';
import { sameShapeCopy } from '../same-shape.ts';

/** Policies instantiated (lowered) between two stops of resolveFileSteps: a 5 MB file holds thousands. */
const POLICIES_PER_STEP = 25;
/** Workloads or Services placed between two stops of resolveFileSteps. */
const OBJECTS_PER_RESOLVE_STEP = 200;

// Per policy draft ({entry, draft}, shared by every model that reads it unmoved): what it instantiated, in which
// namespace. Like the resolved lists, shared between models and never written to (model/identity.ts copies).
const MADE = new WeakMap<PolicyDrafted['draft'], { ns: string | undefined; made: ReturnType<PolicyKindEntry['instantiate']> }>();

// Per workload or Service draft, as MADE: the object placed in a namespace. An edit's model then holds the very
// objects of the unmoved documents (selection carry and verdict carry compare them by identity first), instead of
// ~3,400 new copies per build of the 4.7 MB file that carrySelectionSteps compared field by field.
const PLACED = new WeakMap<object, { ns: string; placed: object }>();

function placed<D extends { name: string }>(draft: D, ns: string): D & { id: string; namespace: string } {
  const hit = PLACED.get(draft);
  if (hit && hit.ns === ns) return hit.placed as D & { id: string; namespace: string };
  const out = sameShapeCopy(draft, { id: `${ns}/${draft.name}`, namespace: ns });
  PLACED.set(draft, { ns, placed: out });
  return out;
}

/** A file no kustomization reads: metadata.namespace, else the default (model/splice.ts too). */
export function* resolveFileSteps(ex: FileExtract, defaultNs: string, key: string): Generator<void, FileResolved, void> {
  const res: FileResolved = { key, workloads: [], services: [], policies: [], ir: [] };
  // Stops between slices of workloads and Services too: the near-limit file's ~3,500 of them in one go held a hover
  // for 100-170 ms on a busy machine.
  for (const [i, { draft, namespace }] of ex.workloads.entries()) {
    if (i > 0 && i % OBJECTS_PER_RESOLVE_STEP === 0) yield;
    res.workloads.push(placed(draft, namespace ?? defaultNs));
  }
  for (const [i, { draft, namespace }] of ex.services.entries()) {
    if (i > 0 && i % OBJECTS_PER_RESOLVE_STEP === 0) yield;
    res.services.push(placed(draft, namespace ?? defaultNs));
  }
  for (const [i, { draft, namespace }] of ex.policies.entries()) {
    if (i > 0 && i % POLICIES_PER_STEP === 0) yield;
    // Cluster-scoped kinds (CCNP) are one object whatever namespace the object names.
    const ns = draft.entry.clusterScoped ? undefined : (namespace ?? defaultNs);
    // A draft carried over an edit that did not move its document is the very draft read before (carriedEntry):
    // its policy is the one instantiated then. Lowering all ~2,600 policies of the 4.7 MB file again took a
    // good part of every keystroke; only the edited and moved documents' drafts are new.
    const hit = MADE.get(draft);
    const made = hit && hit.ns === ns ? hit.made : draft.entry.instantiate(draft.draft, ns);
    if (!hit || hit.made !== made) MADE.set(draft, { ns, made });
    if (made.np) res.policies.push(made.np);
    for (const p of made.ir) res.ir.push(p);
  }
  return res;
}
