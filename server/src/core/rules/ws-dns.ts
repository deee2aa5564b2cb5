// DNS reachability shared by missing-dns-egress and dns-tcp-blocked: which egress-isolated pods each policy
// stands for (its selected workloads, or a stand-in pod) and what their egress lets through to the DNS pods.
import { directionSet, evaluateDirection } from '../connectivity/evaluate.ts';
import { hasPort } from '../connectivity/ports.ts';
import type { RuleRef } from '../connectivity/types.ts';
import type { Model, Policy, Workload } from '../model/types.ts';
import { hypotheticalPod, indexModel, isValidPolicy, selectedWorkloads } from './ws-policy.ts';

export interface PolicyPods {
  policy: Policy;
  pods: Workload[];
  /** The policy selects no workload of the workspace: `pods` is one stand-in pod with the selector's labels. */
  hypothetical: boolean;
}

/**
 * Valid policies whose effective types include Egress, with the pods they isolate. DNS pods themselves and
 * host-network pods are left out (NetworkPolicy does not govern the latter; the former answer, not ask).
 */
export function egressIsolatingPolicies(model: Model, dns: readonly Workload[]): PolicyPods[] {
  // Both DNS rules ask, in the same analysis: listed once (the stand-in pods too, so their verdicts are shared).
  return (shared(model, dns).pods ??= listEgressIsolating(model, dns));
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
    const pods = selected.filter((w) => !dns.includes(w) && !w.hostNetwork);
    if (pods.length > 0) out.push({ policy, pods, hypothetical: false });
  }
  return out;
}

/**
 * Whether the pod's egress (all policies of its namespace, additively) admits DNS on 53/`protocol` to some
 * DNS pod, with the rules that do. Only the egress side: the DNS pods' own ingress is another namespace's.
 * `ipBlockMaybe` holds the caveats of ipBlock rules that could admit it if the plugin matched pod IPs.
 */
export function dnsEgress(model: Model, pod: Workload, dns: readonly Workload[], protocol: 'UDP' | 'TCP'): { allowed: boolean; by: RuleRef[]; ipBlockMaybe: string[]; deniedBy: RuleRef[] } {
  const by: RuleRef[] = [];
  const deniedBy: RuleRef[] = [];
  const ipBlockMaybe: string[] = [];
  let allowed = false;
  for (const d of dns) {
    const to = { kind: 'workload' as const, workload: d };
    const ev = evaluateDirection(model, 'egress', { kind: 'workload', workload: pod }, to, to);
    if (!ev.isolated && ev.denies.length === 0) return { allowed: true, by: [], ipBlockMaybe: [], deniedBy: [] };
    deniedBy.push(...ev.denies.filter((h) => hasPort(h.ports, 53, protocol)).map((h) => h.ref));
    // Deny rules (Cilium egressDeny) win over every allow: what is left after them decides.
    if (hasPort(directionSet(ev), 53, protocol)) {
      allowed = true;
      by.push(...ev.hits.filter((h) => hasPort(h.ports, 53, protocol)).map((h) => h.ref));
    } else ipBlockMaybe.push(...ev.mayCoverPods.filter((m) => hasPort(m.ports, 53, protocol)).map((m) => m.caveat));
  }
  return { allowed, by, ipBlockMaybe: allowed ? [] : [...new Set(ipBlockMaybe)], deniedBy: allowed ? [] : deniedBy };
}

export type DnsVerdict = ReturnType<typeof dnsEgress>;

/**
 * Pods whose DNS verdicts the DNS rules ask between two stops: a policy over a namespace of hundreds of pods asked
 * one egress evaluation per pod in one step (60-75 ms at 2,000 files). Verdicts are memoised whole, per pod.
 */
export const PODS_PER_STEP = 32;

interface Shared {
  pods?: PolicyPods[];
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
