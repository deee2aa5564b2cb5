// Mermaid `flowchart LR` text for a topology graph: subgraph per namespace, every label escaped to entity codes.
import type { TopologyEdge, TopologyGraph, TopologyNode } from './types.ts';

const SAFE = /^[A-Za-z0-9 .,:/_+=()-]$/;

/**
 * Mermaid label text: letters, digits and plain punctuation stay; every other character (quotes, brackets,
 * `<`, `>`, `&`, backticks, `#`, `|`, `;`, `%`, newlines, any non-ASCII) becomes a Mermaid entity code
 * `#<decimal>;`, which Mermaid renders as the character and never parses as syntax or HTML.
 */
const ALL_SAFE = /^[A-Za-z0-9 .,:/_+=()-]*$/;

export function escapeLabel(text: string): string {
  if (ALL_SAFE.test(text)) return text; // the common case, without a per-character walk
  let out = '';
  for (const ch of text) out += SAFE.test(ch) ? ch : `#${ch.codePointAt(0) ?? 0};`;
  return out;
}

/** Escapes each line and joins them with a Mermaid line break (the only markup we emit ourselves). */
function lines(...parts: string[]): string {
  return parts.map(escapeLabel).join('<br/>');
}

export function isolationText(n: TopologyNode): string | undefined {
  if (!n.isolation) return undefined;
  const { ingress, egress } = n.isolation;
  if (ingress && egress) return 'isolated in/out';
  if (ingress) return 'isolated in';
  if (egress) return 'isolated out';
  return 'open';
}

export function nodeClass(n: TopologyNode): string {
  if (n.kind === 'ip-block' || n.kind === 'entity' || n.kind === 'fqdn' || n.kind === 'outside') return 'external';
  if (n.kind === 'cluster-workload') return 'cluster';
  if (n.kind === 'gateway' || n.kind === 'ingress' || n.kind === 'route' || n.kind === 'service') return 'wayin';
  if (!n.isolation) return 'open';
  const { ingress, egress } = n.isolation;
  return ingress && egress ? 'isolated' : ingress || egress ? 'partial' : 'open';
}

function nodeLine(n: TopologyNode): string {
  const badges = n.badges ?? [];
  switch (n.kind) {
    case 'workload':
      return `${n.id}["${lines(n.label, `${n.workload?.kind ?? ''} · ${isolationText(n) ?? ''}`, ...badges)}"]`;
    case 'cluster-workload':
      return `${n.id}(["${lines(n.label, 'cluster (settings)', ...badges)}"])`;
    case 'ip-block':
      return `${n.id}[/"${lines(n.label)}"/]`;
    case 'entity':
      return `${n.id}[/"${lines(n.label, ...badges)}"\\]`;
    case 'fqdn':
      return `${n.id}[\\"${lines(n.label, 'DNS name', ...badges)}"/]`;
    case 'outside':
      return `${n.id}(("${lines(n.label)}"))`;
    case 'gateway':
    case 'ingress': {
      const folded = n.foldedRoutes ? [`${n.foldedRoutes} route${n.foldedRoutes === 1 ? '' : 's'} folded`] : [];
      return `${n.id}{{"${lines(n.label, ...(n.details ?? []), ...folded, ...badges)}"}}`;
    }
    case 'route':
      return `${n.id}>"${lines(n.label, ...(n.details ?? []), ...badges)}"]`;
    case 'service':
      return `${n.id}("${lines(n.label, ...(n.details ?? []), ...badges)}")`;
    case 'namespace': {
      const count = n.workloadCount ?? 0;
      const open = n.openCount ?? 0;
      const detail = `${count} workload${count === 1 ? '' : 's'}${open > 0 ? ` · ${open} open` : ''}`;
      return `${n.id}[["${lines(`namespace ${n.label}`, detail, ...badges)}"]]`;
    }
  }
}

/** `HTTP`, `DNS`, `KAFKA`... from the engine's L7 lines (`TCP 80: HTTP: GET /api`). */
export function l7Kinds(e: TopologyEdge): string[] {
  return [...new Set((e.l7 ?? []).map((x) => x.split(': ')[1] ?? 'L7'))].sort();
}

/** The arrow's text: ports, the L7 protocols that narrow them, and the flow count of an aggregated edge. */
export function edgeText(e: TopologyEdge): string {
  const l7 = l7Kinds(e);
  const label = l7.length > 0 ? `${e.label} · L7 ${l7.join(', ')}` : e.label;
  return e.flows !== undefined && e.flows > 1 ? `${label} (${e.flows} flows)` : label;
}

/**
 * Solid: allowed flow. Dotted: allowed at L4 but narrowed by L7 rules (the proxy decides per request). Thick:
 * a step of the way in. Dotted with a cross: a step a policy drops, or a rule that allows nothing.
 */
function arrow(e: TopologyEdge): string {
  if (e.kind === 'blocked') return '-.-x';
  if (e.kind === 'way') return '==>';
  return e.l7 && e.l7.length > 0 ? '-.->' : '-->';
}

function edgeLine(e: TopologyEdge): string {
  // Caveats (ipBlocks that may also cover pod IPs, unresolved named ports) stay in the JSON and the preview's
  // tooltips: they qualify what else might be allowed, not whether this flow is, so the arrow stays solid.
  return `${e.from} ${e.id}@${arrow(e)}|"${escapeLabel(edgeText(e))}"| ${e.to}`;
}

export const BLOCKED_LINK_STYLE = 'stroke:#cf222e,stroke-width:2px,color:#cf222e';

export const CLASS_DEFS = [
  'classDef isolated stroke:#2da44e,stroke-width:2px',
  'classDef partial stroke:#bf8700,stroke-width:2px',
  'classDef open stroke:#cf222e,stroke-width:2px,stroke-dasharray:5 3',
  'classDef external stroke:#8250df,stroke-width:1px',
  'classDef cluster stroke:#57606a,stroke-width:1px,stroke-dasharray:2 2',
];

/** Only written when a way-in node is drawn (graphs without one keep their text). */
const WAY_IN_CLASS_DEF = 'classDef wayin stroke:#0969da,stroke-width:2px';

/** The whole flowchart; deterministic for a given graph (graph order is already stable). */
export function toMermaid(graph: TopologyGraph): string {
  const out: string[] = ['flowchart LR'];
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const grouped = new Set<string>();
  for (const g of graph.groups) {
    out.push(`  subgraph ${g.id}["${escapeLabel(g.label)}"]`);
    for (const id of g.nodeIds) {
      const n = byId.get(id);
      if (!n) continue;
      grouped.add(id);
      out.push(`    ${nodeLine(n)}`);
    }
    out.push('  end');
  }
  for (const n of graph.nodes) if (!grouped.has(n.id)) out.push(`  ${nodeLine(n)}`);
  for (const e of graph.edges) out.push(`  ${edgeLine(e)}`);
  // Blocked steps in red, whatever the theme (linkStyle numbers edges in the order they are written).
  graph.edges.forEach((e, i) => {
    if (e.kind === 'blocked') out.push(`  linkStyle ${i} ${BLOCKED_LINK_STYLE}`);
  });
  if (graph.nodes.length > 0) {
    out.push(...CLASS_DEFS.map((c) => `  ${c}`));
    if (graph.nodes.some((n) => nodeClass(n) === 'wayin')) out.push(`  ${WAY_IN_CLASS_DEF}`);
    const byClass = new Map<string, string[]>();
    for (const n of graph.nodes) {
      const c = nodeClass(n);
      (byClass.get(c) ?? byClass.set(c, []).get(c))?.push(n.id);
    }
    for (const [c, ids] of [...byClass.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) out.push(`  class ${ids.join(',')} ${c}`);
  }
  return out.join('\n') + '\n';
}
