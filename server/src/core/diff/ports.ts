// Port sets of one flow (per protocol, plus port-less traffic) with the set operations a diff needs.
import type { Protocol } from '../model/types.ts';
import type { PortRange } from '../connectivity/types.ts';
import { normalizeRanges, PROTOCOLS } from '../topology/traffic.ts';
import type { EdgeTraffic } from '../topology/types.ts';

/** Ranges per protocol, normalised (sorted, joined); `other` = ICMP and other port-less traffic. */
export interface PortSets {
  byProtocol: Partial<Record<Protocol, PortRange[]>>;
  other: boolean;
}

const FULL: PortRange = { from: 1, to: 65535 };

export function portSets(t: EdgeTraffic | undefined): PortSets {
  const byProtocol: PortSets['byProtocol'] = {};
  if (!t) return { byProtocol, other: false };
  for (const p of PROTOCOLS) {
    const x = t.byProtocol[p];
    if (!x) continue;
    const ranges = x.all ? [{ ...FULL }] : normalizeRanges(x.ranges);
    if (ranges.length > 0) byProtocol[p] = ranges;
  }
  return { byProtocol, other: t.other };
}

export function isEmptySets(s: PortSets): boolean {
  return !s.other && PROTOCOLS.every((p) => (s.byProtocol[p]?.length ?? 0) === 0);
}

/** `a` minus `b`, range by range. */
export function subtractRanges(a: readonly PortRange[], b: readonly PortRange[]): PortRange[] {
  let out = a.map((r) => ({ ...r }));
  for (const cut of b) {
    const next: PortRange[] = [];
    for (const r of out) {
      if (cut.to < r.from || cut.from > r.to) next.push(r);
      else {
        if (cut.from > r.from) next.push({ from: r.from, to: cut.from - 1 });
        if (cut.to < r.to) next.push({ from: cut.to + 1, to: r.to });
      }
    }
    out = next;
  }
  return out;
}

export function intersectRanges(a: readonly PortRange[], b: readonly PortRange[]): PortRange[] {
  return subtractRanges(a, subtractRanges(a, b));
}

function combine(a: PortSets, b: PortSets, op: (x: PortRange[], y: PortRange[]) => PortRange[], other: boolean): PortSets {
  const byProtocol: PortSets['byProtocol'] = {};
  for (const p of PROTOCOLS) {
    const r = op(a.byProtocol[p] ?? [], b.byProtocol[p] ?? []);
    if (r.length > 0) byProtocol[p] = r;
  }
  return { byProtocol, other };
}

export function minus(a: PortSets, b: PortSets): PortSets {
  return combine(a, b, subtractRanges, a.other && !b.other);
}

export function both(a: PortSets, b: PortSets): PortSets {
  return combine(a, b, intersectRanges, a.other && b.other);
}

/** `any` for every port, `443`, or `8000-8080`. */
export function rangeText(r: PortRange): string {
  if (r.from <= FULL.from && r.to >= FULL.to) return 'any';
  return r.from === r.to ? String(r.from) : `${r.from}-${r.to}`;
}

/** Back to the topology's edge shape (for labels and Mermaid). */
export function toEdgeTraffic(s: PortSets): EdgeTraffic {
  const byProtocol: EdgeTraffic['byProtocol'] = {};
  for (const p of PROTOCOLS) {
    const r = s.byProtocol[p];
    if (!r || r.length === 0) continue;
    const all = r.length === 1 && r[0]?.from === FULL.from && r[0]?.to === FULL.to;
    byProtocol[p] = all ? { all: true, ranges: [] } : { all: false, ranges: r };
  }
  return { byProtocol, other: s.other };
}
