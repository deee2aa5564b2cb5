// Connection matrix (Source, Destination, Port, Protocol, Allowed by): one row per flow and protocol of the graph.
import type { RuleRef } from '../connectivity/types.ts';
import { PROTOCOLS } from '../topology/traffic.ts';
import type { TopologyGraph, TopologyNode } from '../topology/types.ts';
import { csvTable, markdownTable } from './table.ts';

export interface MatrixRow {
  source: string;
  destination: string;
  /** `5432`, `80, 443`, `8000-8080`, `any`, or `-` for port-less protocols. */
  port: string;
  protocol: string;
  /** `namespace/name (direction)` of each deciding policy. */
  allowedBy: string[];
  rules: RuleRef[];
  /** Cilium L7 rules narrowing these ports: allowed at L4, and only what these say passes the proxy. */
  l7?: string[];
}

export interface ConnectionMatrix {
  rows: MatrixRow[];
  /** Workloads isolated in neither direction: any traffic to and from them is allowed, so no row lists them. */
  openWorkloads: string[];
}

export function nodeName(n: TopologyNode | undefined): string {
  if (!n) return '?';
  if (n.workload) return n.workload.id;
  return n.label;
}

/** Rows from a full (not collapsed) graph, in the graph's deterministic edge order. */
export function connectionMatrix(graph: TopologyGraph): ConnectionMatrix {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const rows: MatrixRow[] = [];
  for (const e of graph.edges) {
    const source = nodeName(byId.get(e.from));
    const destination = nodeName(byId.get(e.to));
    const allowedBy = [...new Set(e.rules.map((r) => `${r.policy} (${r.direction})`))];
    for (const p of PROTOCOLS) {
      const t = e.traffic.byProtocol[p];
      if (!t) continue;
      const port = t.all ? 'any' : t.ranges.map((r) => (r.from === r.to ? String(r.from) : `${r.from}-${r.to}`)).join(', ');
      if (port === '') continue;
      // The engine's L7 lines read `TCP 53; UDP 53: DNS: ...`: keep those naming this protocol.
      const l7 = (e.l7 ?? []).filter((x) => x.slice(0, x.indexOf(': ')).split('; ').some((part) => part.startsWith(`${p} `)));
      rows.push({ source, destination, port, protocol: p, allowedBy, rules: e.rules, ...(l7.length > 0 ? { l7 } : {}) });
    }
    if (e.traffic.other) rows.push({ source, destination, port: '-', protocol: 'ICMP/other', allowedBy, rules: e.rules });
  }
  const openWorkloads = graph.nodes
    .filter((n) => n.kind === 'workload' && n.isolation && !n.isolation.ingress && !n.isolation.egress)
    .map((n) => nodeName(n));
  return { rows, openWorkloads };
}

const HEADER = ['Source', 'Destination', 'Port', 'Protocol', 'Allowed by'];

function cells(r: MatrixRow): string[] {
  // L7 narrowing is said in the same cell, so the table keeps its columns (CSV consumers included).
  const l7 = r.l7 ? `; L7 only: ${r.l7.map((x) => x.slice(x.indexOf(': ') + 2)).join('; ')}` : '';
  return [r.source, r.destination, r.port, r.protocol, `${r.allowedBy.join(', ')}${l7}`];
}

export function matrixMarkdown(m: ConnectionMatrix): string {
  let out = '## Connection matrix\n\n';
  out += m.rows.length > 0 ? markdownTable(HEADER, m.rows.map(cells)) : '_No flow is allowed by a NetworkPolicy rule._\n';
  if (m.openWorkloads.length > 0) {
    out += `\nNot isolated by any NetworkPolicy (all traffic to and from them is allowed, not listed above): ${m.openWorkloads.map((w) => `\`${w.replace(/`/g, "'")}\``).join(', ')}.\n`;
  }
  return out;
}

export function matrixCsv(m: ConnectionMatrix): string {
  return csvTable(HEADER, m.rows.map(cells));
}

export interface MatrixJson {
  rows: { source: string; destination: string; port: string; protocol: string; allowedBy: { policy: string; direction: string; ruleIndex: number; uri?: string }[]; l7?: string[] }[];
  openWorkloads: string[];
}

export function matrixJson(m: ConnectionMatrix): MatrixJson {
  return {
    rows: m.rows.map((r) => ({
      source: r.source,
      destination: r.destination,
      port: r.port,
      protocol: r.protocol,
      allowedBy: r.rules.map((x) => ({ policy: x.policy, direction: x.direction, ruleIndex: x.ruleIndex, ...(x.uri ? { uri: x.uri } : {}) })),
      ...(r.l7 ? { l7: r.l7 } : {}),
    })),
    openWorkloads: m.openWorkloads,
  };
}
