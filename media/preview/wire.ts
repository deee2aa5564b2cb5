// Makes the drawn graph interactive: nodes and edges found by the ids mermaid gives them, clickable and
// reachable with Tab/Enter, with tooltips naming the deciding rules.
import type { PreviewEdge, PreviewNode } from '../../client/src/preview/messages.ts';

export interface WireHandlers {
  /** A node was activated (click, Enter or Space). */
  node(n: PreviewNode): void;
  /** An edge (its path or label) was activated. */
  edge(e: PreviewEdge): void;
  /** Whether a node can be activated, and what a screen reader announces. */
  nodeAction(n: PreviewNode): string | undefined;
  /** Ignore the click that ends a drag. */
  dragging(): boolean;
}

/** Focusable with Tab, activated with Enter or Space, named for screen readers. */
function keyboard(el: SVGElement, label: string, activate: () => void): void {
  el.setAttribute('tabindex', '0');
  el.setAttribute('role', 'button');
  el.setAttribute('aria-label', label);
  el.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      activate();
    }
  });
}

/**
 * Mermaid names node groups `<svgId>-flowchart-<nodeId>-<n>` and edge paths `<svgId>-<edgeId>` (our ids are
 * letters, digits and `_`, so they parse back unambiguously); edge labels carry `data-id` = edge id.
 */
export function wire(svg: SVGSVGElement, svgId: string, nodes: readonly PreviewNode[], edges: readonly PreviewEdge[], on: WireHandlers): void {
  const byNode = new Map(nodes.map((n) => [n.id, n]));
  const byEdge = new Map(edges.map((e) => [e.id, e]));
  const nodePrefix = `${svgId}-flowchart-`;
  svg.querySelectorAll<SVGGElement>('g.node').forEach((g) => {
    if (!g.id.startsWith(nodePrefix)) return;
    const id = g.id.slice(nodePrefix.length).replace(/-\d+$/, '');
    const n = byNode.get(id);
    if (!n) return;
    g.dataset.netlensNode = id;
    const action = on.nodeAction(n);
    if (!action) return;
    g.classList.add('netlens-clickable');
    const activate = () => !on.dragging() && on.node(n);
    keyboard(g, action, activate);
    g.addEventListener('click', activate);
  });
  const clickEdge = (el: SVGElement, id: string) => {
    const e = byEdge.get(id);
    el.dataset.netlensEdge = id;
    if (e?.detail) {
      const title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
      title.textContent = e.detail; // text only: rule names and caveats come from the workspace
      el.append(title);
    }
    if (!e?.navigable) return;
    el.classList.add('netlens-clickable');
    const activate = () => !on.dragging() && on.edge(e);
    if (el.tagName.toLowerCase() === 'g') keyboard(el, `Go to the rule that allows ${e.label}`, activate);
    el.addEventListener('click', activate);
  };
  svg.querySelectorAll<SVGPathElement>('path.flowchart-link').forEach((p) => {
    const id = p.id.startsWith(`${svgId}-`) ? p.id.slice(svgId.length + 1) : '';
    if (byEdge.has(id)) clickEdge(p, id);
  });
  svg.querySelectorAll<SVGGElement>('g.edgeLabel > g.label[data-id]').forEach((g) => {
    const id = g.dataset.id ?? '';
    if (byEdge.has(id)) clickEdge(g, id);
  });
}
