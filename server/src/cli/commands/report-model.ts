// Shared by the report commands (cli/report-command.ts: reach, graph, matrix, coverage, trace, inventory): one model
// over every file under the paths with the settings flags applied, and uri/span -> file:range.
import { buildModel, parseFile, type Model, type Options, type ParsedFile, type Position, type Span } from '../../core/index.ts';
import { InputError } from '../command.ts';
import type { SettingsOverrides } from '../config.ts';
import type { CliIO } from '../io.ts';
import { unreadSummary } from '../../host/files.ts';
import { displayPath } from '../files.ts';
import { loadWorkspace } from '../workspace.ts';

export interface ReportWorkspace {
  model: Model;
  files: Map<string, { parsed: ParsedFile; display: string }>;
  /** The settings every file was parsed and modelled with. */
  options: Options;
}

/**
 * One model over every file under the paths (settings of the first settings group), with --config / --rule
 * applied as check applies them; settings problems are printed as check prints them.
 */
export function reportWorkspace(command: string, paths: readonly string[], io: CliIO, overrides?: SettingsOverrides): ReportWorkspace {
  const workspace = loadWorkspace(paths, io.cwd, overrides);
  for (const g of workspace.groups) for (const problem of g.options.settingsProblems ?? []) io.stderr(`netlens: ${g.settingsFile ?? 'settings'}: ${problem}\n`);
  // An answer over an incomplete workspace says so (the same summary as check).
  if (workspace.problems.length > 0) io.stderr(`netlens: ${unreadSummary(workspace.problems, (p) => displayPath(p, io.cwd))}`);
  const options = workspace.groups[0]?.options;
  if (!options) throw new InputError(`no YAML files found in ${paths.length ? paths.join(', ') : '.'}`);
  if (workspace.groups.length > 1) {
    io.stderr(`netlens ${command}: files fall under ${workspace.groups.length} settings files; using the settings of ${workspace.groups[0]?.settingsFile ?? 'the defaults'}\n`);
  }
  const files = new Map<string, { parsed: ParsedFile; display: string }>();
  for (const g of workspace.groups) for (const f of g.files) files.set(f.uri, { parsed: parseFile(f.uri, f.text, options), display: f.display });
  return { model: buildModel([...files.values()].map((f) => f.parsed), options), files, options };
}

/** `{file, range}` with 0-based LSP positions, files relative to the working directory; null when unknown. */
export function fileRange(ws: ReportWorkspace, uri: string | undefined, span: Span | undefined): { file: string; range: { start: Position; end: Position } } | null {
  const f = uri ? ws.files.get(uri) : undefined;
  if (!f || !span) return null;
  return { file: f.display, range: { start: f.parsed.lines.positionAt(span.start), end: f.parsed.lines.positionAt(span.end) } };
}

/** Repeatable string option values as a list. */
export function listOption(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
}
