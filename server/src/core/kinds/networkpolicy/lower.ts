// NetworkPolicy -> the policy IR: the namespace's pods its podSelector picks, isolation from the effective
// policyTypes, allow rules of the directions policyTypes lists (rules of other directions have no effect).
import type { Direction, Policy, PolicyPort as NpPort, PolicyRule as NpRule } from '../../model/types.ts';
import { npPeer, npSubject } from '../../policy/select.ts';
import type { PolicyIR, IRPort, IRRule } from '../../policy/types.ts';

function lowerPort(p: NpPort): IRPort {
  const out: IRPort = { protocol: p.protocol, index: p.index };
  if (p.port !== undefined) out.port = p.port;
  if (p.endPort !== undefined) out.endPort = p.endPort;
  if (p.span) out.span = p.span;
  if (p.invalid) out.invalid = p.invalid;
  return out;
}

function lowerRule(p: Policy, rule: NpRule, direction: Direction): IRRule {
  const out: IRRule = {
    direction,
    section: direction,
    action: 'allow',
    index: rule.index,
    // No or empty from/to = every peer; no or empty ports = every port (ICMP included).
    peers: rule.peers && rule.peers.length > 0 ? rule.peers.map((peer) => npPeer(p, peer)) : undefined,
    ports: rule.ports && rule.ports.length > 0 ? rule.ports.map(lowerPort) : undefined,
  };
  if (rule.span) out.span = rule.span;
  return out;
}

export function lowerNetworkPolicy(p: Policy): PolicyIR {
  const rules: IRRule[] = [];
  for (const d of ['ingress', 'egress'] as const) {
    if (!p.policyTypes.includes(d)) continue;
    for (const r of d === 'ingress' ? p.ingress : p.egress) rules.push(lowerRule(p, r, d));
  }
  const ir: PolicyIR = {
    id: p.id,
    kind: 'NetworkPolicy',
    namespace: p.namespace,
    name: p.name,
    subject: npSubject(p),
    isolates: { ingress: p.policyTypes.includes('ingress'), egress: p.policyTypes.includes('egress') },
    rules,
    origin: p.origin,
    source: p,
  };
  if (p.invalid && p.invalid.length > 0) ir.invalid = p.invalid;
  return ir;
}
