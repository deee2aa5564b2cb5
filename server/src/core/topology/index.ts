// Entry points for adapters: topology and reports computed with the connectivity engine's allowedTraffic.
import { allowedTraffic } from '../connectivity/traffic.ts';
import type { Model } from '../model/types.ts';
import type { Options } from '../options.ts';
import type { ParsedFile } from '../parse/parse.ts';
import { routingOf } from '../routing/index.ts';
import { connectionMatrix, type ConnectionMatrix } from '../reports/matrix.ts';
import { coverageReport, type CoverageReport } from '../reports/coverage.ts';
import { buildTopology } from './graph.ts';
import type { TopologyGraph, TopologyOptions, TopologyScope } from './types.ts';
import { topologyView as view, type TopologyView } from './view.ts';
import type { WayInInput } from './wayin.ts';

export type { WayInInput };
export { arrowCounts } from './graph.ts';

/** The way-in input for a workspace (routing analysis, memoised per files map, and the data-plane settings). */
export function wayInOf(model: Model, files: ReadonlyMap<string, ParsedFile>, options: Options): WayInInput {
  return { routing: routingOf(model, files, options), options };
}

/**
 * Graph + Mermaid for the preview and `netlens graph`, collapsed to namespaces when large. With `wayIn` (the
 * workspace's routing analysis) the way in from outside is drawn too.
 */
export function topologyView(model: Model, options: TopologyOptions, scope: TopologyScope = { kind: 'workspace' }, wayIn?: WayInInput): TopologyView {
  return view(model, options, scope, allowedTraffic, wayIn);
}

/** The full graph (never collapsed). */
export function topologyGraph(model: Model, options: TopologyOptions, scope: TopologyScope = { kind: 'workspace' }, wayIn?: WayInInput): TopologyGraph {
  return buildTopology(model, options, scope, allowedTraffic, wayIn);
}

/** Every flow a NetworkPolicy rule allows, workload to workload and to/from the ip blocks the rules name. */
export function connectionMatrixOf(model: Model, options: Partial<TopologyOptions> = {}): ConnectionMatrix {
  return connectionMatrix(buildTopology(model, { externalPeers: true, ...options }, { kind: 'workspace' }, allowedTraffic));
}

export function coverageOf(model: Model): CoverageReport {
  return coverageReport(model, allowedTraffic);
}
