// Ports: a rule's ports as a set per protocol (numbers, endPort ranges, ANY, named ports resolved against the
// DESTINATION pod's container ports with name AND protocol, ICMP types), and set algebra for allowed traffic.
import type { Protocol, Workload } from '../model/types.ts';
import type { IRPort, IRRule } from '../policy/types.ts';
import type { Endpoint, PortRange, QueryProtocol } from './types.ts';

export const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];
export const MAX_PORT = 65535;
const ICMP_FULL = (): PortRange[] => [{ from: 0, to: 255 }];

/** Allowed ports per protocol (sorted, merged, inclusive ranges), ICMP types per family, other protocols. */
export interface PortSet {
  TCP: PortRange[];
  UDP: PortRange[];
  SCTP: PortRange[];
  ICMP: PortRange[];
  ICMPv6: PortRange[];
  /** Protocols without ports or types NetLens names (GRE, ...): only rules without ports admit them. */
  other: boolean;
}

type Key = 'TCP' | 'UDP' | 'SCTP' | 'ICMP' | 'ICMPv6';
const KEYS: readonly Key[] = ['TCP', 'UDP', 'SCTP', 'ICMP', 'ICMPv6'];

export const emptySet = (): PortSet => ({ TCP: [], UDP: [], SCTP: [], ICMP: [], ICMPv6: [], other: false });
export const fullSet = (): PortSet => ({
  TCP: [{ from: 1, to: MAX_PORT }],
  UDP: [{ from: 1, to: MAX_PORT }],
  SCTP: [{ from: 1, to: MAX_PORT }],
  ICMP: ICMP_FULL(),
  ICMPv6: ICMP_FULL(),
  other: true,
});

function merge(ranges: PortRange[]): PortRange[] {
  const sorted = [...ranges].sort((a, b) => a.from - b.from || a.to - b.to);
  const out: PortRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.from <= last.to + 1) last.to = Math.max(last.to, r.to);
    else out.push({ ...r });
  }
  return out;
}

function intersectRanges(a: PortRange[], b: PortRange[]): PortRange[] {
  const out: PortRange[] = [];
  for (const x of a) for (const y of b) {
    const from = Math.max(x.from, y.from);
    const to = Math.min(x.to, y.to);
    if (from <= to) out.push({ from, to });
  }
  return merge(out);
}

function subtractRanges(a: PortRange[], b: PortRange[]): PortRange[] {
  let cur = a.map((r) => ({ ...r }));
  for (const y of b) {
    const next: PortRange[] = [];
    for (const x of cur) {
      if (y.to < x.from || y.from > x.to) next.push(x);
      else {
        if (x.from < y.from) next.push({ from: x.from, to: y.from - 1 });
        if (y.to < x.to) next.push({ from: y.to + 1, to: x.to });
      }
    }
    cur = next;
  }
  return merge(cur);
}

function combine(a: PortSet, b: PortSet, f: (x: PortRange[], y: PortRange[]) => PortRange[], other: boolean): PortSet {
  const out = emptySet();
  for (const k of KEYS) out[k] = f(a[k], b[k]);
  out.other = other;
  return out;
}

export function union(a: PortSet, b: PortSet): PortSet {
  return combine(a, b, (x, y) => merge([...x, ...y]), a.other || b.other);
}

export function intersect(a: PortSet, b: PortSet): PortSet {
  return combine(a, b, intersectRanges, a.other && b.other);
}

/** `a` without what `b` holds (deny rules taken out of the allowed set). */
export function subtract(a: PortSet, b: PortSet): PortSet {
  return combine(a, b, subtractRanges, a.other && !b.other);
}

export function isEmpty(s: PortSet): boolean {
  return !s.other && KEYS.every((k) => s[k].length === 0);
}

export function isFull(ranges: PortRange[]): boolean {
  return ranges.length === 1 && ranges[0]!.from <= 1 && ranges[0]!.to >= MAX_PORT;
}

export function hasPort(s: PortSet, port: number, protocol: QueryProtocol): boolean {
  return s[protocol].some((r) => r.from <= port && port <= r.to);
}

/** The container port a named port means on a destination workload (undefined when it declares none). */
export function resolveNamedPort(dest: Workload, name: string, protocol: Protocol): number | undefined {
  return dest.ports.find((p) => p.name === name && p.protocol === protocol)?.containerPort;
}

/** The ports one policy port admits towards `dest`. Rejected ports admit nothing. */
export function policyPortSet(p: IRPort, dest: Endpoint): PortSet {
  const s = emptySet();
  if (p.invalid) return s;
  const protocols: readonly Protocol[] = p.protocol === 'ANY' ? PROTOCOLS : [p.protocol];
  for (const proto of protocols) {
    // Port 0 is Cilium's "every port"; an absent port is every port in both APIs.
    if (p.port === undefined || p.port === 0) s[proto] = [{ from: 1, to: MAX_PORT }];
    else if (typeof p.port === 'number') s[proto] = [{ from: p.port, to: Math.max(p.port, p.endPort ?? p.port) }];
    else if (dest.kind === 'workload') {
      // Named ports only mean something on pods: towards anything else they match nothing.
      const n = resolveNamedPort(dest.workload, p.port, proto);
      if (n !== undefined) s[proto] = [{ from: n, to: n }];
    }
  }
  return s;
}

/** The ports a rule admits towards `dest`: no ports and no ICMP types = everything, ICMP and friends included. */
export function rulePortSet(rule: IRRule, dest: Endpoint): PortSet {
  if (rule.ports === undefined && rule.icmps === undefined) return fullSet();
  let s = emptySet();
  for (const p of rule.ports ?? []) s = union(s, policyPortSet(p, dest));
  for (const t of rule.icmps ?? []) {
    const k = t.family === 'IPv6' ? 'ICMPv6' : 'ICMP';
    s[k] = merge([...s[k], { from: t.type, to: t.type }]);
  }
  return s;
}

/** Named ports of a rule that the destination does not declare (to explain a denial). */
export function unresolvedNamedPorts(rule: IRRule, dest: Endpoint): IRPort[] {
  return (rule.ports ?? []).filter((p) => {
    if (p.invalid || typeof p.port !== 'string') return false;
    if (dest.kind !== 'workload') return true;
    const protocols: readonly Protocol[] = p.protocol === 'ANY' ? PROTOCOLS : [p.protocol];
    return protocols.every((proto) => resolveNamedPort(dest.workload, p.port as string, proto) === undefined);
  });
}

/** `TCP 80, 8000-8080; UDP 53; ICMP type 8` — for messages and edge labels. */
export function describePortSet(s: PortSet): string {
  const parts: string[] = [];
  const list = (r: PortRange[]) => r.map((x) => (x.from === x.to ? `${x.from}` : `${x.from}-${x.to}`)).join(', ');
  for (const proto of PROTOCOLS) {
    const r = s[proto];
    if (r.length === 0) continue;
    parts.push(isFull(r) ? `${proto} all ports` : `${proto} ${list(r)}`);
  }
  const icmpFull = (r: PortRange[]) => r.length === 1 && r[0]!.from === 0 && r[0]!.to === 255;
  if (s.other && icmpFull(s.ICMP) && icmpFull(s.ICMPv6)) parts.push('other protocols (ICMP...)');
  else {
    for (const k of ['ICMP', 'ICMPv6'] as const) if (s[k].length > 0) parts.push(icmpFull(s[k]) ? `${k} all types` : `${k} type ${list(s[k])}`);
    if (s.other) parts.push('other protocols');
  }
  return parts.length > 0 ? parts.join('; ') : 'nothing';
}
