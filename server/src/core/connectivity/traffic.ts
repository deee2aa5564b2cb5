// Allowed traffic between two endpoints: the exact set of ports per protocol both directions admit (allows
// minus denies), with the rules that contribute to it. Topology draws edges from this, not from the rules.
import type { Model, Protocol } from '../model/types.ts';
import { directionSet, evaluateDirection, type DirectionEval } from './evaluate.ts';
import { describePortSet, intersect, isEmpty, isFull, PROTOCOLS, type PortSet } from './ports.ts';
import type { Endpoint, RuleRef, Traffic } from './types.ts';

/** The allowed port set itself (for callers that want set algebra rather than the Traffic shape). */
export function allowedPortSet(model: Model, from: Endpoint, to: Endpoint): { set: PortSet; egress: DirectionEval; ingress: DirectionEval } {
  const egress = evaluateDirection(model, 'egress', from, to, to);
  const ingress = evaluateDirection(model, 'ingress', to, from, to);
  const set = intersect(directionSet(egress), directionSet(ingress));
  return { set, egress, ingress };
}

export function allowedTraffic(model: Model, from: Endpoint, to: Endpoint): Traffic {
  const { set, egress, ingress } = allowedPortSet(model, from, to);
  const byProtocol: Traffic['byProtocol'] = {};
  for (const proto of PROTOCOLS as Protocol[]) {
    const r = set[proto];
    if (r.length > 0) byProtocol[proto] = { all: isFull(r), ranges: r.map((x) => ({ ...x })) };
  }
  const allowedBy: RuleRef[] = [];
  const caveats: string[] = [...egress.notes, ...ingress.notes];
  const l7: string[] = [];
  for (const ev of [egress, ingress]) {
    if (!ev.isolated) continue;
    if (ev.localHost) caveats.push(`Every port is open to the local node: ${ev.localHost.reason}. ${ev.localHost.caveat}`);
    const contributing = ev.hits.filter((h) => !isEmpty(intersect(h.ports, set)));
    allowedBy.push(...contributing.map((h) => h.ref));
    if (contributing.length > 0 && contributing.every((h) => h.viaPodCidr.length > 0)) caveats.push(...(contributing[0]?.viaPodCidr ?? []));
    caveats.push(...ev.unresolved);
    // Only when that rule's ports are not let through anyway: then the ipBlock could change the answer.
    for (const m of ev.mayCoverPods) if (isEmpty(intersect(m.ports, set))) caveats.push(m.caveat);
    // A deny NetLens cannot resolve, over ports that are let through: it may take some of them away.
    for (const m of ev.mayDeny) if (!isEmpty(intersect(m.ports, set))) caveats.push(m.caveat);
    // Ports where every contributing rule is L7-restricted: the flow exists at L4, narrowed by the proxy.
    for (const h of contributing) {
      for (const x of h.l7) {
        const shared = intersect(x.ports, set);
        if (isEmpty(shared)) continue;
        const open = contributing.some((o) => o !== h && !isEmpty(intersect(intersect(o.ports, shared), set)) && o.l7.every((y) => isEmpty(intersect(y.ports, shared))));
        if (!open) l7.push(`${describePortSet(shared)}: ${x.summary}`);
      }
    }
  }
  const t: Traffic = { byProtocol, other: set.other || set.ICMP.length > 0 || set.ICMPv6.length > 0, allowedBy, caveats: [...new Set(caveats)] };
  if (l7.length > 0) t.l7 = [...new Set(l7)];
  return t;
}
