// Findings -> results for a whole workspace (the CLI's path): analysis, then the inline exceptions of each file.
// The editor applies the same applySuppressions to an open document's findings (lsp/service.ts).
import type { Options } from './options.ts';
import type { ParsedFile } from './parse/parse.ts';
import { RULES } from './rules/index.ts';
import type { Rule } from './rules/rule.ts';
import { WORKSPACE_RULES } from './rules/workspace-index.ts';
import { applySuppressions, type SuppressedFinding } from './suppress/apply.ts';
import type { Finding } from './types.ts';
import { finish } from './steps.ts';
import type { RuleRecord } from './rejudge.ts';
import { analyzeWorkspaceSteps, type WorkspaceAnalysis, type WorkspaceCache } from './workspace.ts';

/** Every rule, file and workspace, by code: what exceptions may name and what SARIF lists. */
export const ALL_RULES: readonly Pick<Rule, 'code' | 'defaultSeverity' | 'description'>[] = [...RULES, ...WORKSPACE_RULES];
export const ALL_RULES_BY_CODE: ReadonlyMap<string, Pick<Rule, 'code' | 'defaultSeverity' | 'description'>> = new Map(ALL_RULES.map((r) => [r.code, r]));

/** A file's findings after its exceptions: what the user sees, and what the exceptions covered. */
export function fileResults(file: ParsedFile, findings: readonly Finding[], options: Options): { findings: Finding[]; suppressed: SuppressedFinding[] } {
  return applySuppressions(file, findings, options, ALL_RULES_BY_CODE);
}

export interface WorkspaceResults {
  analysis: WorkspaceAnalysis;
  /** Visible findings per uri. */
  findings: Map<string, Finding[]>;
  suppressed: SuppressedFinding[];
}

export function workspaceResults(files: readonly ParsedFile[], options: Options, cache?: WorkspaceCache): WorkspaceResults {
  return finish(workspaceResultsSteps(files, options, cache));
}

/**
 * workspaceResults, stopping between slices of its work (core/steps.ts; the language server drives it). With the
 * previous results' record (an edit of one file since), rules that read nothing the edit changed keep their
 * findings, and per-policy rules judge the edited policies only (core/rejudge.ts).
 */
export function* workspaceResultsSteps(files: readonly ParsedFile[], options: Options, cache?: WorkspaceCache, previous?: RuleRecord): Generator<void, WorkspaceResults, void> {
  const analysis = yield* analyzeWorkspaceSteps(files, options, cache, WORKSPACE_RULES, undefined, previous);
  const findings = new Map<string, Finding[]>();
  const suppressed: SuppressedFinding[] = [];
  const byUri = new Map(files.map((f) => [f.uri, f]));
  let n = 0;
  for (const [uri, list] of analysis.findings) {
    if (++n % 64 === 0) yield;
    const file = byUri.get(uri);
    if (!file) {
      findings.set(uri, list);
      continue;
    }
    const r = fileResults(file, list, options);
    findings.set(uri, r.findings);
    suppressed.push(...r.suppressed);
  }
  return { analysis, findings, suppressed };
}
