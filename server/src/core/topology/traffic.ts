// Allowed-traffic sets as edge data: emptiness, union (for merged/aggregated edges) and the port label.
import type { Protocol } from '../model/types.ts';
import type { PortRange, RuleRef, Traffic } from '../connectivity/types.ts';
import type { EdgeTraffic } from './types.ts';

export const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

export function isEmptyTraffic(t: EdgeTraffic): boolean {
  if (t.other) return false;
  return PROTOCOLS.every((p) => {
    const x = t.byProtocol[p];
    return !x || (!x.all && x.ranges.length === 0);
  });
}

/** Sorted, overlapping and adjacent ranges joined. */
export function normalizeRanges(ranges: readonly PortRange[]): PortRange[] {
  const sorted = [...ranges].sort((a, b) => a.from - b.from || a.to - b.to);
  const out: PortRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.from <= last.to + 1) last.to = Math.max(last.to, r.to);
    else out.push({ from: r.from, to: r.to });
  }
  return out;
}

export function edgeTraffic(t: Traffic): EdgeTraffic {
  const byProtocol: EdgeTraffic['byProtocol'] = {};
  for (const p of PROTOCOLS) {
    const x = t.byProtocol[p];
    if (!x) continue;
    if (x.all) byProtocol[p] = { all: true, ranges: [] };
    else if (x.ranges.length > 0) byProtocol[p] = { all: false, ranges: normalizeRanges(x.ranges) };
  }
  return { byProtocol, other: t.other };
}

export function unionTraffic(a: EdgeTraffic, b: EdgeTraffic): EdgeTraffic {
  const byProtocol: EdgeTraffic['byProtocol'] = {};
  for (const p of PROTOCOLS) {
    const x = a.byProtocol[p];
    const y = b.byProtocol[p];
    if (!x && !y) continue;
    if (x?.all || y?.all) byProtocol[p] = { all: true, ranges: [] };
    else byProtocol[p] = { all: false, ranges: normalizeRanges([...(x?.ranges ?? []), ...(y?.ranges ?? [])]) };
  }
  return { byProtocol, other: a.other || b.other };
}

function rangeText(r: PortRange): string {
  return r.from === r.to ? String(r.from) : `${r.from}-${r.to}`;
}

/**
 * `TCP 80, 443 · UDP 53`; `TCP any`; `any` when every protocol and port-less traffic is allowed. At most
 * `maxPorts` ranges per protocol are listed, then `+N more`, so a label never floods the drawing.
 */
export function trafficLabel(t: EdgeTraffic, maxPorts = 6): string {
  if (t.other && PROTOCOLS.every((p) => t.byProtocol[p]?.all)) return 'any';
  const parts: string[] = [];
  for (const p of PROTOCOLS) {
    const x = t.byProtocol[p];
    if (!x) continue;
    if (x.all) parts.push(`${p} any`);
    else if (x.ranges.length > 0) {
      const shown = x.ranges.slice(0, maxPorts).map(rangeText).join(', ');
      parts.push(`${p} ${shown}${x.ranges.length > maxPorts ? ` +${x.ranges.length - maxPorts} more` : ''}`);
    }
  }
  if (t.other) parts.push('ICMP');
  return parts.join(' · ');
}

export function ruleKey(r: RuleRef): string {
  return `${r.direction}|${r.policy}|${r.ruleIndex}|${r.uri ?? ''}|${r.span?.start ?? ''}`;
}

/** Deduplicated and sorted (policy, direction, rule index) so output is deterministic. */
export function mergeRules(...lists: readonly (readonly RuleRef[])[]): RuleRef[] {
  const seen = new Map<string, RuleRef>();
  for (const list of lists) for (const r of list) if (!seen.has(ruleKey(r))) seen.set(ruleKey(r), r);
  return [...seen.values()].sort(
    (a, b) => cmp(a.policy, b.policy) || cmp(a.direction, b.direction) || a.ruleIndex - b.ruleIndex || cmp(a.uri ?? '', b.uri ?? ''),
  );
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
