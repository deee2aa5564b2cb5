// The model's selection memos that a first rule would otherwise build in one go (label indexes, the inverted
// selection policiesSelecting reads), built in steps before the workspace rules of a sliced analysis run.
import type { Model, ModelMemo } from '../model/types.ts';
import { isValidIR, labelIndexSteps, memoOf, namespaceMatches, policiesOfSteps, workloadsIn } from './select.ts';
import type { LabelSpace, NamespaceScope } from './types.ts';

/** Policies whose label scopes are listed between two stops. */
const POLICIES_PER_STEP = 64;

/**
 * Builds, stopping between batches, what the first policiesSelecting of the model builds at once: the label index
 * of each scope a policy subject selects in, then the inverted selection. Each memo is stored only once complete
 * (policy/select.ts), so a request answered between two steps never reads a half-built one.
 */
export function* warmSelectionSteps(model: Model): Generator<void, void, void> {
  const m = memoOf(model);
  if (m.policiesOf) return;
  // Carried from the model before an edit (policy/carry.ts): the label indexes are there but for a new scope, which
  // the selections below build on first use (one namespace's, small). Gathering every policy's scopes again to find
  // out took longer than that.
  if (m.carried !== undefined) {
    m.policiesOf ??= yield* policiesOfSteps(model);
    return;
  }
  // The label indexes the selections will read: of each subject's scope, and of each endpoint peer's (the rules
  // ask which pods a peer matches; a namespaceSelector peer reads the whole model's index).
  const scopes = new Map<string, { space: LabelSpace; ns: string | undefined }>();
  const add = (space: LabelSpace, scope: NamespaceScope): void => {
    // A namespaceSelector reads the index of each namespace it admits (select.ts acrossNamespaces).
    const names = scope.kind === 'selector' ? namespacesWithWorkloads(model).filter((ns) => namespaceMatches(model, scope.selector, ns)) : [scope.kind === 'names' && scope.names.length === 1 ? scope.names[0] : undefined];
    for (const ns of names) scopes.set(`${space}\u0000${ns ?? ''}`, { space, ns });
  };
  for (const [i, p] of model.policyIR.entries()) {
    if (i > 0 && i % POLICIES_PER_STEP === 0) yield;
    if (!isValidIR(p)) continue;
    if (!p.subject.nodes) add(p.subject.labels, p.subject.namespaces);
    for (const r of p.rules) for (const peer of r.peers ?? []) if (peer.kind === 'endpoints' && peer.selector) add(peer.labels, peer.namespaces);
  }
  for (const { space, ns } of scopes.values()) yield* labelIndexSteps(model, space, ns);
  m.policiesOf ??= yield* policiesOfSteps(model);
}

function namespacesWithWorkloads(model: Model): string[] {
  workloadsIn(model, ''); // fills byNamespace
  return [...(memoOf(model).byNamespace?.keys() ?? [])];
}

/**
 * A memo for a view of `model` (a scoped analysis' rule model: its own policy lists, the same tables): the
 * selection memos, which depend on the tables only, are shared; what rules keep per analysis is not.
 */
export function selectionMemo(model: Model): ModelMemo {
  const { rulePorts: _ports, wsIndex: _ws, ...shared } = memoOf(model);
  return shared;
}
