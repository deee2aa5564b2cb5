// DNS reachability shared by missing-dns-egress and dns-tcp-blocked: which egress-isolated pods each policy
// stands for (its selected workloads, or a stand-in pod) and what their egress lets through to the DNS pods.
import { directionSet, evaluateDirection } from '../connectivity/evaluate.ts';
import { hasPort } from '../connectivity/ports.ts';
import type { RuleRef } from '../connectivity/types.ts';
import { isServiceCaveat } from '../connectivity/peers.ts';
import { isLinkLocalV4, parseAddress, type AddrRange } from '../connectivity/addr.ts';
import { cidrOf, policiesSelecting } from '../policy/select.ts';
import type { Model, Policy, Workload } from '../model/types.ts';
import type { PolicyIR } from '../policy/types.ts';
import { ciliumPolicies, hypotheticalCiliumPod } from './ws-cilium.ts';
import { hypotheticalPod, indexModel, isValidPolicy, selectedWorkloads } from './ws-policy.ts';

export interface PolicyPods {
  policy: Policy;
  pods: Workload[];
  /** The policy selects no workload of the workspace: `pods` is one stand-in pod with the selector's labels. */
  hypothetical: boolean;
}

/**
 * Whether the DNS rules judge this pod's lookups: not a DNS pod (it answers, not asks), not host-network (no policy
 * governs it), and not `dnsPolicy: Default` or `None` (it resolves through the node's or its own name servers).
 */
function asksClusterDns(w: Workload, dns: readonly Workload[]): boolean {
  return !dns.includes(w) && !w.hostNetwork && w.dnsPolicy === undefined;
}

/** Valid policies whose effective types include Egress, with the pods they isolate that ask the cluster DNS. */
export function egressIsolatingPolicies(model: Model, dns: readonly Workload[]): PolicyPods[] {
  // Both DNS rules ask, in the same analysis: listed once (the stand-in pods too, so their verdicts are shared).
  return (shared(model, dns).pods ??= listEgressIsolating(model, dns));
}

/** A Cilium policy (CNP/CCNP) that makes pods default-deny for egress, with those pods (or one stand-in pod). */
export interface CiliumPods {
  policy: PolicyIR;
  pods: Workload[];
  /** The policy selects no workload of the workspace: `pods` is the stand-in with the labels its selector requires. */
  hypothetical: boolean;
}

/**
 * Valid Cilium policies isolating pods for egress, with the pods of the workspace they select, or a stand-in pod
 * when they select none (Helm-deployed pods, another repository). DNS pods and host-network pods are left out.
 * Shared by both DNS rules, as egressIsolatingPolicies is, so a stand-in's verdicts are computed once.
 */
export function egressIsolatingCilium(model: Model, dns: readonly Workload[]): CiliumPods[] {
  return (shared(model, dns).cilium ??= listCilium(model, dns));
}

function listCilium(model: Model, dns: readonly Workload[]): CiliumPods[] {
  const out: CiliumPods[] = [];
  const ix = indexModel(model);
  for (const policy of ciliumPolicies(model)) {
    if (!policy.isolates.egress) continue;
    const selected = selectedWorkloads(ix, policy);
    const standIn = selected.length === 0 ? hypotheticalCiliumPod(model, policy) : undefined;
    const pods = (standIn ? [standIn] : selected).filter((w) => asksClusterDns(w, dns));
    out.push({ policy, pods, hypothetical: standIn !== undefined });
  }
  return out;
}

function listEgressIsolating(model: Model, dns: readonly Workload[]): PolicyPods[] {
  const out: PolicyPods[] = [];
  const ix = indexModel(model);
  for (const policy of model.policies) {
    if (!isValidPolicy(policy) || !policy.policyTypes.includes('egress')) continue;
    const selected = selectedWorkloads(ix, policy);
    if (selected.length === 0) {
      const h = hypotheticalPod(policy);
      if (h) out.push({ policy, pods: [h], hypothetical: true });
      continue;
    }
    const pods = selected.filter((w) => asksClusterDns(w, dns));
    if (pods.length > 0) out.push({ policy, pods, hypothetical: false });
  }
  return out;
}

/** What a pod's egress lets through to DNS on port 53 over one protocol, and why. */
export interface DnsVerdict {
  allowed: boolean;
  /** Allow rules that let it through (to the DNS pods or to a node-local cache). */
  by: RuleRef[];
  /** Caveats of ipBlock rules that could admit it if the network plugin matched pod IPs (when not allowed). */
  ipBlockMaybe: string[];
  /**
   * toServices rules naming a Service the workspace does not hold, which may select the DNS pods in the cluster
   * (when not allowed): then NetLens cannot tell.
   */
  unseenServices: string[];
  /** Deny rules dropping port 53 to the DNS pods (when not allowed). */
  deniedBy: RuleRef[];
  /** Allowed to the DNS pods themselves. */
  viaPods: boolean;
  /** The link-local address of a node-local DNS cache the pod's egress allows on port 53, when it does. */
  viaNodeLocal?: string;
}

/**
 * Whether the pod's egress (all policies of its namespace, additively) admits DNS on 53/`protocol` to some
 * DNS pod, or to a node-local cache (nodeLocalDns), with the rules that do. Only the egress side: the DNS pods'
 * own ingress is another namespace's.
 */
export function dnsEgress(model: Model, pod: Workload, dns: readonly Workload[], protocol: 'UDP' | 'TCP'): DnsVerdict {
  const by: RuleRef[] = [];
  const deniedBy: RuleRef[] = [];
  const ipBlockMaybe: string[] = [];
  const unseenServices: string[] = [];
  let viaPods = false;
  for (const d of dns) {
    const to = { kind: 'workload' as const, workload: d };
    const ev = evaluateDirection(model, 'egress', { kind: 'workload', workload: pod }, to, to);
    if (!ev.isolated && ev.denies.length === 0) return { allowed: true, by: [], ipBlockMaybe: [], unseenServices: [], deniedBy: [], viaPods: true };
    deniedBy.push(...ev.denies.filter((h) => hasPort(h.ports, 53, protocol)).map((h) => h.ref));
    // Deny rules (Cilium egressDeny) win over every allow: what is left after them decides.
    if (hasPort(directionSet(ev), 53, protocol)) {
      viaPods = true;
      by.push(...ev.hits.filter((h) => hasPort(h.ports, 53, protocol)).map((h) => h.ref));
    } else {
      for (const m of ev.mayCoverPods) if (hasPort(m.ports, 53, protocol)) (isServiceCaveat(m.caveat) ? unseenServices : ipBlockMaybe).push(m.caveat);
    }
  }
  const local = nodeLocalDns(model, pod, protocol);
  if (local) by.push(...local.by);
  const allowed = viaPods || local !== undefined;
  return {
    allowed,
    by,
    ipBlockMaybe: allowed ? [] : [...new Set(ipBlockMaybe)],
    unseenServices: allowed ? [] : [...new Set(unseenServices)],
    deniedBy: allowed ? [] : deniedBy,
    viaPods,
    ...(local ? { viaNodeLocal: local.address } : {}),
  };
}

const NODE_LOCAL_DEFAULT = parseAddress('169.254.20.10')!;

/**
 * DNS through a node-local cache: the pod's egress rules name a CIDR inside 169.254.0.0/16 (an ipBlock, a Cilium
 * toCIDR/toCIDRSet) and its egress, every policy and deny rule counted, lets port 53 through to that address.
 * With NodeLocal DNSCache the kubelet points pods' resolv.conf at the link-local address, so the query never goes
 * to the DNS pods. Only an explicitly link-local CIDR counts: a broad block such as 0.0.0.0/0 says nothing about
 * where the pods resolve (missing-dns-egress's ipBlock rule stays as documented).
 */
function nodeLocalDns(model: Model, pod: Workload, protocol: 'UDP' | 'TCP'): { address: string; by: RuleRef[] } | undefined {
  for (const address of linkLocalTargets(model, pod)) {
    const to = { kind: 'ip' as const, address };
    const ev = evaluateDirection(model, 'egress', { kind: 'workload', workload: pod }, to, to);
    if (hasPort(directionSet(ev), 53, protocol)) return { address, by: ev.hits.filter((h) => hasPort(h.ports, 53, protocol)).map((h) => h.ref) };
  }
  return undefined;
}

/** One address per link-local CIDR the pod's egress allow rules name: 169.254.20.10 when it holds it. */
function linkLocalTargets(model: Model, pod: Workload): string[] {
  const out = new Set<string>();
  for (const p of policiesSelecting(model, pod)) {
    for (const rule of p.rules) {
      if (rule.direction !== 'egress' || rule.action !== 'allow') continue;
      for (const peer of rule.peers ?? []) {
        if (peer.kind !== 'cidr') continue;
        const r = cidrOf(model, peer.cidr);
        if (!isLinkLocalV4(r)) continue;
        const except = peer.except.map((e) => cidrOf(model, e)).filter((x): x is AddrRange => x !== undefined);
        // The first address the excepts leave: 169.254.20.10, the block's start, or the one after an except.
        const candidates = [NODE_LOCAL_DEFAULT.start, r.start, ...except.map((e) => e.end + 1n)];
        const pick = candidates.find((v) => r.start <= v && v <= r.end && !except.some((e) => e.start <= v && v <= e.end));
        if (pick !== undefined) out.add(formatV4(pick));
      }
    }
  }
  return [...out];
}

const formatV4 = (v: bigint): string => [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 255n)).join('.');

/**
 * Pods whose DNS verdicts the DNS rules ask between two stops: a policy over a namespace of hundreds of pods asked
 * one egress evaluation per pod in one step (60-75 ms at 2,000 files). Verdicts are memoised whole, per pod.
 */
export const PODS_PER_STEP = 32;

interface Shared {
  pods?: PolicyPods[];
  cilium?: CiliumPods[];
  verdicts: Map<Workload, Partial<Record<'UDP' | 'TCP', DnsVerdict>>>;
}

// Per model (one analysis) and DNS pods: what missing-dns-egress and dns-tcp-blocked both compute. Thousands of
// policies in one file made each rule evaluate every pod's egress on its own.
const SHARED = new WeakMap<Model, Map<string, Shared>>();

function shared(model: Model, dns: readonly Workload[]): Shared {
  let perModel = SHARED.get(model);
  if (!perModel) {
    perModel = new Map();
    SHARED.set(model, perModel);
  }
  const key = dns.map((w) => w.id).join('\u0000');
  let entry = perModel.get(key);
  if (!entry) {
    entry = { verdicts: new Map() };
    perModel.set(key, entry);
  }
  return entry;
}

/** dnsEgress memoised per pod and protocol for one analysis (a pod is often selected by several policies). */
export function dnsEgressMemo(model: Model, dns: readonly Workload[]): (pod: Workload, protocol: 'UDP' | 'TCP') => DnsVerdict {
  const memo = shared(model, dns).verdicts;
  return (pod, protocol) => {
    const entry = memo.get(pod) ?? {};
    memo.set(pod, entry);
    return (entry[protocol] ??= dnsEgress(model, pod, dns, protocol));
  };
}

/** A stand-in pod in a message: "its pods (labels app=x in namespace ns; no such workload in the workspace)". */
export function standInPhrase(labels: Record<string, string>, namespace: string): string {
  const shown = Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(', ');
  return `its pods (${shown ? `labels ${shown}` : 'any pod'} in namespace ${namespace}; no such workload in the workspace)`;
}

export function podsPhrase(pp: PolicyPods): string {
  if (pp.hypothetical) return standInPhrase(pp.pods[0]?.podLabels ?? {}, pp.policy.namespace);
  const names = [...new Set(pp.pods.map((w) => w.name))].sort();
  const shown = names.slice(0, 5).join(', ') + (names.length > 5 ? ` and ${names.length - 5} more` : '');
  return `${shown} (namespace ${pp.policy.namespace})`;
}
