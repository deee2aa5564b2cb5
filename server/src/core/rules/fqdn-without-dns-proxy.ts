// toFQDNs allows what Cilium's DNS proxy has seen resolved: an endpoint whose DNS traffic passes no
// `rules.dns` egress rule never gets those addresses, so the FQDN rule silently allows nothing.
import { hasDnsProxy } from '../connectivity/evaluate.ts';
import { policiesSelecting } from '../policy/select.ts';
import type { WorkspaceReport, WorkspaceRule } from '../workspace.ts';
import { hypotheticalCiliumPod } from './ws-cilium.ts';
import { dedupe, indexModel, selectedWorkloads } from './ws-policy.ts';
import { POLICY_TABLES } from '../rejudge.ts';

export const rule: WorkspaceRule = {
  code: 'fqdn-without-dns-proxy',
  reads: POLICY_TABLES,
  defaultSeverity: 'warning',
  description: 'A toFQDNs rule selects endpoints whose DNS requests pass no rules.dns egress rule, so Cilium never learns the addresses and the rule allows nothing.',
  checkWorkspace(model, files, ctx) {
    const reports: WorkspaceReport[] = [];
    const ix = indexModel(model);
    for (const p of model.policyIR) {
      if (p.origin.kind !== 'file' || !files.has(p.origin.uri)) continue;
      const fqdnRules = p.rules.filter((r) => r.direction === 'egress' && r.action === 'allow' && r.peers?.some((x) => x.kind === 'fqdn'));
      if (fqdnRules.length === 0) continue;
      const selected = selectedWorkloads(ix, p);
      // With no selected workload in the workspace, a stand-in pod with the labels the policy requires is asked
      // of every policy (a cluster-wide DNS rule usually carries the rules.dns); when none can be built, only the
      // policy's own rules are known.
      const standIn = selected.length === 0 ? hypotheticalCiliumPod(model, p) : undefined;
      const pods = standIn ? [standIn] : selected;
      const blind = pods.length > 0 ? pods.filter((w) => !hasDnsProxy(policiesSelecting(model, w))).map((w) => `${w.namespace}/${w.name}`) : hasDnsProxy([p]) ? [] : ['(the pods it selects)'];
      if (blind.length === 0) continue;
      for (const r of fqdnRules) {
        const peer = r.peers?.find((x) => x.kind === 'fqdn');
        const span = peer?.span ?? r.span;
        if (!span) continue;
        reports.push({
          uri: p.origin.uri,
          span,
          message: `toFQDNs only allows addresses Cilium's DNS proxy has seen resolved, and the DNS requests of ${listOf(blind)} pass no egress rule with rules.dns: this rule allows nothing. Add an egress rule to the cluster DNS with toPorts rules.dns (e.g. matchPattern "*").`,
        });
      }
    }
    for (const r of dedupe(reports)) ctx.report(r);
  },
};

function listOf(names: string[]): string {
  return names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
}
