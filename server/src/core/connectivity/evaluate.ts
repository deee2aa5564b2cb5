// One direction of a connection, evaluated once over the policy IR: is the endpoint on this side isolated,
// which allow rules and which deny rules of the policies selecting it match the other side (with the ports
// each admits). reach and traffic both build on it: deny wins over every allow, then the union of allows.
import type { Direction, Model } from '../model/types.ts';
import { invalidSelecting, policiesSelecting } from '../policy/select.ts';
import type { IRRule, PolicyIR, PolicyPeer, RuleRef } from '../policy/types.ts';
import { dnsAllows, dnsRulesText, dnsSelectors, NODE_CACHE_NOTE } from './dns-proxy.ts';
import { rulePeersMatch } from './peers.ts';
import { emptySet, fullSet, policyPortSet, rulePortSet, subtract, union, unresolvedNamedPorts, type PortSet } from './ports.ts';
import type { Endpoint } from './types.ts';

export interface RuleHit {
  ref: RuleRef;
  ports: PortSet;
  /** Non-empty when the rule matches the peer only through podCIDRs. */
  viaPodCidr: string[];
  /** Ports of this rule that carry L7 rules, with what the proxy permits on them. */
  l7: { ports: PortSet; summary: string }[];
}

export interface DirectionEval {
  direction: Direction;
  isolated: boolean;
  /** Allow rules whose peers match (of every policy selecting the endpoint). */
  hits: RuleHit[];
  /** Deny rules whose peers match: they drop their ports whatever allows them. */
  denies: RuleHit[];
  isolatedBy: RuleRef[];
  /** Rules that could have matched if an ipBlock covered pod IPs: explain denials. */
  mayCoverPods: { ports: PortSet; caveat: string }[];
  /** Deny rules whose peer NetLens cannot see (a CIDR group not in the workspace): said where traffic is allowed. */
  mayDeny: { ports: PortSet; caveat: string }[];
  /** Named ports the destination does not declare, in rules whose peers match. */
  unresolved: string[];
  /** Always worth saying (invalid policies ignored, host networking). */
  notes: string[];
  /**
   * Set when the local node asks for an isolated pod's ingress: it gets in on every port without a rule (only
   * deny rules naming it keep it out), with why (`reason`) and what that rests on (`caveat`).
   */
  localHost?: { reason: string; caveat: string };
  /** Set when a node (host, remote-node) is on this side and host policies exist: NetLens does not model them. */
  unmodelled?: string;
}

/**
 * Host policies (a CiliumClusterwideNetworkPolicy with a nodeSelector) with rules or isolation in `direction`:
 * with Cilium's host firewall they govern the nodes' own traffic, which NetLens does not model.
 */
function hostPolicies(model: Model, direction: Direction): PolicyIR[] {
  return model.policyIndex.clusterwide.filter((p) => p.subject.nodes === true && !p.invalid?.length && (p.isolates[direction] || p.rules.some((r) => r.direction === direction)));
}

/** For a node on this side: which host policies NetLens leaves out, in a phrase and a caveat. */
function nodeSide(model: Model, direction: Direction, self: Endpoint, out: DirectionEval): void {
  if (self.kind !== 'entity' || (self.entity !== 'host' && self.entity !== 'remote-node')) return;
  const ids = hostPolicies(model, direction).map((p) => p.id);
  if (ids.length === 0) return;
  const list = [...new Set(ids)].sort().join(', ');
  out.unmodelled = `host policies with a nodeSelector (${list}) may govern it, and NetLens does not model node traffic`;
  out.notes.push(`The ${direction} of ${self.entity === 'host' ? 'the local node' : 'the other nodes'} is not analysed: host policies (nodeSelector) ${list} govern the traffic of the nodes they select when Cilium's host firewall is enabled, and NetLens does not model them; this verdict leaves them out.`);
}

/**
 * Why the local node reaches the pods on it whatever the allow rules say. Cilium: in Kubernetes mode the agent
 * turns allow-localhost=auto into always ("k8s mode: Allowing localhost to reach local endpoints"), and
 * mapstate.go determineAllowLocalhostIngress then inserts an allow for the host identity into every endpoint's
 * ingress map, beneath the deny entries (a deny naming the host still wins). Kubernetes: the NetworkPolicy API
 * reference (NetworkPolicySpec.ingress) lets traffic from a pod's own node in, and the concept page lists
 * traffic to and from the pod's node as always allowed; how that is enforced is up to the CNI.
 */
const LOCAL_HOST_REASON = "the local node always reaches the pods on it (kubelet probes depend on it): Cilium's agent adds an allow for the host identity to every pod (allow-localhost=always in Kubernetes), and the NetworkPolicy API lets a pod's own node in";

function localHostCaveat(policies: readonly PolicyIR[]): string {
  const agent = 'Under Cilium only an agent started with --allow-localhost=policy leaves the local node to the rules.';
  if (policies.some((p) => p.kind !== 'NetworkPolicy')) return `Traffic from the local node is let in by the Cilium agent, not by a rule. ${agent}`;
  return `Traffic from the local node is let in by the NetworkPolicy API's exception for a pod's own node, not by a rule; each CNI enforces that exception its own way. ${agent}`;
}

function withSpan(ref: RuleRef, p: PolicyIR, span: RuleRef['span'] | undefined): RuleRef {
  if (p.origin.kind === 'file') {
    ref.uri = p.origin.uri;
    ref.span = span ?? p.origin.span;
  }
  return ref;
}

export function ruleRef(p: PolicyIR, rule: IRRule): RuleRef {
  return withSpan({ policy: p.id, kind: p.kind, direction: rule.direction, section: rule.section, action: rule.action, ruleIndex: rule.index }, p, rule.span);
}

/** The policy as a whole (ruleIndex -1): it isolates the endpoint. Its span is the policy's name. */
export function policyRef(p: PolicyIR, direction: Direction): RuleRef {
  return withSpan({ policy: p.id, kind: p.kind, direction, section: direction, action: 'allow', ruleIndex: -1 }, p, p.origin.kind === 'file' ? (p.origin.nameSpan ?? p.origin.span) : undefined);
}

export { hasDnsProxy } from './dns-proxy.ts';

/**
 * Why a toFQDNs rule matching `name` allows nothing for the pod: its DNS requests pass no rules.dns (Cilium never
 * sees the answers), or its DNS rules do not allow the name (the proxy refuses it). Undefined when they allow it.
 */
function fqdnBlind(policies: readonly PolicyIR[], name: string, who: string, where: string): string | undefined {
  const rules = dnsSelectors(policies);
  if (rules === undefined) return `${where} names ${name} in toFQDNs, but no egress rule of ${who} sends its DNS through Cilium's proxy (toPorts with rules.dns): Cilium never learns the name's addresses, so the rule allows nothing. ${NODE_CACHE_NOTE}`;
  if (dnsAllows(rules, { matchName: name })) return undefined;
  return `${where} names ${name} in toFQDNs, but the DNS rules of ${who} (lookups of ${dnsRulesText(rules)}) do not allow looking it up: Cilium's DNS proxy refuses the query, so the pod never learns the name's addresses and the rule allows nothing for it. ${NODE_CACHE_NOTE}`;
}

function l7Of(rule: IRRule, dest: Endpoint): { ports: PortSet; summary: string }[] {
  return (rule.ports ?? []).filter((p) => p.l7 && !p.invalid).map((p) => ({ ports: policyPortSet(p, dest), summary: `${p.l7!.kind.toUpperCase()}: ${p.l7!.summary}` }));
}

interface Requirements {
  peers: PolicyPeer[];
  /** The rules they come from, for the verdict's note. */
  from: RuleRef[];
}

/**
 * Cilium's requirements in one direction, per action: every fromRequires (toRequires) of the allow (deny) rules of
 * the policies selecting the endpoint (pkg/policy rules.go resolveL4IngressPolicy/resolveL4EgressPolicy, up to 1.18:
 * `requirements` from Ingress rules, `requirementsDeny` from IngressDeny rules, of every rule selecting it).
 */
function requirementsOf(policies: readonly PolicyIR[], direction: Direction): Record<IRRule['action'], Requirements> {
  const out: Record<IRRule['action'], Requirements> = { allow: { peers: [], from: [] }, deny: { peers: [], from: [] } };
  for (const p of policies) {
    for (const r of p.rules) {
      if (r.direction !== direction || !r.requires?.length) continue;
      out[r.action].peers.push(...r.requires);
      out[r.action].from.push(ruleRef(p, r));
    }
  }
  return out;
}

function requiresNote(p: PolicyIR, rule: IRRule, from: readonly RuleRef[], peer: Endpoint): string {
  const field = rule.direction === 'ingress' ? 'fromRequires' : 'toRequires';
  const who = peer.kind === 'workload' ? `${peer.workload.namespace}/${peer.workload.name}` : 'the peer';
  const rules = [...new Set(from.map((r) => `${r.policy} ${r.section}[${r.ruleIndex}]`))].join(', ');
  return `${p.id} ${rule.section}[${rule.index}] would match ${who}, but Cilium adds the ${field} of ${rules} to every endpoint selector of the ${rule.action} rules selecting this endpoint, and ${who} does not meet them.`;
}

/**
 * `self` is the endpoint whose policies decide this direction (the source for egress, the destination for
 * ingress), `peer` the other side; named ports always resolve against `dest` (the connection's destination).
 */
export function evaluateDirection(model: Model, direction: Direction, self: Endpoint, peer: Endpoint, dest: Endpoint): DirectionEval {
  const out: DirectionEval = { direction, isolated: false, hits: [], denies: [], isolatedBy: [], mayCoverPods: [], mayDeny: [], unresolved: [], notes: [] };
  if (self.kind !== 'workload') {
    // No pod policy selects an address, a name or an entity; host policies select nodes, unmodelled.
    nodeSide(model, direction, self, out);
    return out;
  }
  const w = self.workload;
  for (const p of invalidSelecting(model, w, direction)) {
    const by = p.kind === 'NetworkPolicy' ? 'the API server rejects it' : 'the API server or the Cilium agent rejects it';
    out.notes.push(`${p.kind === 'NetworkPolicy' ? 'Policy' : p.kind} ${p.id} would select ${w.namespace}/${w.name} for ${direction} but is invalid (${(p.invalid ?? []).join('; ')}); ${by}, so it has no effect.`);
  }
  if (w.hostNetwork) out.notes.push(`${w.namespace}/${w.name} uses hostNetwork: NetworkPolicy does not govern host-network pods (their traffic is node traffic); this verdict assumes pod networking.`);
  const policies = policiesSelecting(model, w);
  if (policies.length === 0) return out;
  const requires = requirementsOf(policies, direction);
  for (const p of policies) {
    for (const n of p.notes ?? []) if (!out.notes.includes(n)) out.notes.push(n);
    if (p.isolates[direction]) {
      out.isolated = true;
      out.isolatedBy.push(policyRef(p, direction));
    }
    for (const rule of p.rules) {
      if (rule.direction !== direction) continue;
      const req = requires[rule.action];
      const m = rulePeersMatch(model, p, rule, peer, req.peers);
      // Said only when a requirement alone keeps a matching peer out: the cause is often in another policy.
      if (!m.matched && req.peers.length > 0 && rulePeersMatch(model, p, rule, peer).matched) out.notes.push(requiresNote(p, rule, req.from, peer));
      const blind = m.matched && peer.kind === 'fqdn' && rule.peers?.some((x) => x.kind === 'fqdn') ? fqdnBlind(policies, peer.name, `${w.namespace}/${w.name}`, `${p.id} ${rule.section}[${rule.index}]`) : undefined;
      if (blind) {
        out.notes.push(blind);
        continue;
      }
      if (m.matched) {
        const hit: RuleHit = { ref: ruleRef(p, rule), ports: rulePortSet(rule, dest), viaPodCidr: m.viaPodCidr, l7: l7Of(rule, dest) };
        (rule.action === 'deny' ? out.denies : out.hits).push(hit);
        for (const port of unresolvedNamedPorts(rule, dest)) {
          const where = dest.kind === 'workload' ? `${dest.workload.namespace}/${dest.workload.name} declares no ${port.protocol === 'ANY' ? '' : `${port.protocol} `}container port named "${port.port}"` : dest.kind === 'ip' ? 'named ports never apply to IP addresses' : 'named ports only apply to pods';
          out.unresolved.push(`Named port "${port.port}" in ${p.id} ${rule.section}[${rule.index}]: ${where}.`);
        }
      } else {
        // A peer NetLens cannot see may hide an allow; in a deny rule (a CIDR group), a denial.
        for (const c of m.mayCoverPods) (rule.action === 'allow' ? out.mayCoverPods : out.mayDeny).push({ ports: rulePortSet(rule, dest), caveat: c });
      }
    }
  }
  if (direction === 'ingress' && out.isolated && peer.kind === 'entity' && peer.entity === 'host') out.localHost = { reason: LOCAL_HOST_REASON, caveat: localHostCaveat(policies) };
  return out;
}

/**
 * What a direction lets through: everything when not isolated (or from the local node), else the union of its
 * hits; minus its denies.
 */
export function directionSet(ev: DirectionEval): PortSet {
  const allowed = ev.isolated && !ev.localHost ? ev.hits.reduce((acc, h) => union(acc, h.ports), emptySet()) : fullSet();
  if (ev.denies.length === 0) return allowed;
  const denied = ev.denies.reduce((acc, h) => union(acc, h.ports), emptySet());
  return subtract(allowed, denied);
}
