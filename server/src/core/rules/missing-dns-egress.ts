// A policy isolates pods for egress and nothing lets them reach the cluster DNS on UDP 53: lookups fail.
import { addDnsEgressFix } from '../fixes/dns-egress.ts';
import type { Model, Workload } from '../model/types.ts';
import type { ParsedFile } from '../parse/parse.ts';
import { finish } from '../steps.ts';
import type { WorkspaceReport, WorkspaceRule, WorkspaceRuleContext } from '../workspace.ts';
import { ciliumDnsFix, ciliumEgressSpan, irObject } from './ws-cilium.ts';
import { egressIsolatingCilium, egressIsolatingPoliciesSteps, PODS_PER_STEP, podsPhrase, standInPhrase, type DnsVerdict } from './ws-dns.ts';
import { dnsEgressMemo } from './ws-dns-memo.ts';
import { dedupe, dnsTarget, dnsWorkloads, listNames, opaqueNamespaces, policyObject } from './ws-policy.ts';
import { npEgressSpan } from './np-spans.ts';
import { POLICY_TABLES } from '../rejudge.ts';

export const rule: WorkspaceRule = {
  code: 'missing-dns-egress',
  reads: POLICY_TABLES,
  defaultSeverity: 'warning',
  description: 'A policy isolates pods for egress and no policy lets them reach the cluster DNS on UDP 53.',
  checkWorkspace(model, files, ctx) {
    finish(judge(model, files, ctx));
  },
  checkWorkspaceSteps: judge,
};

/** The rule, one policy per step (each asks the egress verdict of the pods it isolates, PODS_PER_STEP at a time). */
function* judge(model: Model, files: ReadonlyMap<string, ParsedFile>, ctx: WorkspaceRuleContext): Generator<void, void, void> {
  const dns = dnsWorkloads(model, ctx.options);
  const target = dnsTarget(ctx.options);
  if (dns.length === 0 || !target) return; // no DNS configured: nothing to check against
  const dnsName = dns.map((d) => d.id).join(', ');
  const reports: WorkspaceReport[] = [];
  const verdict = dnsEgressMemo(model, dns);
  const opaque = opaqueNamespaces(model, files, ctx.options);
  /**
   * Pods the workspace does not declare, picked by labels, in a namespace where something deploys objects NetLens
   * does not see (a Helm chart, a remote base): those objects are likely where the pods come from, and may hold the
   * policy that lets them reach DNS (a chart's own NetworkPolicy). The finding is then information and says so. A
   * selector of every pod (a namespace default-deny) isolates the chart's pods for certain: judged as before.
   */
  const unseenSource = (standIn: Workload | undefined, namespace: string | undefined): string | undefined => {
    const by = standIn && namespace !== undefined && Object.keys(standIn.podLabels).length > 0 ? opaque.get(namespace) : undefined;
    return by ? ` ${listNames([...by])} ${by.length === 1 ? 'deploys' : 'deploy'} objects into ${namespace} that NetLens does not see, which may include these pods and a policy that lets them reach DNS; if not, name lookups will fail.` : undefined;
  };
  // Listed in steps (the listing is shared with dns-tcp-blocked, which runs after this rule).
  for (const pp of yield* egressIsolatingPoliciesSteps(model, dns)) {
    yield;
    const verdicts: { w: Workload; v: DnsVerdict }[] = [];
    for (const [i, w] of pp.pods.entries()) {
      if (i > 0 && i % PODS_PER_STEP === 0) yield;
      const v = verdict(w, 'UDP');
      if (!v.allowed) verdicts.push({ w, v });
    }
    if (verdicts.length === 0) continue;
    const blocked = verdicts.map((x) => x.w);
    const maybe = verdicts.some((x) => x.v.ipBlockMaybe.length > 0)
      ? ' Only an ipBlock rule could let it through: that depends on whether your network plugin matches ipBlock against pod IPs (set netlens.cluster.podCIDRs to let NetLens relate them).'
      : '';
    const obj = policyObject(files, pp.policy);
    const file = obj && files.get(obj.uri);
    if (!obj || !file) continue;
    // The fix opens the cluster DNS, which a dnsPolicy: None pod does not ask.
    const fix = !ctx.fixesIn(file) || blocked.some((w) => w.nameservers) ? undefined : addDnsEgressFix(file, obj, pp.policy, target);
    const unseen = unknownVerdict(verdicts.map((x) => x.v));
    const elsewhere = unseen ? undefined : unseenSource(pp.hypothetical ? pp.pods[0] : undefined, pp.policy.namespace);
    if (elsewhere) {
      reports.push({
        uri: obj.uri,
        span: npEgressSpan(obj),
        severity: 'information',
        message: `This policy isolates ${podsPhrase({ ...pp, pods: blocked })} for egress, and no policy NetLens sees lets them reach DNS (${dnsName}) on UDP 53.${elsewhere}${maybe}`,
        ...(fix ? { fixes: [fix] } : {}),
      });
      continue;
    }
    reports.push({
      uri: obj.uri,
      span: npEgressSpan(obj),
      message: unseen
        ? `NetLens cannot tell whether ${podsPhrase({ ...pp, pods: blocked })} reach DNS (${dnsName}) on UDP 53: ${unseen}`
        : `This policy isolates ${podsPhrase({ ...pp, pods: blocked })} for egress, and no policy of the namespace lets them reach ` +
          (blocked.every((w) => w.nameservers)
            ? `the name servers their dnsConfig lists (dnsPolicy: None: ${listNames(serversOf(blocked))}) on UDP 53, so name lookups will fail. Allow egress to them on UDP and TCP 53.`
            : `DNS (${dnsName}) on UDP 53, so name lookups will fail. Allow egress to the DNS pods on UDP and TCP 53.${ownServers(blocked)}`) +
          maybe,
      ...(unseen ? { severity: 'information' as const } : {}),
      ...(fix && !unseen ? { fixes: [fix] } : {}),
    });
  }
  // Cilium policies (CNP, CCNP): same verdicts, over the pods of the workspace they select, with a Cilium-form
  // fix (the NetworkPolicy one would write NetworkPolicy YAML into a Cilium rule).
  // Pods the repository does not deploy (Helm, another repo) are judged through a stand-in with the labels the
  // endpointSelector requires, as the NetworkPolicy side does.
  for (const { policy: p, pods, hypothetical } of egressIsolatingCilium(model, dns)) {
    yield;
    const standIn = hypothetical ? pods[0] : undefined;
    const blocked: Workload[] = [];
    for (const [i, w] of pods.entries()) {
      if (i > 0 && i % PODS_PER_STEP === 0) yield;
      if (!verdict(w, 'UDP').allowed) blocked.push(w);
    }
    if (blocked.length === 0) continue;
    const denials = [...new Set(blocked.flatMap((w) => verdict(w, 'UDP').deniedBy.map((r) => `${r.policy} ${r.section}[${r.ruleIndex}]`)))].sort();
    const why = denials.length > 0 ? `a deny rule (${listNames(denials, 3)}) drops their DNS traffic` : 'no policy lets them reach DNS';
    const obj = irObject(files, p);
    if (!obj) continue;
    const file = files.get(obj.uri);
    // An allow rule cannot win over a deny: the fix is offered only when nothing denies DNS.
    const fix = file && ctx.fixesIn(file) && denials.length === 0 && !blocked.some((w) => w.nameservers) ? ciliumDnsFix(file, obj, p, target) : undefined;
    const names = standIn ? standInPhrase(standIn.podLabels, standIn.namespace) : listNames([...new Set(blocked.map((w) => `${w.namespace}/${w.name}`))].sort());
    const unseen = denials.length === 0 ? unknownVerdict(blocked.map((w) => verdict(w, 'UDP'))) : undefined;
    const elsewhere = denials.length === 0 && !unseen ? unseenSource(standIn, standIn?.namespace) : undefined;
    if (elsewhere) {
      reports.push({ uri: obj.uri, span: ciliumEgressSpan(obj, p), severity: 'information', message: `This ${p.kind} makes ${names} default-deny for egress, and no policy NetLens sees lets them reach DNS (${dnsName}) on UDP 53.${elsewhere}`, ...(fix ? { fixes: [fix] } : {}) });
      continue;
    }
    if (unseen) {
      reports.push({ uri: obj.uri, span: ciliumEgressSpan(obj, p), severity: 'information', message: `NetLens cannot tell whether ${names} reach DNS (${dnsName}) on UDP 53 under this ${p.kind}: ${unseen}` });
      continue;
    }
    reports.push({
      uri: obj.uri,
      span: ciliumEgressSpan(obj, p),
      message:
        `This ${p.kind} makes ${names} default-deny for egress, and ${why} (${dnsName}) on UDP 53, ` +
        'so name lookups will fail. ' +
        (denials.length > 0
          ? 'Deny rules win over every allow: narrow the deny rule so that it leaves DNS out.'
          : 'Allow egress to the DNS pods on port 53 (a toEndpoints rule for k8s-app: kube-dns in kube-system, with a rules.dns section if you use toFQDNs).') +
        ownServers(blocked),
      ...(fix ? { fixes: [fix] } : {}),
    });
  }
  for (const r of dedupe(reports)) ctx.report(r);
}

/** For `dnsPolicy: None` pods: the servers they ask instead, which is what their verdict was taken against. */
function ownServers(pods: readonly Workload[]): string {
  const own = pods.filter((w) => w.nameservers);
  if (own.length === 0) return '';
  const servers = serversOf(own);
  const names = [...new Set(own.map((w) => w.name))].sort();
  return ` (${listNames(names)} ${names.length === 1 ? 'uses' : 'use'} dnsPolicy: None and ${names.length === 1 ? 'asks' : 'ask'} only ${listNames(servers)}: allow egress on UDP and TCP 53 to ${servers.length === 1 ? 'that address' : 'those addresses'}.)`;
}

const serversOf = (pods: readonly Workload[]): string[] => [...new Set(pods.flatMap((w) => w.nameservers ?? []))];

/**
 * When every blocked pod could still reach DNS through a toServices rule naming a Service the workspace does not
 * hold, the reasons; the finding then says NetLens cannot tell instead of claiming lookups fail.
 */
function unknownVerdict(verdicts: readonly DnsVerdict[]): string | undefined {
  if (verdicts.length === 0 || verdicts.some((v) => v.unseenServices.length === 0 || v.deniedBy.length > 0)) return undefined;
  return [...new Set(verdicts.flatMap((v) => v.unseenServices))].join(' ');
}
