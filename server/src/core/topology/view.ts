// One call for adapters: graph (collapsed when large), Mermaid text, and a message when there is nothing to draw.
import type { Model } from '../model/types.ts';
import { collapseTopology, DEFAULT_COLLAPSE_ABOVE, DEFAULT_MAX_EDGES, foldDenseNamespaces, shouldCollapse } from './collapse.ts';
import { declutter } from './declutter.ts';
import { focusTopology } from './focus.ts';
import { buildTopology, type AllowedTrafficFn } from './graph.ts';
import { toMermaid } from './mermaid.ts';
import type { WayInInput } from './wayin.ts';
import type { TopologyGraph, TopologyOptions, TopologyScope } from './types.ts';

export interface TopologyView {
  /** What to draw (namespace-level when the full graph was too large). */
  graph: TopologyGraph;
  mermaid: string;
  /** Node count of the full graph before collapsing. */
  fullNodeCount: number;
  /** Shown instead of a drawing when there is nothing to draw. */
  message?: string;
}

export function topologyView(model: Model, options: TopologyOptions, scope: TopologyScope, allowedTraffic: AllowedTrafficFn, wayIn?: WayInInput): TopologyView {
  const full = buildTopology(model, options, scope, allowedTraffic, wayIn);
  const tidy = (g: TopologyGraph) => (options.declutter ? declutter(g, model, { dnsEdges: options.dnsEdges === true }) : g);
  if (options.focus) {
    const focused = focusTopology(full, options.focus);
    if (focused) return { graph: focused, mermaid: toMermaid(focused), fullNodeCount: full.nodes.length, ...(focused.edges.length === 0 ? { message: 'No flow to or from it is decided by a policy rule.' } : {}) };
  }
  const maxEdges = options.maxEdges ?? DEFAULT_MAX_EDGES;
  const collapseAbove = options.collapseAbove ?? DEFAULT_COLLAPSE_ABOVE;
  // Fold first on what will be drawn: DNS badges and fan markers can bring a graph under the limits.
  const shown = tidy(full);
  let graph = shouldCollapse(shown, collapseAbove) ? collapseTopology(shown, options.expand ?? []) : shown;
  graph = foldDenseNamespaces(graph, maxEdges);
  // Still too many arrows between namespaces: fold to namespace level even though the node count was fine.
  if (!graph.collapsed && graph.edges.length > maxEdges && collapseAbove !== Number.MAX_SAFE_INTEGER) {
    graph = foldDenseNamespaces(collapseTopology(shown, options.expand ?? []), maxEdges);
  }
  const view: TopologyView = { graph, mermaid: toMermaid(graph), fullNodeCount: full.nodes.length };
  if (full.nodes.length === 0) view.message = emptyMessage(model, options, scope);
  return view;
}

function emptyMessage(model: Model, options: TopologyOptions, scope: TopologyScope): string {
  const filtered = options.namespaces && options.namespaces.length > 0;
  if (model.workloads.filter((w) => w.kind !== 'ClusterWorkload').length === 0) {
    return 'No workloads found: the graph needs Deployments, StatefulSets, DaemonSets, Jobs, CronJobs, Argo Rollouts or Pods in the workspace.';
  }
  if (filtered) return `No workloads in the selected namespaces (${(options.namespaces ?? []).join(', ')}).`;
  if (scope.kind === 'file') return 'This file declares no workloads or policies in a namespace with workloads. Switch the scope to the whole workspace to see every namespace.';
  return 'Nothing to draw.';
}
