// DNS is allowed on UDP 53 but not TCP 53: truncated answers (retried over TCP) and TCP-only resolvers fail.
import { isMap, isSeq } from 'yaml';
import type { RuleRef } from '../connectivity/types.ts';
import { detectStyle, appendToSeq } from '../fixes/yaml-text.ts';
import type { Policy, PolicyPort, Workload } from '../model/types.ts';
import { get } from '../parse/access.ts';
import type { Fix } from '../types.ts';
import type { WorkspaceReport, WorkspaceRule } from '../workspace.ts';
import { dnsEgressMemo, egressIsolatingPolicies } from './ws-dns.ts';
import { contentSpan, dedupe, dnsWorkloads, policyObject, ruleNode } from './ws-policy.ts';

/** Whether a policy port admits UDP 53 towards one of the DNS pods. */
function admitsUdp53(p: PolicyPort, dns: readonly Workload[]): boolean {
  if (p.invalid || p.protocol !== 'UDP') return false;
  if (p.port === undefined) return true;
  if (typeof p.port === 'number') return p.port <= 53 && 53 <= (p.endPort ?? p.port);
  const name = p.port;
  return dns.some((d) => d.ports.some((c) => c.name === name && c.protocol === 'UDP' && c.containerPort === 53));
}

export const rule: WorkspaceRule = {
  code: 'dns-tcp-blocked',
  defaultSeverity: 'information',
  description: 'DNS is allowed on UDP 53 but not on TCP 53.',
  checkWorkspace(model, files, ctx) {
    const dns = dnsWorkloads(model, ctx.options);
    if (dns.length === 0) return;
    // Rule refs that let UDP 53 through for pods whose TCP 53 is blocked, with those pods' names.
    const byRule = new Map<string, { ref: RuleRef; pods: Set<string> }>();
    const verdict = dnsEgressMemo(model, dns);
    for (const pp of egressIsolatingPolicies(model, dns)) {
      for (const w of pp.pods) {
        const udp = verdict(w, 'UDP');
        if (!udp.allowed || verdict(w, 'TCP').allowed) continue;
        for (const ref of udp.by) {
          const key = `${ref.policy}\u0000${ref.uri ?? ''}\u0000${ref.ruleIndex}`;
          const e = byRule.get(key) ?? { ref, pods: new Set<string>() };
          e.pods.add(pp.hypothetical ? `pods of ${pp.policy.name}` : w.name);
          byRule.set(key, e);
        }
      }
    }
    const reports: WorkspaceReport[] = [];
    const policyOf = new Map(model.policies.map((p) => [`${p.id}\u0000${p.origin.kind === 'file' ? p.origin.uri : ''}`, p]));
    for (const { ref, pods } of byRule.values()) {
      const policy = policyOf.get(`${ref.policy}\u0000${ref.uri ?? ''}`);
      if (!policy) continue;
      const r = report(policy, ref.ruleIndex, dns, [...pods].sort(), files);
      if (r) reports.push(r);
    }
    for (const r of dedupe(reports)) ctx.report(r);
  },
};

function report(policy: Policy, ruleIndex: number, dns: readonly Workload[], pods: string[], files: Parameters<WorkspaceRule['checkWorkspace']>[1]): WorkspaceReport | undefined {
  const obj = policyObject(files, policy);
  const file = obj && files.get(obj.uri);
  const rule = policy.egress[ruleIndex];
  if (!obj || !file || !rule) return undefined;
  const port = (rule.ports ?? []).find((p) => admitsUdp53(p, dns));
  const src = ruleNode(obj, 'egress', ruleIndex);
  const span = (port && contentSpan(src?.ports[port.index]?.node)) ?? rule.span;
  if (!span) return undefined;
  const fixes: Fix[] = [];
  const portsSeq = src && isMap(src.node) ? get(obj.doc, src.node, 'ports') : undefined;
  if (port && isSeq(portsSeq) && portsSeq.items.length > 0) {
    const edit = appendToSeq(file.text, portsSeq, { protocol: 'TCP', port: 53 }, detectStyle(file.text, [obj.doc, ...file.docs]));
    if (edit) fixes.push({ title: 'Also allow TCP 53', edits: [edit], isPreferred: true });
  }
  const shown = pods.slice(0, 5).join(', ') + (pods.length > 5 ? ` and ${pods.length - 5} more` : '');
  return {
    uri: obj.uri,
    span,
    message:
      `DNS is allowed on UDP 53 but not on TCP 53 for ${shown}: answers too large for UDP are retried over TCP, and some ` +
      `resolvers use TCP only, so those lookups will fail. Allow TCP 53 to the DNS pods too.`,
    fixes,
  };
}
