// DNS reachability shared by missing-dns-egress and dns-tcp-blocked: which egress-isolated pods each policy
// stands for (its selected workloads, or a stand-in pod) and what their egress lets through to the DNS pods.
import { directionSet, evaluateDirection, type DirectionEval } from '../connectivity/evaluate.ts';
import type { PortSet } from '../connectivity/ports.ts';
import { hasPort } from '../connectivity/ports.ts';
import type { RuleRef } from '../connectivity/types.ts';
import { isServiceCaveat } from '../connectivity/peers.ts';
import { mayCoverPodIps, names53, nodeLocalCacheAddress, parseAddress, type AddrRange } from '../connectivity/addr.ts';
import { cidrOf, policiesSelecting } from '../policy/select.ts';
import type { Model, Policy, Workload } from '../model/types.ts';
import type { PolicyIR } from '../policy/types.ts';
import { ciliumPolicies, hypotheticalCiliumPod } from './ws-cilium.ts';
import { groupCidrs } from '../kinds/cilium/cidrgroup.ts';
import { finish } from '../steps.ts';
import { hypotheticalPod, indexModel, isValidPolicy, selectedWorkloads } from './ws-policy.ts';

export interface PolicyPods {
  policy: Policy;
  pods: Workload[];
  /** The policy selects no workload of the workspace: `pods` is one stand-in pod with the selector's labels. */
  hypothetical: boolean;
}

/**
 * Whether the DNS rules judge this pod's lookups: not a DNS pod (it answers, not asks), not host-network (no policy
 * governs it), and not `dnsPolicy: Default` (it resolves through the node's name servers, which NetLens does not
 * know). A `dnsPolicy: None` pod is judged against the name servers its dnsConfig lists.
 */
function asksClusterDns(w: Workload, dns: readonly Workload[]): boolean {
  if (dns.includes(w) || w.hostNetwork) return false;
  return w.dnsPolicy === undefined || (w.dnsPolicy === 'None' && w.nameservers !== undefined);
}

/** Valid policies whose effective types include Egress, with the pods they isolate that ask the cluster DNS. */
export function egressIsolatingPolicies(model: Model, dns: readonly Workload[]): PolicyPods[] {
  return finish(egressIsolatingPoliciesSteps(model, dns));
}

/** Policies listed between two stops of the listing steps (selecting each one's pods; thousands in a 5 MB file). */
const POLICIES_PER_STEP = 100;

/**
 * egressIsolatingPolicies, stopping between slices of policies: listing the near-limit file's ~2,600 policies in one
 * go held a hover for 55-100 ms. Kept only once complete (an analysis dropped midway leaves nothing half-listed).
 */
export function* egressIsolatingPoliciesSteps(model: Model, dns: readonly Workload[]): Generator<void, PolicyPods[], void> {
  // Both DNS rules ask, in the same analysis: listed once (the stand-in pods too, so their verdicts are shared).
  const s = shared(model, dns);
  if (s.pods) return s.pods;
  const list = yield* listEgressIsolating(model, dns);
  return (s.pods ??= list);
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

function* listEgressIsolating(model: Model, dns: readonly Workload[]): Generator<void, PolicyPods[], void> {
  const out: PolicyPods[] = [];
  const ix = indexModel(model);
  for (const [i, policy] of model.policies.entries()) {
    if (i > 0 && i % POLICIES_PER_STEP === 0) yield;
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
export function dnsEgress(model: Model, pod: Workload, dns: readonly Workload[], protocol: 'UDP' | 'TCP', memo: PodEgress = new Map()): DnsVerdict {
  return pod.dnsPolicy === 'None' ? ownServers(model, pod, dns, protocol, memo) : clusterDns(model, pod, dns, protocol, true, memo);
}

/** The verdict to the DNS pods, and (for a pod whose resolv.conf the kubelet writes) to a node-local cache. */
function clusterDns(model: Model, pod: Workload, dns: readonly Workload[], protocol: 'UDP' | 'TCP', nodeLocal: boolean, memo: PodEgress): DnsVerdict {
  const by: RuleRef[] = [];
  const deniedBy: RuleRef[] = [];
  const ipBlockMaybe: string[] = [];
  const unseenServices: string[] = [];
  let viaPods = false;
  for (const d of dns) {
    const { ev, set } = egressTo(model, pod, d, memo);
    if (!ev.isolated && ev.denies.length === 0) return { allowed: true, by: [], ipBlockMaybe: [], unseenServices: [], deniedBy: [], viaPods: true };
    deniedBy.push(...ev.denies.filter((h) => hasPort(h.ports, 53, protocol)).map((h) => h.ref));
    // Deny rules (Cilium egressDeny) win over every allow: what is left after them decides.
    if (hasPort(set, 53, protocol)) {
      viaPods = true;
      by.push(...ev.hits.filter((h) => hasPort(h.ports, 53, protocol)).map((h) => h.ref));
    } else {
      for (const m of ev.mayCoverPods) if (hasPort(m.ports, 53, protocol)) (isServiceCaveat(m.caveat) ? unseenServices : ipBlockMaybe).push(m.caveat);
    }
  }
  const local = nodeLocal ? nodeLocalDns(model, pod, protocol, memo) : undefined;
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

/**
 * A `dnsPolicy: None` pod asks only the name servers its dnsConfig lists: DNS works when its egress lets 53 through
 * to one of them. A server in a private range may be the cluster DNS Service's ClusterIP, which policies see as the
 * DNS pods after the Service is translated, so the DNS pods count for those; for public or link-local servers only
 * the address itself does.
 */
function ownServers(model: Model, pod: Workload, dns: readonly Workload[], protocol: 'UDP' | 'TCP', memo: PodEgress): DnsVerdict {
  const servers = pod.nameservers ?? [];
  for (const address of servers) {
    const { ev, set } = egressTo(model, pod, address, memo);
    if (hasPort(set, 53, protocol)) {
      return { allowed: true, by: ev.hits.filter((h) => hasPort(h.ports, 53, protocol)).map((h) => h.ref), ipBlockMaybe: [], unseenServices: [], deniedBy: [], viaPods: false };
    }
  }
  const maybeClusterDns = servers.some((a) => {
    const r = parseAddress(a);
    return r !== undefined && mayCoverPodIps(r, []);
  });
  if (maybeClusterDns) return clusterDns(model, pod, dns, protocol, false, memo);
  return { allowed: false, by: [], ipBlockMaybe: [], unseenServices: [], deniedBy: [], viaPods: false };
}

/**
 * DNS through a node-local cache: the pod's egress rules name a node-local cache address (a CIDR inside
 * 169.254.0.0/16 in an ipBlock, a Cilium toCIDR/toCIDRSet or a CiliumCIDRGroup a toCIDRSet names: nodeLocalCacheAddress)
 * and its egress, every policy and deny rule counted, lets port 53 through to that address. With NodeLocal DNSCache the kubelet points pods'
 * resolv.conf at the link-local address, so the query never goes to the DNS pods. Only an explicitly link-local
 * CIDR counts: a broad block such as 0.0.0.0/0 says nothing about where the pods resolve (missing-dns-egress's
 * ipBlock rule stays as documented).
 */
function nodeLocalDns(model: Model, pod: Workload, protocol: 'UDP' | 'TCP', memo: PodEgress): { address: string; by: RuleRef[] } | undefined {
  for (const address of linkLocalTargets(model, pod)) {
    const { ev, set } = egressTo(model, pod, address, memo);
    if (hasPort(set, 53, protocol)) return { address, by: ev.hits.filter((h) => hasPort(h.ports, 53, protocol)).map((h) => h.ref) };
  }
  return undefined;
}

/** The node-local cache addresses the pod's egress allow rules name, one per link-local CIDR at most. */
function linkLocalTargets(model: Model, pod: Workload): string[] {
  const out = new Set<string>();
  for (const p of policiesSelecting(model, pod)) {
    for (const rule of p.rules) {
      if (rule.direction !== 'egress' || rule.action !== 'allow') continue;
      for (const peer of rule.peers ?? []) {
        if (peer.kind !== 'cidr' && peer.kind !== 'cidr-group') continue;
        const except = peer.except.map((e) => cidrOf(model, e)).filter((x): x is AddrRange => x !== undefined);
        // A CiliumCIDRGroup names its blocks elsewhere: each of the groups' CIDRs counts as if written here.
        const cidrs = peer.kind === 'cidr' ? [peer.cidr] : groupCidrs(model, peer);
        for (const cidr of cidrs) {
          const address = nodeLocalCacheAddress(cidrOf(model, cidr), except, names53(rule.ports));
          if (address !== undefined) out.add(address);
        }
      }
    }
  }
  return [...out];
}

/** One pod's egress towards each DNS pod or address asked so far, with what it lets through (dnsEgress's scratch). */
export type PodEgress = Map<Workload | string, { ev: DirectionEval; set: PortSet }>;

/** The pod's egress evaluated towards a DNS pod or an address (kept in `memo`), with what it lets through. */
function egressTo(model: Model, pod: Workload, target: Workload | string, memo: PodEgress): { ev: DirectionEval; set: PortSet } {
  let hit = memo.get(target);
  if (!hit) {
    const to = typeof target === 'string' ? { kind: 'ip' as const, address: target } : { kind: 'workload' as const, workload: target };
    const ev = evaluateDirection(model, 'egress', { kind: 'workload', workload: pod }, to, to);
    hit = { ev, set: directionSet(ev) };
    memo.set(target, hit);
  }
  return hit;
}

/**
 * Pods whose DNS verdicts the DNS rules ask between two stops: a policy over a namespace of hundreds of pods asked
 * one egress evaluation per pod in one step (60-75 ms at 2,000 files). Verdicts are memoised whole, per pod.
 */
export const PODS_PER_STEP = 32;

interface Shared {
  pods?: PolicyPods[];
  cilium?: CiliumPods[];
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
  const key = dnsKey(dns);
  let entry = perModel.get(key);
  if (!entry) {
    entry = {};
    perModel.set(key, entry);
  }
  return entry;
}

/** The DNS pods as one key (memos per model and DNS pods). */
export const dnsKey = (dns: readonly Workload[]): string => dns.map((w) => w.id).join('\u0000');

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
