// One direction of a connection, evaluated once: is the pod on this side isolated, and which rules of the
// isolating policies match the other side (with the ports each admits). reach and traffic both build on it.
import type { Direction, Model, Policy, PolicyRule } from '../model/types.ts';
import { invalidSelecting, isolatingPolicies } from './isolation.ts';
import { rulePeersMatch } from './peers.ts';
import { fullSet, rulePortSet, unresolvedNamedPorts, type PortSet } from './ports.ts';
import type { Endpoint, RuleRef } from './types.ts';

export interface RuleHit {
  ref: RuleRef;
  ports: PortSet;
  /** Non-empty when the rule matches the peer only through podCIDRs. */
  viaPodCidr: string[];
}

export interface DirectionEval {
  direction: Direction;
  isolated: boolean;
  /** Rules of isolating policies whose peers match (empty when not isolated). */
  hits: RuleHit[];
  isolatedBy: RuleRef[];
  /** Rules that could have matched if an ipBlock covered pod IPs: explain denials. */
  mayCoverPods: { ports: PortSet; caveat: string }[];
  /** Named ports the destination does not declare, in rules whose peers match. */
  unresolved: string[];
  /** Always worth saying (invalid policies ignored, host networking). */
  notes: string[];
}

export function ruleRef(p: Policy, rule: PolicyRule, direction: Direction): RuleRef {
  const ref: RuleRef = { policy: p.id, direction, ruleIndex: rule.index };
  if (p.origin.kind === 'file') {
    ref.uri = p.origin.uri;
    ref.span = rule.span ?? p.origin.span;
  }
  return ref;
}

/** The policy as a whole (ruleIndex -1): it isolates the pod. Its span is the policy's name. */
export function policyRef(p: Policy, direction: Direction): RuleRef {
  const ref: RuleRef = { policy: p.id, direction, ruleIndex: -1 };
  if (p.origin.kind === 'file') {
    ref.uri = p.origin.uri;
    ref.span = p.origin.nameSpan ?? p.origin.span;
  }
  return ref;
}

/**
 * `self` is the endpoint whose policies decide this direction (the source for egress, the destination for
 * ingress), `peer` the other side; named ports always resolve against `dest` (the connection's destination).
 */
export function evaluateDirection(model: Model, direction: Direction, self: Endpoint, peer: Endpoint, dest: Endpoint): DirectionEval {
  const out: DirectionEval = { direction, isolated: false, hits: [], isolatedBy: [], mayCoverPods: [], unresolved: [], notes: [] };
  if (self.kind !== 'workload') return out; // no policy selects an IP address: never isolated
  const w = self.workload;
  for (const p of invalidSelecting(model, w, direction)) {
    out.notes.push(`Policy ${p.id} would select ${w.namespace}/${w.name} for ${direction} but is invalid (${(p.invalid ?? []).join('; ')}); the API server rejects it, so it has no effect.`);
  }
  if (w.hostNetwork) out.notes.push(`${w.namespace}/${w.name} uses hostNetwork: NetworkPolicy does not govern host-network pods (their traffic is node traffic); this verdict assumes pod networking.`);
  const policies = isolatingPolicies(model, w, direction);
  if (policies.length === 0) return out;
  out.isolated = true;
  for (const p of policies) {
    out.isolatedBy.push(policyRef(p, direction));
    for (const rule of direction === 'ingress' ? p.ingress : p.egress) {
      const m = rulePeersMatch(model, p, rule, peer);
      if (m.matched) {
        out.hits.push({ ref: ruleRef(p, rule, direction), ports: rulePortSet(rule, dest), viaPodCidr: m.viaPodCidr });
        for (const port of unresolvedNamedPorts(rule, dest)) {
          const where = dest.kind === 'workload' ? `${dest.workload.namespace}/${dest.workload.name} declares no ${port.protocol} container port named "${port.port}"` : `named ports never apply to IP addresses`;
          out.unresolved.push(`Named port "${port.port}" in ${p.id} ${direction}[${rule.index}]: ${where}.`);
        }
      } else {
        for (const c of m.mayCoverPods) out.mayCoverPods.push({ ports: rulePortSet(rule, dest), caveat: c });
      }
    }
  }
  return out;
}

/** What a direction lets through: everything when not isolated, else the union of its hits. */
export function directionSet(ev: DirectionEval, union: (a: PortSet, b: PortSet) => PortSet, empty: () => PortSet): PortSet {
  if (!ev.isolated) return fullSet();
  return ev.hits.reduce((acc, h) => union(acc, h.ports), empty());
}
