// Hover on a named port: what it resolves to on each destination workload (ingress: the policy's pods; egress:
// the rule's peer pods), since a name means a different number, or nothing, on each pod.
import { peerWorkloads, selectedWorkloads } from '../policy/select.ts';
import { resolveNamedPort } from '../connectivity/ports.ts';
import type { Direction, Workload } from '../model/types.ts';
import type { HoverContext } from './context.ts';
import { code, plural, uniqueWorkloads, workloadRef } from './format.ts';

const LIMIT = 10;

/** Destination workloads of a rule's ports: the policy's pods for ingress, the peers' pods for egress. */
export function destinations(ctx: HoverContext, d: Direction, ruleIndex: number): { workloads: Workload[]; toAddresses: boolean; anyPeer: boolean } {
  const p = ctx.policy;
  if (!p) return { workloads: [], toAddresses: false, anyPeer: false };
  if (d === 'ingress') return { workloads: uniqueWorkloads(selectedWorkloads(ctx.model, p)), toAddresses: false, anyPeer: false };
  const peers = p.egress[ruleIndex]?.peers ?? [];
  if (peers.length === 0) return { workloads: uniqueWorkloads(ctx.model.workloads), toAddresses: true, anyPeer: true };
  return {
    workloads: uniqueWorkloads(peers.flatMap((peer) => [...peerWorkloads(ctx.model, p, peer)])),
    toAddresses: peers.some((peer) => peer.ipBlock !== undefined),
    anyPeer: false,
  };
}

export function namedPortHover(ctx: HoverContext, d: Direction, ruleIndex: number, portIndex: number): string | undefined {
  const port = ctx.policy?.[d][ruleIndex]?.ports?.[portIndex];
  if (!port || typeof port.port !== 'string') return undefined;
  const name = port.port;
  const dest = destinations(ctx, d, ruleIndex);
  const who = d === 'ingress' ? "the policy's pods" : dest.anyPeer ? 'every destination (the rule has no `to`)' : "the peers' pods";
  const lines = [`**Named port** ${code(name)} (${port.protocol}): resolved on each destination pod by container port name and protocol — here ${who}.`];
  const rows = dest.workloads.map((w) => ({ w, n: resolveNamedPort(w, name, port.protocol) }));
  // With no `to`, only the workloads that declare the name are worth listing.
  const shown = dest.anyPeer ? rows.filter((r) => r.n !== undefined) : rows;
  if (shown.length === 0) lines.push(dest.anyPeer ? 'No workload in the workspace declares it.' : 'No destination workload in the workspace.');
  else {
    const bullets = shown.slice(0, LIMIT).map((r) => `- ${workloadRef(r.w, ctx.linkFor, true)}: ${r.n === undefined ? `not declared — matches nothing there` : `${r.n}/${port.protocol}`}`);
    if (shown.length > LIMIT) bullets.push(`- ${plural(shown.length - LIMIT, 'more workload')}`);
    lines.push(bullets.join('\n'));
  }
  if (dest.toAddresses) lines.push('Towards IP addresses (ipBlock) a named port matches nothing: only pods have port names.');
  return lines.join('\n\n');
}
