// The engine's public surface: adapters (LSP, CLI, preview) import from here only.
import { checkFile } from './analyze.ts';
import type { Options } from './options.ts';
import { parseFile, type ParsedFile } from './parse/parse.ts';
import type { Finding } from './types.ts';

export * from './types.ts';
export * from './source.ts';
export * from './options.ts';
export { parseFile, type ParsedFile, type ManifestObject } from './parse/parse.ts';
export { consumed, reparseFile, reparseFileSteps, type ReparseStats } from './parse/incremental.ts';
export { parseFileSteps, SLICE_CHARS } from './parse/sliced.ts';
export { finish } from './steps.ts';
export { checkFile, effectiveSeverity, warmObjectFindings, withoutAbsenceFindings } from './analyze.ts';
export { RULES, RULES_BY_CODE } from './rules/index.ts';
export { ruleDocPath, type Rule } from './rules/rule.ts';
export type * from './model/types.ts';
export { buildModel, buildModelSteps } from './model/build.ts';
export { createModelCache, extractCachedSteps, extractKept, type ModelCache } from './model/extract.ts';
export { analyzeWorkspace, analyzeWorkspaceSteps, createWorkspaceCache, prepareFile, type WorkspaceAnalysis, type WorkspaceCache, type WorkspaceRule, type WorkspaceRuleContext, type WorkspaceReport } from './workspace.ts';
export { fileAnalysisData, adoptFileAnalysis, offloadedFile, withoutTrees, dropOwnTrees, buildsKustomize, readsOwnTrees, type FileAnalysisData } from './offload.ts';
export { droppableFile, hasTrees, isDroppable, lazyStats } from './parse/skeleton.ts';
export { fileFindings } from './file-findings.ts';
export { WORKSPACE_RULES } from './rules/workspace-index.ts';
export { fingerprint, fingerprintSteps, keyAt, keysComputed, printOf, sameAt, samePrint, type Fingerprint } from './fingerprint.ts';
export { indexOfUri, splicedModels } from './model/splice.ts';
export { editRegion, mapFindings, namesFile, placesKept, shiftReport, type EditRegion } from './shift.ts';
export { movedModel, POLICY_TABLES, type ModelPart, type RuleRecord } from './rejudge.ts';
export { codeActionsAt, addDnsEgressFix, type CodeActionItem, type CodeActionContext } from './fixes/index.ts';
export type * from './connectivity/types.ts';
export { reach } from './connectivity/reach.ts';
export { allowedTraffic, allowedPortSet } from './connectivity/traffic.ts';
export { resolveEndpoint, parsePortSpec, workloadLabel, closeMatches, type EndpointLookup } from './connectivity/endpoints.ts';
export { matchesSelector, policySelects, describeSelector, isEmptySelector } from './connectivity/selectors.ts';
export { isolatingPolicies, policiesSelecting, isValidIR as isValidPolicy, selectedWorkloads, peerWorkloads, irPeerWorkloads, subjectWorkloads, peerNamespaceNames, workloadsIn, namespaceMatches, identityLabels } from './policy/select.ts';
export type * from './policy/types.ts';
export { kindEntryOf, registeredKinds } from './kinds/registry.ts';
export { describePortSet, resolveNamedPort, type PortSet } from './connectivity/ports.ts';
export { OUR_KINDS_RE } from './kinds.ts';
export { skippedSummary, skippedSummarySteps, skippedLines, skippedTotal, type SkippedSummary, type SkippedItem } from './skipped.ts';
export * from './schema/index.ts';
export { hoverAt, type HoverResult, type HoverOptions, type LinkFor } from './hover/index.ts';
export { grouped } from './hover/format.ts';
export { completeAt, completionListAt, type CompletionEntry, type CompletionKind, type CompletionOptions } from './completion/index.ts';
export { locate, type YamlLocation } from './parse/locate.ts';

/** Parses and checks one text: the whole single-file pipeline. */
export function analyzeText(uri: string, text: string, options: Options): { file: ParsedFile; findings: Finding[] } {
  const file = parseFile(uri, text, options);
  return { file, findings: checkFile(file, options) };
}
export type * from './topology/types.ts';
export { topologyView, topologyGraph, connectionMatrixOf, coverageOf, wayInOf, arrowCounts, type WayInInput } from './topology/index.ts';
export type { TopologyView } from './topology/view.ts';
export { toMermaid, escapeLabel } from './topology/mermaid.ts';
export { collapseTopology } from './topology/collapse.ts';
export { matrixMarkdown, matrixCsv, matrixJson, type ConnectionMatrix, type MatrixRow, type MatrixJson } from './reports/matrix.ts';
export { coverageMarkdown } from './reports/format.ts';
export type { CoverageReport, NamespaceCoverage, CoverageGap } from './reports/coverage.ts';
export { fileResults, workspaceResults, workspaceResultsSteps, ALL_RULES, ALL_RULES_BY_CODE, type WorkspaceResults } from './results.ts';
export { findDirectives, IGNORE_ANNOTATION, type Directive, type DirectiveKind } from './suppress/directives.ts';
export type { SuppressedFinding, Suppression } from './suppress/apply.ts';
export { disableForLineFix } from './fixes/suppress.ts';
export { conventionsFromRaw, DEFAULT_CONVENTIONS, DEFAULT_PRIVATE_RANGES } from './conventions/settings.ts';
export { connectivityDiff, type ConnectivityDiff, type FlowChange, type FlowEndpoint, type PairDiff, type DiffSide, type Exposure, type ExposureChange } from './diff/index.ts';
export { diffFindings } from './diff/findings.ts';
export { diffView, DIFF_LINK_STYLES, type DiffView, type EdgeStatus } from './diff/graph.ts';
export { workloadNodeId } from './topology/ids.ts';
export { gatewayNodeId, ingressNodeId, routeNodeId } from './topology/wayin.ts';
export type { FocusTarget } from './topology/focus.ts';
export { traceUrl, parseTraceUrl, type TraceResult, type TracePath, type TraceStep } from './routing/trace.ts';
export { routingOf, routingSteps } from './routing/index.ts';
export type * from './kinds/gateway/types.ts';
export type * from './routing/types.ts';
export { inventoryOf, inventoryMarkdown, type Inventory } from './reports/inventory.ts';
// Polled by lsp/slices.ts Runs: whether an input parse may have been consumed since the last look.
export { consumedCount } from './parse/incremental.ts';
// The server starts the CEL libraries before its first request (lsp/main.ts); the CLI on first use.
export { celLib } from './validate/cel-lib.ts';
export { slot, slotTables, type Slot, type SlotTable } from './slots.ts';
