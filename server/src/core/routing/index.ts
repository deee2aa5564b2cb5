// Routing analysis of one workspace: listener status, route attachment, backend and certificate references,
// ReferenceGrant use. Computed once per analysis (memoised on the files map) and read by the rules,
// hover, trace and inventory.
import { gatewayModelSteps, type gatewayModel } from '../kinds/gateway/model.ts';
import { GATEWAY_GROUP, type GatewayInfo, type ReferenceGrantInfo } from '../kinds/gateway/types.ts';
import type { Model, ServiceInfo } from '../model/types.ts';
import type { Options } from '../options.ts';
import type { ParsedFile } from '../parse/parse.ts';
import { finish } from '../steps.ts';
import { isRejected } from '../validate/index.ts';
import { attachParent } from './attach.ts';
import { resolveBackend } from './backends.ts';
import { GrantIndex, misgroupedEntries } from './grants.ts';
import { kindConflicts } from './kind-conflict.ts';
import { certificateIssues, conflictedListeners, conflictIssues, listenerConflicts } from './listeners.ts';
import type { RoutingAnalysis, RoutingIssue } from './types.ts';

const memo = new WeakMap<object, { model: Model; analysis: RoutingAnalysis }>();

/** The routing analysis of a workspace; `files` is the analysis' files map (its identity keys the memo). */
export function routingOf(model: Model, files: ReadonlyMap<string, ParsedFile>, options: Options): RoutingAnalysis {
  return finish(routingSteps(model, files, options));
}

/**
 * routingOf, stopping between files of the gateway model (core/steps.ts): an adapter runs it before the workspace
 * rules that read it, which then find it memoised.
 */
export function* routingSteps(model: Model, files: ReadonlyMap<string, ParsedFile>, options: Options): Generator<void, RoutingAnalysis, void> {
  const hit = memo.get(files);
  if (hit && hit.model.namespaces === model.namespaces) return hit.analysis;
  // An object the API server rejects is never stored: it attaches nothing and grants nothing.
  const gw = yield* gatewayModelSteps(files.values(), options, files, (obj) => isRejected(obj, options));
  const analysis = yield* analyzeRoutingSteps(model, gw);
  memo.set(files, { model, analysis });
  return analysis;
}

export function analyzeRouting(model: Model, gw: ReturnType<typeof gatewayModel>): RoutingAnalysis {
  return finish(analyzeRoutingSteps(model, gw));
}

/** Routes attached or resolved between two stops of analyzeRoutingSteps. */
const ROUTES_PER_STEP = 32;

/** analyzeRouting, stopping between routes (8,000 files hold 2,000 routes): the same issues in the same order. */
function* analyzeRoutingSteps(model: Model, gw: ReturnType<typeof gatewayModel>): Generator<void, RoutingAnalysis, void> {
  const issues: RoutingIssue[] = [];
  const grants = new GrantIndex(gw);
  const gateways = new Map<string, GatewayInfo[]>();
  for (const g of gw.gateways) gateways.set(g.id, [...(gateways.get(g.id) ?? []), g]);
  const services = new Map<string, ServiceInfo[]>();
  for (const s of model.services) services.set(s.id, [...(services.get(s.id) ?? []), s]);

  const listeners = gw.gateways.flatMap((g) => listenerConflicts(g));
  conflictIssues(listeners, issues);
  const conflicted = conflictedListeners(listeners);
  for (const g of gw.gateways) for (const l of g.listeners) certificateIssues(g, l, gw, grants, issues);

  yield;
  const parents: RoutingAnalysis['parents'] = [];
  for (const [i, r] of gw.routes.entries()) {
    if (i > 0 && i % ROUTES_PER_STEP === 0) yield;
    for (const p of r.parentRefs) parents.push(attachParent(model, gateways, r, p, issues, conflicted));
  }
  kindConflicts(parents, issues);
  const backends: RoutingAnalysis['backends'] = [];
  for (const [i, r] of gw.routes.entries()) {
    if (i > 0 && i % ROUTES_PER_STEP === 0) yield;
    for (const rule of r.rules) for (const b of rule.backendRefs) backends.push(resolveBackend(r, b, services, grants, issues));
  }
  for (const g of gw.grants) unusedGrant(g, grants.used, issues);
  return { gw, parents, backends, listeners, usedGrants: grants.used, issues };
}

/** Reference kinds NetLens resolves; a grant for others (TLSRoute, BackendTLSPolicy, ...) is not judged. */
const ANALYSED_FROM = new Set([`${GATEWAY_GROUP}/HTTPRoute`, `${GATEWAY_GROUP}/GRPCRoute`, `${GATEWAY_GROUP}/Gateway`]);
const ANALYSED_TO = new Set(['/Service', '/Secret']);

function unusedGrant(g: ReferenceGrantInfo, used: Set<ReferenceGrantInfo>, issues: RoutingIssue[]): void {
  const nameSpan = g.origin.kind === 'file' ? (g.origin.nameSpan ?? g.origin.span) : { start: 0, end: 0 };
  // An entry whose group is not its kind's matches no reference, used grant or not: said at the entry.
  for (const m of misgroupedEntries(g)) {
    issues.push({
      code: 'unused-reference-grant',
      uri: g.uri,
      span: m.span,
      severity: 'warning',
      message:
        `ReferenceGrant "${g.name}" ${m.field}[${m.index}] names kind ${m.kind} in group "${m.group}", but ${m.kind} belongs to group "${m.want}"${m.want === '' ? ' (the core group is written as an empty string)' : ''}: ` +
        `no reference matches this entry, so it permits nothing.`,
    });
  }
  if (used.has(g) || g.from.length === 0 || g.to.length === 0) return;
  if (!g.from.every((f) => ANALYSED_FROM.has(`${f.group}/${f.kind}`)) || !g.to.every((t) => ANALYSED_TO.has(`${t.group}/${t.kind}`))) return;
  const from = g.from.map((f) => `${f.kind} in "${f.namespace}"`).join(', ');
  const to = g.to.map((t) => `${t.kind}${t.name ? ` "${t.name}"` : 's'}`).join(', ');
  issues.push({
    code: 'unused-reference-grant',
    uri: g.uri,
    span: nameSpan,
    message: `ReferenceGrant "${g.name}" lets ${from} use ${to} of namespace "${g.namespace}", but no reference in the workspace uses it: check its from/to fields, or remove it.`,
  });
}
