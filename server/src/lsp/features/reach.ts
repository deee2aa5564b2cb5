// `netlens/workloads` and `netlens/reach`: the workspace's workloads for quick picks, and "can A reach B?"
// with the deciding rules as locations the editor can reveal (same verdict as `netlens reach --format json`).
import type { Connection } from 'vscode-languageserver';
import { parsePortSpec, reach, resolveEndpoint, type RuleRef, type Verdict, type Workload } from '../../core/index.ts';
import {
  ReachRequest,
  WorkloadsRequest,
  type DirectionVerdictJson,
  type ReachParams,
  type ReachResult,
  type RuleRefJson,
  type SourceLocation,
  type WorkloadSummary,
  type WorkloadsResult,
} from '../../protocol.ts';
import { spanToRange } from '../convert.ts';
import { onCustomRequest } from '../requests.ts';
import type { Service } from '../service.ts';
import type { FolderAnalysis } from '../workspaceIndex.ts';
import type { Feature } from './feature.ts';

function location(folder: FolderAnalysis, uri: string | undefined, span: { start: number; end: number } | undefined): SourceLocation | undefined {
  const file = uri !== undefined ? folder.files.get(uri) : undefined;
  return file && span ? { uri: file.uri, range: spanToRange(file.lines, span) } : undefined;
}

export function workloadSummary(folder: FolderAnalysis, w: Workload): WorkloadSummary {
  const o = w.origin;
  const loc = o.kind === 'file' ? location(folder, o.uri, o.nameSpan ?? o.span) : undefined;
  return {
    id: w.id,
    kind: w.kind,
    namespace: w.namespace,
    name: w.name,
    labels: w.podLabels,
    ports: w.ports.map((p) => ({ port: p.containerPort, protocol: p.protocol, ...(p.name !== undefined ? { name: p.name } : {}) })),
    ...(loc ? { location: loc } : {}),
  };
}

function refJson(folder: FolderAnalysis, r: RuleRef): RuleRefJson {
  const loc = location(folder, r.uri, r.span);
  return { policy: r.policy, direction: r.direction, ruleIndex: r.ruleIndex, ...(loc ? { location: loc } : {}) };
}

export function verdictJson(folder: FolderAnalysis, v: Verdict): ReachResult {
  const dir = (d: Verdict['egress']): DirectionVerdictJson => ({
    isolated: d.isolated,
    allowed: d.allowed,
    allowedBy: d.allowedBy.map((r) => refJson(folder, r)),
    isolatedBy: d.isolatedBy.map((r) => refJson(folder, r)),
    ...(d.allowedBecause ? { allowedBecause: d.allowedBecause } : {}),
    ...(d.unmodelled ? { unmodelled: d.unmodelled } : {}),
  });
  return { allowed: v.allowed, egress: dir(v.egress), ingress: dir(v.ingress), caveats: v.caveats };
}

const NO_DIRECTION: DirectionVerdictJson = { isolated: false, allowed: false, allowedBy: [], isolatedBy: [] };
const failed = (error: string, candidates: string[] = []): ReachResult => ({
  allowed: false,
  egress: NO_DIRECTION,
  ingress: NO_DIRECTION,
  caveats: [],
  error,
  ...(candidates.length > 0 ? { candidates } : {}),
});

/** The folder analyses a request is about: the folder of `uri`, else every folder. */
async function analysesFor(service: Service, uri: string | undefined): Promise<FolderAnalysis[]> {
  await service.index.whenScanned();
  if (uri) {
    const one = await service.index.analysisFor(uri, true);
    return one ? [one] : [];
  }
  return service.index.allAnalyses();
}

export async function answerReach(service: Service, p: ReachParams): Promise<ReachResult> {
  const spec = typeof p.port === 'number' ? `${p.port}/${p.protocol ?? 'TCP'}` : p.protocol && !p.port.includes('/') ? `${p.port}/${p.protocol}` : p.port;
  const port = parsePortSpec(spec);
  if ('error' in port) return failed(port.error);
  const folders = await analysesFor(service, p.uri);
  if (folders.length === 0) return failed('No workspace folder is indexed: open a folder with your manifests.');
  let firstError: ReachResult | undefined;
  for (const folder of folders) {
    const model = folder.analysis.model;
    const from = resolveEndpoint(model, p.from);
    const to = resolveEndpoint(model, p.to);
    if (from.ok && to.ok) return verdictJson(folder, reach(model, { from: from.endpoint, to: to.endpoint, port: port.port, protocol: port.protocol }));
    const bad = !from.ok ? from : !to.ok ? to : undefined;
    if (bad && !firstError) firstError = failed(bad.error, bad.candidates);
  }
  return firstError ?? failed('Unknown workloads.');
}

export const reachRequests: Feature = {
  name: 'reach',
  register(connection: Connection, service: Service): void {
    onCustomRequest(connection, service, WorkloadsRequest, { workloads: [], namespaces: [] } as WorkloadsResult, async (p) => {
      const folders = await analysesFor(service, p?.uri);
      const workloads: WorkloadSummary[] = [];
      const namespaces = new Set<string>();
      for (const f of folders) {
        for (const w of f.analysis.model.workloads) workloads.push(workloadSummary(f, w));
        for (const ns of f.analysis.model.namespaces.keys()) namespaces.add(ns);
      }
      workloads.sort((a, b) => a.id.localeCompare(b.id) || a.kind.localeCompare(b.kind));
      return { workloads, namespaces: [...namespaces].sort() };
    });
    onCustomRequest(connection, service, ReachRequest, failed('The reach request failed; see the NetLens output.'), (p) => answerReach(service, p));
  },
};
