// A policy whose podSelector matches none of its namespace's workloads protects nothing the workspace declares.
import { describeSelector, matchesSelector } from '../connectivity/selectors.ts';
import type { Model, Selector } from '../model/types.ts';
import { CILIUM_NS_KEY } from '../policy/select.ts';
import type { ParsedFile } from '../parse/parse.ts';
import { finish } from '../steps.ts';
import type { WorkspaceReport, WorkspaceRule, WorkspaceRuleContext } from '../workspace.ts';
import { npPodSelectorSpan } from './np-spans.ts';
import { dedupe, indexModel, isRepoWorkload, listNames, namespaceHasWorkloads, opaqueNamespaces, policyObject, selectedWorkloads } from './ws-policy.ts';
import { POLICY_TABLES } from '../rejudge.ts';

export const rule: WorkspaceRule = {
  code: 'policy-selects-nothing',
  reads: POLICY_TABLES,
  perPolicy: true,
  defaultSeverity: 'warning',
  description: "A policy's podSelector (or a CiliumNetworkPolicy's endpointSelector) matches no workload of its namespace in the workspace.",
  checkWorkspace(model, files, ctx) {
    finish(judge(model, files, ctx));
  },
  checkWorkspaceSteps: judge,
};

/** Whether the selector's own namespace requirements (if any) admit `ns`. */
function namespaceMet(sel: Selector, ns: string): boolean {
  const only: Selector = { matchLabels: {}, matchExpressions: sel.matchExpressions.filter((e) => e.key === CILIUM_NS_KEY) };
  if (sel.matchLabels[CILIUM_NS_KEY] !== undefined) only.matchLabels[CILIUM_NS_KEY] = sel.matchLabels[CILIUM_NS_KEY];
  return matchesSelector(only, { [CILIUM_NS_KEY]: ns });
}

/** Policies judged between two stops: a 4.7 MB file's 5,000 policies took 80 ms in one go, which a hover waited for. */
const PER_STEP = 16;

function* judge(model: Model, files: ReadonlyMap<string, ParsedFile>, ctx: WorkspaceRuleContext): Generator<void, void, void> {
  const reports: WorkspaceReport[] = [];
  const ix = indexModel(model);
  // Pods the workspace does not declare run there (a HelmRelease's, an operator's): the selector may match them.
  const opaque = opaqueNamespaces(model, files, ctx.options);
  // The repository's workload names per namespace, listed once: thousands of policies of one namespace each
  // sorted them again.
  const names = new Map<string, string[]>();
  const namesIn = (ns: string): string[] => {
    let list = names.get(ns);
    if (!list) {
      list = (ix.byNamespace.get(ns) ?? []).filter(isRepoWorkload).map((w) => w.name).sort();
      names.set(ns, list);
    }
    return list;
  };
  let n = 0;
  for (const p of model.policies) {
    if (++n % PER_STEP === 0) yield;
    if (p.podSelector.invalid || !namespaceHasWorkloads(ix, p.namespace) || opaque.has(p.namespace)) continue;
    if (selectedWorkloads(ix, p).length > 0) continue;
    const obj = policyObject(files, p);
    if (!obj) continue;
    const span = npPodSelectorSpan(obj);
    if (!span) continue;
    const there = namesIn(p.namespace);
    reports.push({
      uri: obj.uri,
      span,
      message:
        `spec.podSelector (${describeSelector(p.podSelector)}) matches no workload in namespace ${p.namespace}, which has ` +
        `${there.length}: ${listNames(there)}. The policy applies to no pod the workspace declares; check the labels.`,
    });
  }
  // Cilium policies: a CNP's endpointSelector over its namespace's pods (CCNPs span namespaces: not judged here).
  for (const p of model.policyIR) {
    if (++n % PER_STEP === 0) yield;
    if (p.kind !== 'CiliumNetworkPolicy' || p.namespace === undefined || p.subject.nodes || p.subject.selector.invalid) continue;
    if (!namespaceHasWorkloads(ix, p.namespace) || opaque.has(p.namespace) || selectedWorkloads(ix, p).length > 0) continue;
    // Another namespace kept in the selector: cnp-subject-namespace says why when the policy names its namespace; when
    // a build or the default placed it (that rule reads the object alone), said here.
    const otherNamespace = !namespaceMet(p.subject.selector, p.namespace);
    if (otherNamespace && policyObject(files, p)?.namespace === p.namespace) continue;
    const span = p.subject.selector.span;
    if (p.origin.kind !== 'file' || !span || !files.has(p.origin.uri)) continue;
    const there = namesIn(p.namespace);
    reports.push({
      uri: p.origin.uri,
      span,
      message: otherNamespace
        ? `endpointSelector (${describeSelector(p.subject.selector)}) requires a namespace other than ${p.namespace}, where this policy applies (Cilium pins a CiliumNetworkPolicy to its own namespace and keeps this requirement beside it), so it selects no pod. To govern pods of another namespace, create the policy there.`
        : `endpointSelector (${describeSelector(p.subject.selector)}) matches no workload in namespace ${p.namespace}, which has ` +
          `${there.length}: ${listNames(there)}. The policy applies to no pod the workspace declares; check the labels.`,
    });
  }
  for (const r of dedupe(reports)) ctx.report(r);
}
