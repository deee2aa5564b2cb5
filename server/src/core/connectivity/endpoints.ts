// Endpoint lookup for adapters: `namespace/name`, `kind/namespace/name` or an IP address; ports as `P[/PROTO]`.
// Unknown or ambiguous names come back as errors that name the close matches.
import type { Model, Workload } from '../model/types.ts';
import { parseAddress } from './addr.ts';
import type { Endpoint, QueryProtocol } from './types.ts';

export type EndpointLookup = { ok: true; endpoint: Endpoint } | { ok: false; error: string; candidates: string[] };

export function workloadLabel(w: Workload): string {
  return `${w.kind}/${w.namespace}/${w.name}`;
}

function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/** Up to five workload ids close to `text` (same name in another namespace, or a small edit distance). */
export function closeMatches(model: Model, text: string): string[] {
  const name = text.slice(text.lastIndexOf('/') + 1);
  const scored = new Map<string, number>();
  for (const w of model.workloads) {
    const d = w.name === name ? 0 : distance(text, w.id);
    const limit = Math.max(1, Math.floor(text.length / 4));
    if (d <= limit) scored.set(w.id, Math.min(scored.get(w.id) ?? Infinity, d));
  }
  return [...scored.entries()].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0])).slice(0, 5).map(([id]) => id);
}

/** Entities a query may name as `entity:NAME` (or bare `world`). */
const QUERY_ENTITIES = new Set(['world', 'world-ipv4', 'world-ipv6', 'host', 'remote-node', 'kube-apiserver', 'ingress', 'health', 'init', 'unmanaged']);

export function resolveEndpoint(model: Model, text: string): EndpointLookup {
  const t = text.trim();
  if (parseAddress(t)) return { ok: true, endpoint: { kind: 'ip', address: t } };
  if (/^fqdn:/i.test(t)) {
    const name = t.slice(5).trim();
    if (/^[-a-zA-Z0-9_]+(\.[-a-zA-Z0-9_]+)*\.?$/.test(name)) return { ok: true, endpoint: { kind: 'fqdn', name } };
    return { ok: false, error: `"${name}" is not a DNS name (fqdn:NAME, e.g. fqdn:api.example.com).`, candidates: [] };
  }
  const ent = /^entity:(.+)$/i.exec(t)?.[1]?.trim() ?? (t === 'world' ? 'world' : undefined);
  if (ent !== undefined) {
    if (QUERY_ENTITIES.has(ent)) return { ok: true, endpoint: { kind: 'entity', entity: ent } };
    return { ok: false, error: `Unknown entity "${ent}": ${[...QUERY_ENTITIES].join(', ')}.`, candidates: [] };
  }
  const parts = t.split('/');
  let found: Workload[] = [];
  if (parts.length === 3) {
    const [kind, ns, name] = parts as [string, string, string];
    found = model.workloads.filter((w) => w.kind.toLowerCase() === kind.toLowerCase() && w.namespace === ns && w.name === name);
  } else if (parts.length === 2) {
    found = model.workloads.filter((w) => w.id === t);
  }
  // The same object placed twice (e.g. listed by two kustomizations into one namespace) is one workload.
  const unique = found.filter((w, i) => found.findIndex((x) => x.kind === w.kind && x.id === w.id) === i);
  const first = unique[0];
  if (unique.length === 1 && first) return { ok: true, endpoint: { kind: 'workload', workload: first } };
  if (unique.length > 1) {
    const options = unique.map(workloadLabel);
    return { ok: false, error: `"${t}" is ambiguous: ${options.join(', ')}. Use kind/namespace/name.`, candidates: options };
  }
  const candidates = closeMatches(model, t);
  const hint = parts.length < 2 || parts.length > 3 ? ' Use namespace/name, kind/namespace/name or an IP address.' : '';
  return { ok: false, error: `Unknown workload "${t}".${candidates.length > 0 ? ` Did you mean ${candidates.join(', ')}?` : ''}${hint}`, candidates };
}

/** `8080`, `53/UDP`, `8/ICMP` (ICMPv4 type), `128/ICMPv6`. Protocol defaults to TCP (any case accepted here). */
export function parsePortSpec(text: string): { port: number; protocol: QueryProtocol } | { error: string } {
  const m = /^(\d{1,5})(?:\/([A-Za-z0-9]+))?$/.exec(text.trim());
  if (!m) return { error: `Invalid port "${text}": expected PORT or PORT/PROTOCOL, e.g. 8080 or 53/UDP.` };
  const port = Number(m[1]);
  const upper = (m[2] ?? 'TCP').toUpperCase();
  const proto = upper === 'ICMPV6' ? 'ICMPv6' : upper;
  if (proto !== 'TCP' && proto !== 'UDP' && proto !== 'SCTP' && proto !== 'ICMP' && proto !== 'ICMPv6') return { error: `Unknown protocol "${m[2]}": TCP, UDP, SCTP, ICMP or ICMPv6.` };
  if (proto === 'ICMP' || proto === 'ICMPv6' ? port > 255 : port < 1 || port > 65535) return { error: `Port ${port} is out of range.` };
  return { port, protocol: proto };
}
