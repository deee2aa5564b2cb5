// Entry points for adapters: topology and reports computed with the connectivity engine's allowedTraffic.
import { allowedTraffic } from '../connectivity/traffic.ts';
import type { Model } from '../model/types.ts';
import { connectionMatrix, type ConnectionMatrix } from '../reports/matrix.ts';
import { coverageReport, type CoverageReport } from '../reports/coverage.ts';
import { buildTopology } from './graph.ts';
import type { TopologyGraph, TopologyOptions, TopologyScope } from './types.ts';
import { topologyView as view, type TopologyView } from './view.ts';

/** Graph + Mermaid for the preview and `netlens graph`, collapsed to namespaces when large. */
export function topologyView(model: Model, options: TopologyOptions, scope: TopologyScope = { kind: 'workspace' }): TopologyView {
  return view(model, options, scope, allowedTraffic);
}

/** The full graph (never collapsed). */
export function topologyGraph(model: Model, options: TopologyOptions, scope: TopologyScope = { kind: 'workspace' }): TopologyGraph {
  return buildTopology(model, options, scope, allowedTraffic);
}

/** Every flow a NetworkPolicy rule allows, workload to workload and to/from the ip blocks the rules name. */
export function connectionMatrixOf(model: Model, options: Partial<TopologyOptions> = {}): ConnectionMatrix {
  return connectionMatrix(buildTopology(model, { externalPeers: true, ...options }, { kind: 'workspace' }, allowedTraffic));
}

export function coverageOf(model: Model): CoverageReport {
  return coverageReport(model, allowedTraffic);
}
