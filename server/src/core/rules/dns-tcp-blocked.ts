// DNS is allowed on UDP 53 but not TCP 53: truncated answers (retried over TCP) and TCP-only resolvers fail.
// Speaks about every policy kind through the connectivity verdicts: NetworkPolicy and CNP/CCNP alike.
import { isMap, isSeq } from 'yaml';
import { hasPort, policyPortSet } from '../connectivity/ports.ts';
import type { RuleRef } from '../connectivity/types.ts';
import { detectStyle, appendToSeq } from '../fixes/yaml-text.ts';
import type { Model, Policy, PolicyPort, Workload } from '../model/types.ts';
import { get } from '../parse/access.ts';
import type { PolicyIR } from '../policy/types.ts';
import type { Fix } from '../types.ts';
import type { ParsedFile } from '../parse/parse.ts';
import { finish } from '../steps.ts';
import type { WorkspaceReport, WorkspaceRule, WorkspaceRuleContext } from '../workspace.ts';
import { irObject, isCilium, portEntry, portSpans } from './ws-cilium.ts';
import { egressIsolatingCilium, egressIsolatingPolicies, PODS_PER_STEP } from './ws-dns.ts';
import { dnsEgressMemo } from './ws-dns-memo.ts';
import { npSpans, itemKey } from './np-spans.ts';
import { dedupe, dnsWorkloads, listNames, opaqueNamespaces, policyObject, ruleNode } from './ws-policy.ts';
import { POLICY_TABLES } from '../rejudge.ts';

type Files = Parameters<WorkspaceRule['checkWorkspace']>[1];

/** Whether a NetworkPolicy port admits UDP 53 towards one of the DNS pods. */
function admitsUdp53(p: PolicyPort, dns: readonly Workload[]): boolean {
  if (p.invalid || p.protocol !== 'UDP') return false;
  if (p.port === undefined) return true;
  if (typeof p.port === 'number') return p.port <= 53 && 53 <= (p.endPort ?? p.port);
  const name = p.port;
  return dns.some((d) => d.ports.some((c) => c.name === name && c.protocol === 'UDP' && c.containerPort === 53));
}

/** A rule letting UDP 53 through for pods whose TCP 53 is blocked; `denied`: deny rules dropping their TCP 53. */
interface Entry {
  ref: RuleRef;
  pods: Set<string>;
  denied: Set<string>;
  /** Link-local addresses of a node-local DNS cache the UDP traffic goes to (instead of the DNS pods). */
  local: Set<string>;
  /**
   * What deploys unseen objects where the pods are, while every pod is a stand-in picked by labels in such a
   * namespace (a chart's pods, whose own policy may allow TCP 53); undefined once a pod is not.
   */
  unseen?: Map<string, Set<string>>;
}

export const rule: WorkspaceRule = {
  code: 'dns-tcp-blocked',
  reads: POLICY_TABLES,
  defaultSeverity: 'information',
  description: 'DNS is allowed on UDP 53 but not on TCP 53.',
  checkWorkspace(model, files, ctx) {
    finish(judge(model, files, ctx));
  },
  checkWorkspaceSteps: judge,
};

/** The rule, one policy per step (each asks the DNS verdicts of the pods it isolates, PODS_PER_STEP at a time). */
function* judge(model: Model, files: ReadonlyMap<string, ParsedFile>, ctx: WorkspaceRuleContext): Generator<void, void, void> {
  const dns = dnsWorkloads(model, ctx.options);
  if (dns.length === 0) return;
  const byRule = new Map<string, Entry>();
  const verdict = dnsEgressMemo(model, dns);
  // Only for stand-in pods with labels (the deployers are read once per analysis when asked).
  let opaque: ReturnType<typeof opaqueNamespaces> | undefined;
  const consider = (w: Workload, label: string, standIn: boolean): void => {
    // A dnsPolicy: None pod asks the servers its dnsConfig lists; this rule's advice is about the cluster DNS.
    if (w.dnsPolicy === 'None') return;
    const udp = verdict(w, 'UDP');
    if (!udp.allowed) return;
    const tcp = verdict(w, 'TCP');
    // A pod asks one server (the DNS pods, or a node-local cache when resolv.conf points there): TCP 53 must be
    // open on a path UDP 53 takes.
    if ((udp.viaPods && tcp.viaPods) || (udp.viaNodeLocal !== undefined && tcp.viaNodeLocal === udp.viaNodeLocal)) return;
    for (const ref of udp.by) {
      const key = `${ref.kind}\u0000${ref.policy}\u0000${ref.uri ?? ''}\u0000${ref.section}\u0000${ref.ruleIndex}\u0000${ref.span?.start ?? ''}`;
      const e = byRule.get(key) ?? { ref, pods: new Set<string>(), denied: new Set<string>(), local: new Set<string>(), unseen: new Map<string, Set<string>>() };
      e.pods.add(label);
      const by = standIn && Object.keys(w.podLabels).length > 0 ? (opaque ??= opaqueNamespaces(model, files, ctx.options)).get(w.namespace) : undefined;
      if (!by) e.unseen = undefined;
      else e.unseen?.set(w.namespace, new Set([...(e.unseen.get(w.namespace) ?? []), ...by]));
      if (!udp.viaPods && udp.viaNodeLocal) e.local.add(udp.viaNodeLocal);
      for (const d of tcp.deniedBy) e.denied.add(`${d.policy} ${d.section}[${d.ruleIndex}]`);
      byRule.set(key, e);
    }
  };
  for (const pp of egressIsolatingPolicies(model, dns)) {
    yield;
    for (const [i, w] of pp.pods.entries()) {
      if (i > 0 && i % PODS_PER_STEP === 0) yield;
      consider(w, pp.hypothetical ? `pods of ${pp.policy.name}` : w.name, pp.hypothetical === true);
    }
  }
  // Pods Cilium makes default-deny for egress (a CNP/CCNP with egress or egressDeny rules), or the stand-in pod of
  // a policy selecting none of the workspace's, as missing-dns-egress judges them.
  for (const cp of egressIsolatingCilium(model, dns)) {
    yield;
    for (const [i, w] of cp.pods.entries()) {
      if (i > 0 && i % PODS_PER_STEP === 0) yield;
      consider(w, cp.hypothetical ? `pods of ${cp.policy.name}` : w.name, cp.hypothetical === true);
    }
  }
  const reports: WorkspaceReport[] = [];
  const policyOf = new Map(model.policies.map((p) => [`${p.id}\u0000${p.origin.kind === 'file' ? p.origin.uri : ''}`, p]));
  // Cilium policies by name and file, in model order: one lookup per finding instead of a scan of every policy.
  const ciliumOf = new Map<string, (typeof model.policyIR)[number][]>();
  for (const p of model.policyIR) {
    if (!isCilium(p)) continue;
    const key = `${p.id}\u0000${p.origin.kind === 'file' ? p.origin.uri : ''}`;
    const list = ciliumOf.get(key);
    if (list) list.push(p);
    else ciliumOf.set(key, [p]);
  }
  for (const e of byRule.values()) {
    const pods = [...e.pods].sort();
    const denied = [...e.denied].sort();
    const local = [...e.local].sort();
    let r: WorkspaceReport | undefined;
    if (e.ref.kind === 'NetworkPolicy') {
      const policy = policyOf.get(`${e.ref.policy}\u0000${e.ref.uri ?? ''}`);
      r = policy && report(policy, e.ref.ruleIndex, dns, pods, denied, local, files, ctx, unseenNote(e));
    } else {
      const ir = (ciliumOf.get(`${e.ref.policy}\u0000${e.ref.uri ?? ''}`) ?? []).find((p) => p.rules.some((x) => x.section === e.ref.section && x.index === e.ref.ruleIndex && x.span?.start === e.ref.span?.start));
      r = ir && ciliumReport(ir, e.ref, dns, pods, denied, local, files, ctx, unseenNote(e));
    }
    if (r) reports.push(r);
  }
  for (const r of dedupe(reports)) ctx.report(r);
}

/** For stand-in pods where unseen objects are deployed: what deploys there, which may allow their TCP 53. */
function unseenNote(e: Entry): string | undefined {
  if (!e.unseen || e.unseen.size === 0) return undefined;
  return [...e.unseen]
    .map(([ns, by]) => `${listNames([...by])} ${by.size === 1 ? 'deploys' : 'deploy'} objects into ${ns} that NetLens does not see`)
    .join('; ');
}

function message(pods: string[], denied: string[], local: string[], unseen?: string): string {
  const shown = pods.slice(0, 5).join(', ') + (pods.length > 5 ? ` and ${pods.length - 5} more` : '');
  const where = local.length > 0 ? ` (through the node-local DNS cache at ${local.join(', ')})` : '';
  const head =
    `DNS is allowed on UDP 53 but not on TCP 53 for ${shown}${where}: answers too large for UDP are retried over TCP, and some ` +
    (unseen && denied.length === 0
      ? `resolvers use TCP only, so those lookups fail unless a policy NetLens does not see allows TCP 53: ${unseen}, which may include these pods and such a policy. `
      : 'resolvers use TCP only, so those lookups will fail. ');
  return denied.length > 0
    ? `${head}A deny rule (${listNames(denied, 3)}) drops TCP 53 and wins over every allow: narrow it so that it leaves DNS over TCP out.`
    : `${head}Allow TCP 53 to ${local.length > 0 ? 'the same address' : 'the DNS pods'} too.`;
}

function report(policy: Policy, ruleIndex: number, dns: readonly Workload[], pods: string[], denied: string[], local: string[], files: Files, ctx: WorkspaceRuleContext, unseen?: string): WorkspaceReport | undefined {
  const obj = policyObject(files, policy);
  const file = obj && files.get(obj.uri);
  const rule = policy.egress[ruleIndex];
  if (!obj || !file || !rule) return undefined;
  const port = (rule.ports ?? []).find((p) => admitsUdp53(p, dns));
  const span = (port && npSpans(obj).portItems[itemKey('egress', ruleIndex, port.index)]) ?? rule.span;
  if (!span) return undefined;
  const fixes: Fix[] = [];
  // An allow cannot win over a deny: the fix is offered only when nothing denies TCP 53.
  const src = port && ctx.fixesIn(file) && denied.length === 0 ? ruleNode(obj, 'egress', ruleIndex) : undefined;
  const portsSeq = src && isMap(src.node) ? get(obj.doc, src.node, 'ports') : undefined;
  if (isSeq(portsSeq) && portsSeq.items.length > 0) {
    const edit = appendToSeq(file.text, portsSeq, { protocol: 'TCP', port: 53 }, detectStyle(file.text, [obj.doc, ...file.docs]));
    if (edit) fixes.push({ title: 'Also allow TCP 53', edits: [edit], isPreferred: true });
  }
  return { uri: obj.uri, span, message: message(pods, denied, local, unseen), fixes };
}

/**
 * The Cilium rule's port entry that admits UDP 53 to a DNS pod gets the finding (the rule itself when it has
 * no ports); a `protocol: UDP` entry gets "Also allow TCP 53" as a `{port: "53", protocol: TCP}` next to it, in
 * the same toPorts item, so a `rules.dns` section there covers the TCP lookups too.
 */
function ciliumReport(p: PolicyIR, ref: RuleRef, dns: readonly Workload[], pods: string[], denied: string[], local: string[], files: Files, ctx: WorkspaceRuleContext, unseen?: string): WorkspaceReport | undefined {
  const obj = irObject(files, p);
  const file = obj && files.get(obj.uri);
  const rule = p.rules.find((x) => x.section === ref.section && x.index === ref.ruleIndex);
  if (!obj || !file || !rule) return undefined;
  const port = (rule.ports ?? []).find((x) => dns.some((d) => hasPort(policyPortSet(x, { kind: 'workload', workload: d }), 53, 'UDP')));
  const span = (port && portSpans(obj, p, rule, port)?.item) ?? rule.span;
  if (!span) return undefined;
  const fixes: Fix[] = [];
  const entry = port && ctx.fixesIn(file) && port.protocol === 'UDP' && denied.length === 0 ? portEntry(obj, p, rule, port) : undefined;
  if (entry) {
    const edit = appendToSeq(file.text, entry.list, { port: '53', protocol: 'TCP' }, detectStyle(file.text, [obj.doc, ...file.docs]));
    if (edit) fixes.push({ title: 'Also allow TCP 53', edits: [edit], isPreferred: true });
  }
  return { uri: obj.uri, span, message: message(pods, denied, local, unseen), fixes };
}
