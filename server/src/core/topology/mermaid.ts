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
  if (n.kind === 'ip-block') return 'external';
  if (n.kind === 'cluster-workload') return 'cluster';
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
    case 'namespace': {
      const count = n.workloadCount ?? 0;
      const open = n.openCount ?? 0;
      const detail = `${count} workload${count === 1 ? '' : 's'}${open > 0 ? ` · ${open} open` : ''}`;
      return `${n.id}[["${lines(`namespace ${n.label}`, detail)}"]]`;
    }
  }
}

function edgeLine(e: TopologyEdge): string {
  const label = e.flows !== undefined && e.flows > 1 ? `${e.label} (${e.flows} flows)` : e.label;
  // Caveats (ipBlocks that may also cover pod IPs, unresolved named ports) stay in the JSON and the preview's
  // tooltips: they qualify what else might be allowed, not whether this flow is, so the arrow stays solid.
  return `${e.from} ${e.id}@-->|"${escapeLabel(label)}"| ${e.to}`;
}

export const CLASS_DEFS = [
  'classDef isolated stroke:#2da44e,stroke-width:2px',
  'classDef partial stroke:#bf8700,stroke-width:2px',
  'classDef open stroke:#cf222e,stroke-width:2px,stroke-dasharray:5 3',
  'classDef external stroke:#8250df,stroke-width:1px',
  'classDef cluster stroke:#57606a,stroke-width:1px,stroke-dasharray:2 2',
];

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
  if (graph.nodes.length > 0) {
    out.push(...CLASS_DEFS.map((c) => `  ${c}`));
    const byClass = new Map<string, string[]>();
    for (const n of graph.nodes) {
      const c = nodeClass(n);
      (byClass.get(c) ?? byClass.set(c, []).get(c))?.push(n.id);
    }
    for (const [c, ids] of [...byClass.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) out.push(`  class ${ids.join(',')} ${c}`);
  }
  return out.join('\n') + '\n';
}
