// "Can A reach B on port P?": both directions must allow it (source egress and destination ingress), with
// the deciding rules for each (deny rules first: they win), the policies that isolate, the L7 rules that
// narrow an allowed port, and caveats instead of silent guesses.
import type { Model } from '../model/types.ts';
import { cidrOf } from '../policy/select.ts';
import { evaluateDirection, type DirectionEval } from './evaluate.ts';
import { contains, parseAddress } from './addr.ts';
import { hasPort } from './ports.ts';
import type { DirectionVerdict, ReachQuery, Verdict } from './types.ts';

function verdictOf(ev: DirectionEval, q: ReachQuery, caveats: string[], l7: string[]): DirectionVerdict {
  const deniedBy = ev.denies.filter((h) => hasPort(h.ports, q.port, q.protocol));
  const allowing = ev.isolated ? ev.hits.filter((h) => hasPort(h.ports, q.port, q.protocol)) : [];
  const allowed = deniedBy.length === 0 && (!ev.isolated || allowing.length > 0 || ev.localHost !== undefined);
  caveats.push(...ev.notes);
  // Said only when no rule lets the node in: then the agent's allow is the whole answer.
  const because = allowed && ev.isolated && allowing.length === 0 ? ev.localHost : undefined;
  if (because) caveats.push(because.caveat);
  if (allowed && allowing.length > 0 && allowing.every((h) => h.viaPodCidr.length > 0)) caveats.push(...(allowing[0]?.viaPodCidr ?? []));
  if (!allowed && deniedBy.length === 0) {
    caveats.push(...ev.unresolved);
    for (const m of ev.mayCoverPods) if (hasPort(m.ports, q.port, q.protocol)) caveats.push(m.caveat);
  }
  if (allowed) for (const m of ev.mayDeny) if (hasPort(m.ports, q.port, q.protocol)) caveats.push(m.caveat);
  // L7 narrows the port only when every rule allowing it carries L7 rules there (one L4-only rule opens it).
  if (allowed && allowing.length > 0) {
    const per = allowing.map((h) => h.l7.filter((x) => hasPort(x.ports, q.port, q.protocol)).map((x) => x.summary));
    if (per.every((x) => x.length > 0)) for (const x of per.flat()) if (!l7.includes(x)) l7.push(x);
  }
  return {
    isolated: ev.isolated,
    allowed,
    allowedBy: allowed ? allowing.map((h) => h.ref) : [],
    deniedBy: deniedBy.map((h) => h.ref),
    isolatedBy: ev.isolated ? ev.isolatedBy : [],
    ...(because ? { allowedBecause: because.reason } : {}),
    ...(ev.unmodelled ? { unmodelled: ev.unmodelled } : {}),
  };
}

export function reach(model: Model, q: ReachQuery): Verdict {
  const caveats: string[] = [];
  const l7: string[] = [];
  const egress = verdictOf(evaluateDirection(model, 'egress', q.from, q.to, q.to), q, caveats, l7);
  const ingress = verdictOf(evaluateDirection(model, 'ingress', q.to, q.from, q.to), q, caveats, l7);
  if (q.from.kind === 'workload' && q.to.kind === 'workload' && q.from.workload === q.to.workload) {
    caveats.push('Source and destination are the same workload: this is traffic between its pods; a pod can always reach itself.');
  }
  for (const e of [q.from, q.to]) {
    if (e.kind !== 'ip') continue;
    const addr = parseAddress(e.address);
    const podCidr = addr && (model.podCIDRs ?? []).find((c) => {
      const r = cidrOf(model, c);
      return r !== undefined && contains(r, addr);
    });
    if (podCidr) caveats.push(`${e.address} is inside the pod CIDR ${podCidr}: if it is a pod's address, that pod's own policies apply, which NetLens cannot know from an address.`);
  }
  if (q.protocol === 'ICMP' || q.protocol === 'ICMPv6') caveats.push('ICMP has no NetworkPolicy protocol: only rules without `ports` admit it (CNIs differ in details; Cilium also admits the ICMP types its `icmps` rules name).');
  const allowed = egress.allowed && ingress.allowed;
  const v: Verdict = { allowed, egress, ingress, caveats: [...new Set(caveats)] };
  if (allowed && l7.length > 0) v.l7 = l7;
  return v;
}
