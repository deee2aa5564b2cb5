// Coverage per namespace (workloads, policies, default-deny, status, open workloads) and the gaps to close.
import type { Model, Policy, Workload } from '../model/types.ts';
import type { AllowedTrafficFn } from '../topology/graph.ts';
import { Selections } from '../topology/select.ts';
import { cmp } from '../topology/traffic.ts';
import { isEmptySelector } from '../connectivity/selectors.ts';
import { admitsNothing, isValidIR, subjectSelects } from '../policy/select.ts';
import type { PolicyIR } from '../policy/types.ts';

export type CoverageStatus = 'covered' | 'partially covered' | 'no policies';

export interface OpenWorkload {
  workload: string;
  /** Directions in which no policy isolates it. */
  open: ('ingress' | 'egress')[];
}

export interface NamespaceCoverage {
  namespace: string;
  workloads: number;
  policies: number;
  ingressDefaultDeny: boolean;
  egressDefaultDeny: boolean;
  status: CoverageStatus;
  openWorkloads: OpenWorkload[];
}

export interface CoverageGap {
  namespace: string;
  priority: 'high' | 'medium';
  kind: 'no-policies' | 'missing-default-deny-ingress' | 'missing-default-deny-egress' | 'missing-dns-egress';
  problem: string;
  recommendation: string;
  workloads: string[];
}

export interface CoverageReport {
  namespaces: NamespaceCoverage[];
  gaps: CoverageGap[];
}

const isValid = (p: Policy) => !(p.invalid && p.invalid.length > 0);
const selectsAll = (p: Policy) => !p.podSelector.invalid && Object.keys(p.podSelector.matchLabels).length === 0 && p.podSelector.matchExpressions.length === 0;

/** A default-deny for a direction: selects every pod, has the direction, and no rule that lets anything through. */
export function isDefaultDeny(p: Policy, dir: 'ingress' | 'egress'): boolean {
  return isValid(p) && selectsAll(p) && p.policyTypes.includes(dir) && (dir === 'ingress' ? p.ingress : p.egress).length === 0;
}

/**
 * The same for a policy of any kind: its subject is every pod of `ns` (or of every namespace, cluster-wide), it
 * isolates the direction, and none of its allow rules of that direction admits any peer.
 */
export function isDefaultDenyIR(p: PolicyIR, dir: 'ingress' | 'egress', ns: string): boolean {
  const s = p.subject;
  const everyPod = !s.nodes && isEmptySelector(s.selector) && (s.namespaces.kind === 'all' || (s.namespaces.kind === 'names' && s.namespaces.names.includes(ns)));
  return isValidIR(p) && everyPod && p.isolates[dir] && p.rules.every((r) => r.direction !== dir || r.action !== 'allow' || admitsNothing(r));
}

/** Valid policies of any kind that govern namespace `ns`: its own, and cluster-wide ones selecting pods there. */
function governing(model: Model, ns: string, ws: readonly Workload[]): PolicyIR[] {
  const own = (model.policyIndex.byNamespace.get(ns) ?? []).filter(isValidIR);
  const wide = model.policyIndex.clusterwide.filter((p) => isValidIR(p) && (isDefaultDenyIR(p, 'ingress', ns) || isDefaultDenyIR(p, 'egress', ns) || ws.some((w) => subjectSelects(model, p.subject, w))));
  return [...own, ...wide];
}

/** Workloads that serve DNS for the cluster: kube-dns / CoreDNS by their usual labels, or port 53 from settings. */
export function dnsWorkloads(model: Model): Workload[] {
  return model.workloads.filter(
    (w) => w.podLabels['k8s-app'] === 'kube-dns' || (w.kind === 'ClusterWorkload' && w.ports.some((p) => p.containerPort === 53 && p.protocol === 'UDP')),
  );
}

function reachesDns(model: Model, w: Workload, dns: readonly Workload[], allowedTraffic: AllowedTrafficFn): boolean {
  return dns.some((d) => {
    const t = allowedTraffic(model, { kind: 'workload', workload: w }, { kind: 'workload', workload: d });
    const udp = t.byProtocol.UDP;
    return udp !== undefined && (udp.all || udp.ranges.some((r) => r.from <= 53 && r.to >= 53));
  });
}

export function coverageReport(model: Model, allowedTraffic: AllowedTrafficFn): CoverageReport {
  const sel = new Selections(model);
  const inRepo = model.workloads.filter((w) => w.kind !== 'ClusterWorkload');
  const names = new Set<string>([...inRepo.map((w) => w.namespace), ...model.policyIR.flatMap((p) => (p.namespace === undefined ? [] : [p.namespace]))]);
  for (const ns of model.namespaces.values()) if (ns.origin.kind === 'file') names.add(ns.name);
  const dns = dnsWorkloads(model);
  const namespaces: NamespaceCoverage[] = [];
  const gaps: CoverageGap[] = [];
  for (const ns of [...names].sort(cmp)) {
    const ws = inRepo.filter((w) => w.namespace === ns).sort((a, b) => cmp(a.name, b.name) || cmp(a.kind, b.kind));
    const policies = governing(model, ns, ws);
    const ingressDefaultDeny = policies.some((p) => isDefaultDenyIR(p, 'ingress', ns));
    const egressDefaultDeny = policies.some((p) => isDefaultDenyIR(p, 'egress', ns));
    const openWorkloads: OpenWorkload[] = [];
    for (const w of ws) {
      const iso = sel.isolation(w);
      const open = (['ingress', 'egress'] as const).filter((d) => !iso[d]);
      if (open.length > 0) openWorkloads.push({ workload: w.name, open });
    }
    const status: CoverageStatus =
      policies.length === 0 ? 'no policies' : openWorkloads.length === 0 && (ws.length > 0 || (ingressDefaultDeny && egressDefaultDeny)) ? 'covered' : 'partially covered';
    namespaces.push({ namespace: ns, workloads: ws.length, policies: policies.length, ingressDefaultDeny, egressDefaultDeny, status, openWorkloads });

    const openFor = (d: 'ingress' | 'egress') => openWorkloads.filter((o) => o.open.includes(d)).map((o) => o.workload);
    if (policies.length === 0) {
      if (ws.length > 0) {
        gaps.push({
          namespace: ns,
          priority: 'high',
          kind: 'no-policies',
          problem: `${ws.length} workload${ws.length === 1 ? '' : 's'} and no NetworkPolicy or Cilium policy: every pod can reach them and they can reach anything.`,
          recommendation: 'Add default-deny ingress and egress policies (podSelector: {}), then allow the traffic the workloads need, including DNS egress to kube-dns.',
          workloads: ws.map((w) => w.name),
        });
      } else {
        // "No policies" with no gap would read as "all fine": an empty namespace still starts open.
        gaps.push({
          namespace: ns,
          priority: 'medium',
          kind: 'no-policies',
          problem: 'No NetworkPolicy and no workloads here yet: a workload added to this namespace would start open.',
          recommendation: 'Add default-deny ingress and egress policies (podSelector: {}) before workloads arrive.',
          workloads: [],
        });
      }
      continue;
    }
    for (const d of ['ingress', 'egress'] as const) {
      if (d === 'ingress' ? ingressDefaultDeny : egressDefaultDeny) continue;
      gaps.push({
        namespace: ns,
        priority: 'medium',
        kind: d === 'ingress' ? 'missing-default-deny-ingress' : 'missing-default-deny-egress',
        problem:
          openFor(d).length > 0
            ? `No default-deny ${d} policy; not isolated for ${d}: ${openFor(d).join(', ')}.`
            : ws.length === 0
              ? `No default-deny ${d} policy: no workloads here yet, and a new one would start open.`
              : `No default-deny ${d} policy: every workload is isolated today, but a new one would start open.`,
        recommendation: `Add a policy with podSelector: {} and policyTypes: [${d === 'ingress' ? 'Ingress' : 'Egress'}] and no ${d} rules, so every pod of the namespace starts isolated for ${d}.`,
        workloads: openFor(d),
      });
    }
    if (dns.length > 0) {
      const noDns = ws.filter((w) => sel.isolation(w).egress && !reachesDns(model, w, dns, allowedTraffic)).map((w) => w.name);
      if (noDns.length > 0) {
        gaps.push({
          namespace: ns,
          priority: 'high',
          kind: 'missing-dns-egress',
          problem: `Egress-isolated without DNS: ${noDns.join(', ')} cannot reach ${dns.map((d) => d.id).join(', ')} on UDP 53, so name lookups fail.`,
          recommendation: 'Allow egress to kube-dns (namespaceSelector kubernetes.io/metadata.name: kube-system, podSelector k8s-app: kube-dns) on UDP 53 and TCP 53.',
          workloads: noDns,
        });
      }
    }
  }
  gaps.sort((a, b) => (a.priority === b.priority ? 0 : a.priority === 'high' ? -1 : 1));
  return { namespaces, gaps };
}
