// A from/to peer whose selectors match no workload of the namespaces it names: the rule admits nobody from there.
import { describeSelector } from '../connectivity/selectors.ts';
import type { Model, Peer } from '../model/types.ts';
import type { ParsedFile } from '../parse/parse.ts';
import { finish } from '../steps.ts';
import type { WorkspaceReport, WorkspaceRule, WorkspaceRuleContext } from '../workspace.ts';
import { itemKey, npSpans } from './np-spans.ts';
import { dedupe, indexModel, namespaceHasWorkloads, opaqueNamespaces, peerNamespaces, peerWorkloads, policyObject } from './ws-policy.ts';
import { POLICY_TABLES } from '../rejudge.ts';

function describePeer(peer: Peer, namespaces: string[]): string {
  const pods = peer.podSelector ? `pods labelled ${describeSelector(peer.podSelector)}` : 'pods';
  if (!peer.namespaceSelector) return `${pods} in namespace ${namespaces[0]}`;
  return `${pods} in namespaces matching ${describeSelector(peer.namespaceSelector)} (${namespaces.join(', ')})`;
}

export const rule: WorkspaceRule = {
  code: 'peer-selects-nothing',
  reads: POLICY_TABLES,
  perPolicy: true,
  defaultSeverity: 'information',
  description: 'A from/to peer matches no workload in the workspace.',
  checkWorkspace(model, files, ctx) {
    finish(judge(model, files, ctx));
  },
  checkWorkspaceSteps: judge,
};

/** The rule, one policy per step (a peer's first selection scans its candidates). */
function* judge(model: Model, files: ReadonlyMap<string, ParsedFile>, ctx: WorkspaceRuleContext): Generator<void, void, void> {
  const reports: WorkspaceReport[] = [];
  const ix = indexModel(model);
  const opaque = opaqueNamespaces(model, files, ctx.options);
  for (const p of model.policies) {
    yield;
    const obj = policyObject(files, p);
    if (!obj) continue;
    for (const direction of ['ingress', 'egress'] as const) {
      const key = direction === 'ingress' ? 'from' : 'to';
      for (const rule of p[direction]) {
        const spans = npSpans(obj).peers;
        for (const peer of rule.peers ?? []) {
          const span = spans[itemKey(direction, rule.index, peer.index)] ?? undefined;
          if (peer.invalid || peer.ipBlock || !span) continue;
          // A namespace the workspace declares no workloads in could hold anything, and one where a HelmRelease or
          // an operator runs pods holds pods it does not declare: then say nothing.
          const namespaces = peerNamespaces(model, p, peer).sort();
          if (namespaces.length === 0 || !namespaces.every((ns) => namespaceHasWorkloads(ix, ns) && !opaque.has(ns))) continue;
          if (peerWorkloads(ix, p, peer).length > 0) continue;
          reports.push({
            uri: obj.uri,
            span,
            message: `spec.${direction}[${rule.index}].${key}[${peer.index}] matches no workload in the workspace: no ${describePeer(peer, namespaces)}.`,
          });
        }
      }
    }
  }
  for (const r of dedupe(reports)) ctx.report(r);
}
