// Hovers on ingress/egress rules and their peers: one plain sentence of what is allowed, and AND vs OR of peers.
import { peerNamespaceNames, peerWorkloads } from '../policy/select.ts';
import { nodeLocalDnsNote } from '../connectivity/addr.ts';
import { describeSelector, isEmptySelector } from '../connectivity/selectors.ts';
import type { Direction, Peer, Policy, PolicyPort, PolicyRule } from '../model/types.ts';
import type { HoverContext } from './context.ts';
import { code, joinAnd, plural, uniqueWorkloads, workloadList } from './format.ts';

function portPhrase(p: PolicyPort): string {
  if (p.invalid) return `an invalid port (${p.invalid})`;
  if (p.port === undefined) return `every ${p.protocol} port`;
  if (typeof p.port === 'string') return `${p.protocol} port ${code(p.port)}`;
  return p.endPort !== undefined && p.endPort !== p.port ? `${p.protocol} ${p.port}-${p.endPort}` : `${p.protocol} ${p.port}`;
}

export function portsPhrase(ports: PolicyPort[] | undefined): string {
  if (!ports || ports.length === 0) return 'all ports and protocols';
  return joinAnd(ports.map(portPhrase));
}

function namespacesPhrase(ctx: HoverContext, p: Policy, peer: Peer): string {
  const sel = peer.namespaceSelector;
  if (!sel) return `namespace ${code(p.namespace)}`;
  if (isEmptySelector(sel)) return 'every namespace';
  const names = peerNamespaceNames(ctx.model, p, peer);
  const which = names.length === 0 ? 'none known' : names.length <= 5 ? joinAnd(names.map(code)) : `${names.length} known`;
  return `namespaces ${code(describeSelector(sel))} (${which})`;
}

/** What one peer item matches, in words. */
export function peerPhrase(ctx: HoverContext, p: Policy, peer: Peer): string {
  if (peer.invalid) return `nothing (the peer is invalid: ${peer.invalid})`;
  if (peer.ipBlock) {
    const except = peer.ipBlock.except.length > 0 ? ` except ${joinAnd(peer.ipBlock.except.map(code))}` : '';
    return `addresses in ${code(peer.ipBlock.cidr)}${except}`;
  }
  const pods = peer.podSelector && !isEmptySelector(peer.podSelector) ? `pods ${code(describeSelector(peer.podSelector))}` : 'every pod';
  return `${pods} in ${namespacesPhrase(ctx, p, peer)}`;
}

function workloadCount(ctx: HoverContext, p: Policy, peer: Peer): string {
  if (peer.invalid || peer.ipBlock) return '';
  const n = uniqueWorkloads(peerWorkloads(ctx.model, p, peer)).length;
  return n === 0 ? ' — no workload in the workspace' : ` — ${plural(n, 'workload')}`;
}

const preposition = (d: Direction): string => (d === 'ingress' ? 'from' : 'to');
const peerKey = (d: Direction): string => (d === 'ingress' ? 'from' : 'to');

/** AND/OR of a rule's peers, and the "extra `-`" trap when a podSelector item follows a namespaceSelector item. */
export function andOrNotes(ctx: HoverContext, p: Policy, d: Direction, peers: Peer[]): string[] {
  const key = peerKey(d);
  const notes: string[] = [];
  for (const peer of peers) {
    if (peer.podSelector && peer.namespaceSelector && !peer.invalid) {
      notes.push(`\`${key}[${peer.index}]\` sets namespaceSelector and podSelector in one item: one peer, both must match (AND) — ${peerPhrase(ctx, p, peer)}.`);
    }
  }
  for (let i = 0; i + 1 < peers.length; i++) {
    const a = peers[i]!;
    const b = peers[i + 1]!;
    if (a.invalid || b.invalid) continue;
    const nsOnly = (x: Peer): boolean => x.namespaceSelector !== undefined && !x.podSelector && !x.ipBlock;
    const podOnly = (x: Peer): boolean => x.podSelector !== undefined && !x.namespaceSelector && !x.ipBlock;
    // The extra `-` trap, in either order: two items that would be one AND-ed peer without the second `-`.
    const second = nsOnly(a) && podOnly(b) ? 'podSelector' : podOnly(a) && nsOnly(b) ? 'namespaceSelector' : undefined;
    if (second) {
      const joined: Peer = { index: b.index, podSelector: (a.podSelector ?? b.podSelector)!, namespaceSelector: (a.namespaceSelector ?? b.namespaceSelector)! };
      notes.push(
        `\`${key}[${a.index}]\` and \`${key}[${b.index}]\` are separate items (OR): either peer is allowed. Without the \`-\` before \`${second}\` they would be one peer (AND): ${peerPhrase(ctx, p, joined)}.`,
      );
    }
  }
  if (peers.length > 1 && notes.every((n) => !n.includes('(OR)'))) notes.push(`The ${peers.length} items of \`${key}\` are alternatives (OR): matching any one is enough.`);
  return notes;
}

/** "Allows TCP 5432 from pods `app=api` in namespace `db` — 2 workloads." plus AND/OR notes. */
export function ruleHover(ctx: HoverContext, d: Direction, index: number): string | undefined {
  const p = ctx.policy;
  const rule: PolicyRule | undefined = p?.[d][index];
  if (!p || !rule) return undefined;
  const ports = portsPhrase(rule.ports);
  const peers = rule.peers ?? [];
  let head: string;
  if (peers.length === 0) {
    head = `Allows ${ports} ${preposition(d)} anywhere (every pod and every address).`;
  } else if (peers.length === 1) {
    head = `Allows ${ports} ${preposition(d)} ${peerPhrase(ctx, p, peers[0]!)}${workloadCount(ctx, p, peers[0]!)}.`;
  } else {
    const all = uniqueWorkloads(peers.flatMap((x) => (x.invalid || x.ipBlock ? [] : [...peerWorkloads(ctx.model, p, x)])));
    const list = peers.map((x) => `- ${peerPhrase(ctx, p, x)}${workloadCount(ctx, p, x)}`).join('\n');
    head = `Allows ${ports} ${preposition(d)} any of ${peers.length} peers (${plural(all.length, 'workload')} in all):\n\n${list}`;
  }
  const parts = [head, ...andOrNotes(ctx, p, d, peers)];
  const nodeLocal = d === 'egress' ? nodeLocalDnsNote(peers.flatMap((x) => (x.ipBlock && !x.invalid ? [x.ipBlock] : [])), rule.ports) : undefined;
  if (nodeLocal) parts.push(nodeLocal);
  if (!p.policyTypes.includes(d)) parts.push(`**No effect:** ${d === 'ingress' ? 'Ingress' : 'Egress'} is not in this policy's effective policyTypes.`);
  if (p.invalid && p.invalid.length > 0) parts.push(`**No effect:** the API server would reject this policy (${p.invalid[0]}).`);
  return parts.join('\n\n');
}

/** Hover on one peer item: what it matches, which workloads, and AND/OR with its neighbours. */
export function peerHover(ctx: HoverContext, d: Direction, ruleIndex: number, peerIndex: number): string | undefined {
  const p = ctx.policy;
  const peers = p?.[d][ruleIndex]?.peers ?? [];
  const peer = peers[peerIndex];
  if (!p || !peer) return undefined;
  const ws = peer.invalid || peer.ipBlock ? [] : uniqueWorkloads(peerWorkloads(ctx.model, p, peer));
  const lines = [`**Peer** ${preposition(d)} ${peerPhrase(ctx, p, peer)}.`];
  if (!peer.invalid && !peer.ipBlock) lines.push(ws.length === 0 ? 'No workload in the workspace matches.' : `Matches ${plural(ws.length, 'workload')}: ${workloadList(ws, ctx.linkFor, true)}.`);
  const nearby = peers.slice(Math.max(0, peerIndex - 1), peerIndex + 2);
  lines.push(...andOrNotes(ctx, p, d, nearby).filter((n) => n.includes(`[${peer.index}]`)));
  return lines.join('\n\n');
}
