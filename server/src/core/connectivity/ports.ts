// Ports: a rule's ports as a set per protocol (numbers, endPort ranges, named ports resolved against the
// DESTINATION pod's container ports with name AND protocol), and set algebra for allowed-traffic answers.
import type { PolicyPort, PolicyRule, Protocol, Workload } from '../model/types.ts';
import type { Endpoint, PortRange, QueryProtocol } from './types.ts';

export const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];
export const MAX_PORT = 65535;

/** Allowed ports per protocol (sorted, merged, inclusive ranges) plus port-less protocols (ICMP...). */
export interface PortSet {
  TCP: PortRange[];
  UDP: PortRange[];
  SCTP: PortRange[];
  other: boolean;
}

export const emptySet = (): PortSet => ({ TCP: [], UDP: [], SCTP: [], other: false });
export const fullSet = (): PortSet => ({ TCP: [{ from: 1, to: MAX_PORT }], UDP: [{ from: 1, to: MAX_PORT }], SCTP: [{ from: 1, to: MAX_PORT }], other: true });

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

export function union(a: PortSet, b: PortSet): PortSet {
  return { TCP: merge([...a.TCP, ...b.TCP]), UDP: merge([...a.UDP, ...b.UDP]), SCTP: merge([...a.SCTP, ...b.SCTP]), other: a.other || b.other };
}

export function intersect(a: PortSet, b: PortSet): PortSet {
  return { TCP: intersectRanges(a.TCP, b.TCP), UDP: intersectRanges(a.UDP, b.UDP), SCTP: intersectRanges(a.SCTP, b.SCTP), other: a.other && b.other };
}

export function isEmpty(s: PortSet): boolean {
  return !s.other && s.TCP.length === 0 && s.UDP.length === 0 && s.SCTP.length === 0;
}

export function isFull(ranges: PortRange[]): boolean {
  return ranges.length === 1 && ranges[0]!.from <= 1 && ranges[0]!.to >= MAX_PORT;
}

export function hasPort(s: PortSet, port: number, protocol: QueryProtocol): boolean {
  if (protocol === 'ICMP') return s.other;
  return s[protocol].some((r) => r.from <= port && port <= r.to);
}

/** The container port a named port means on a destination workload (undefined when it declares none). */
export function resolveNamedPort(dest: Workload, name: string, protocol: Protocol): number | undefined {
  return dest.ports.find((p) => p.name === name && p.protocol === protocol)?.containerPort;
}

/** The ports one NetworkPolicyPort admits towards `dest`. Invalid ports admit nothing. */
export function policyPortSet(p: PolicyPort, dest: Endpoint): PortSet {
  const s = emptySet();
  if (p.invalid) return s;
  if (p.port === undefined) s[p.protocol] = [{ from: 1, to: MAX_PORT }];
  else if (typeof p.port === 'number') s[p.protocol] = [{ from: p.port, to: p.endPort ?? p.port }];
  else if (dest.kind === 'workload') {
    // Named ports only mean something on pods: towards an IP address they match nothing.
    const n = resolveNamedPort(dest.workload, p.port, p.protocol);
    if (n !== undefined) s[p.protocol] = [{ from: n, to: n }];
  }
  return s;
}

/** The ports a rule admits towards `dest`: no or empty `ports` = everything, ICMP and friends included. */
export function rulePortSet(rule: PolicyRule, dest: Endpoint): PortSet {
  if (!rule.ports || rule.ports.length === 0) return fullSet();
  let s = emptySet();
  for (const p of rule.ports) s = union(s, policyPortSet(p, dest));
  return s;
}

/** Named ports of a rule that the destination does not declare (to explain a denial). */
export function unresolvedNamedPorts(rule: PolicyRule, dest: Endpoint): PolicyPort[] {
  return (rule.ports ?? []).filter((p) => !p.invalid && typeof p.port === 'string' && (dest.kind !== 'workload' || resolveNamedPort(dest.workload, p.port, p.protocol) === undefined));
}

/** `TCP 80, 8000-8080; UDP 53; ICMP` — for messages and edge labels. */
export function describePortSet(s: PortSet): string {
  const parts: string[] = [];
  for (const proto of PROTOCOLS) {
    const r = s[proto];
    if (r.length === 0) continue;
    parts.push(isFull(r) ? `${proto} all ports` : `${proto} ${r.map((x) => (x.from === x.to ? `${x.from}` : `${x.from}-${x.to}`)).join(', ')}`);
  }
  if (s.other) parts.push('other protocols (ICMP...)');
  return parts.length > 0 ? parts.join('; ') : 'nothing';
}
