// "Can A reach B on port P?": both directions must allow it (source egress and destination ingress), with
// the deciding rules for each, the policies that isolate, and caveats instead of silent guesses.
import type { Model } from '../model/types.ts';
import { evaluateDirection, type DirectionEval } from './evaluate.ts';
import { contains, parseAddress } from './addr.ts';
import { cidrOf } from './memo.ts';
import { hasPort } from './ports.ts';
import type { DirectionVerdict, ReachQuery, Verdict } from './types.ts';

function verdictOf(ev: DirectionEval, q: ReachQuery, caveats: string[]): DirectionVerdict {
  const allowedBy = ev.isolated ? ev.hits.filter((h) => hasPort(h.ports, q.port, q.protocol)) : [];
  const allowed = !ev.isolated || allowedBy.length > 0;
  caveats.push(...ev.notes);
  if (allowed && allowedBy.length > 0 && allowedBy.every((h) => h.viaPodCidr.length > 0)) caveats.push(...(allowedBy[0]?.viaPodCidr ?? []));
  if (!allowed) {
    caveats.push(...ev.unresolved);
    for (const m of ev.mayCoverPods) if (hasPort(m.ports, q.port, q.protocol)) caveats.push(m.caveat);
  }
  return { isolated: ev.isolated, allowed, allowedBy: allowedBy.map((h) => h.ref), isolatedBy: ev.isolated ? ev.isolatedBy : [] };
}

export function reach(model: Model, q: ReachQuery): Verdict {
  const caveats: string[] = [];
  const egress = verdictOf(evaluateDirection(model, 'egress', q.from, q.to, q.to), q, caveats);
  const ingress = verdictOf(evaluateDirection(model, 'ingress', q.to, q.from, q.to), q, caveats);
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
  if (q.protocol === 'ICMP') caveats.push('ICMP has no NetworkPolicy protocol: only rules without `ports` admit it (CNIs differ in details).');
  return { allowed: egress.allowed && ingress.allowed, egress, ingress, caveats: [...new Set(caveats)] };
}
