// toFQDNs allows what Cilium's DNS proxy has seen resolved for the endpoint: one whose DNS traffic passes no
// `rules.dns` egress rule, or whose DNS rules do not allow the name (the proxy refuses it), never gets those
// addresses, so the FQDN rule (or entry) silently allows nothing.
import { dnsAllows, dnsRulesText, dnsSelectors, type FqdnSelector } from '../connectivity/dns-proxy.ts';
import type { Workload } from '../model/types.ts';
import { policiesSelecting } from '../policy/select.ts';
import type { PolicyPeer } from '../policy/types.ts';
import type { WorkspaceReport, WorkspaceRule } from '../workspace.ts';
import { hypotheticalCiliumPod } from './ws-cilium.ts';
import { dedupe, indexModel, listNames, opaqueNamespaces, selectedWorkloads } from './ws-policy.ts';
import { POLICY_TABLES } from '../rejudge.ts';

export const rule: WorkspaceRule = {
  code: 'fqdn-without-dns-proxy',
  reads: POLICY_TABLES,
  defaultSeverity: 'warning',
  description: "A toFQDNs rule selects endpoints whose DNS requests pass no rules.dns egress rule, or whose rules.dns do not allow the name, so Cilium never learns the addresses and the rule allows nothing.",
  checkWorkspace(model, files, ctx) {
    const reports: WorkspaceReport[] = [];
    const ix = indexModel(model);
    // Only for stand-in pods: most workspaces never ask (the deployers are read once per analysis when they do).
    let opaque: ReturnType<typeof opaqueNamespaces> | undefined;
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
      const rulesOf = new Map<Workload, FqdnSelector[] | undefined>(pods.map((w) => [w, dnsSelectors(policiesSelecting(model, w))]));
      const blind = pods.length > 0 ? pods.filter((w) => rulesOf.get(w) === undefined).map(nameOf) : dnsSelectors([p]) ? [] : ['(the pods it selects)'];
      // Pods picked by labels in a namespace where something deploys objects NetLens does not see (a Helm chart):
      // those may hold the pods' DNS policy, as for missing-dns-egress; the findings are then information.
      // The stand-in's namespace: a CiliumClusterwideNetworkPolicy's is the one its selector names.
      const by = standIn && Object.keys(standIn.podLabels).length > 0 ? (opaque ??= opaqueNamespaces(model, files, ctx.options)).get(standIn.namespace) : undefined;
      const unseen = by ? (what: string): string => ` ${listNames([...by])} ${by.length === 1 ? 'deploys' : 'deploy'} objects into ${standIn?.namespace} that NetLens does not see, which may include these pods and a policy with ${what}.` : undefined;
      for (const r of fqdnRules) {
        const fqdns = (r.peers ?? []).filter((x): x is Extract<PolicyPeer, { kind: 'fqdn' }> => x.kind === 'fqdn');
        if (blind.length > 0) {
          const span = fqdns[0]?.span ?? r.span;
          if (span) {
            reports.push({
              uri: p.origin.uri,
              span,
              message: unseen
                ? `toFQDNs only allows addresses Cilium's DNS proxy has seen resolved, and no policy NetLens sees sends the DNS requests of ${listOf(blind)} through an egress rule with rules.dns.${unseen('their DNS rules')} If none does, this rule allows nothing: add an egress rule to the cluster DNS with toPorts rules.dns (e.g. matchPattern "*").`
                : `toFQDNs only allows addresses Cilium's DNS proxy has seen resolved, and the DNS requests of ${listOf(blind)} pass no egress rule with rules.dns: this rule allows nothing. Add an egress rule to the cluster DNS with toPorts rules.dns (e.g. matchPattern "*").`,
              ...(unseen ? { severity: 'information' as const } : {}),
            });
          }
        }
        // Only pods NetLens knows every policy of: without them, other policies may hold the DNS rules.
        for (const peer of fqdns) {
          const refused = pods.filter((w) => {
            const rules = rulesOf.get(w);
            return rules !== undefined && !dnsAllows(rules, peer);
          });
          if (refused.length === 0 || !peer.span) continue;
          const what = peer.matchName !== undefined ? `the name ${peer.matchName}` : `any name matching ${peer.matchPattern ?? ''}`;
          const rules = dnsRulesText(refused.flatMap((w) => rulesOf.get(w) ?? []));
          reports.push({
            uri: p.origin.uri,
            span: peer.span,
            message: `The DNS rules of ${listOf(refused.map(nameOf))} (lookups of ${rules}) do not allow ${what}: Cilium's DNS proxy refuses those lookups, so it never learns the addresses and this entry allows nothing (unless another pod on the same node is allowed that lookup: Cilium's FQDN cache is shared per node).${unseen?.('DNS rules that allow it') ?? ''} Allow the name in the rules.dns (matchName or matchPattern).`,
            ...(unseen ? { severity: 'information' as const } : {}),
          });
        }
      }
    }
    for (const r of dedupe(reports)) ctx.report(r);
  },
};

const nameOf = (w: Workload): string => `${w.namespace}/${w.name}`;

function listOf(names: string[]): string {
  return names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
}
