// Engine data -> LSP data: spans to ranges through LineIndex, findings to diagnostics, fixes to workspace edits.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CreateFile,
  DiagnosticSeverity,
  DiagnosticTag,
  TextDocumentEdit,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { LineIndex, lineStartsSteps, ruleDocPath, type Finding, type Fix, type ParsedFile, type Severity, type Span, type TextEditSpan } from '../core/index.ts';

export const DIAGNOSTIC_SOURCE = 'netlens';

export function spanToRange(lines: LineIndex, span: Span): Range {
  return { start: lines.positionAt(span.start), end: lines.positionAt(span.end) };
}

export function rangeToSpan(lines: LineIndex, range: Range): Span {
  return { start: lines.offsetAt(range.start), end: lines.offsetAt(range.end) };
}

export function rangesEqual(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

const TAG = { unnecessary: DiagnosticTag.Unnecessary, deprecated: DiagnosticTag.Deprecated } as const;

/** `file:` URI of a rule's documentation page inside the extension. */
export function ruleDocHref(extensionRoot: string, code: string): string {
  // Once per rule: every diagnostic of every edit links its rule's page (pathToFileURL showed in edit profiles).
  const key = `${extensionRoot}\u0000${code}`;
  let href = HREFS.get(key);
  if (href === undefined) HREFS.set(key, (href = pathToFileURL(path.join(extensionRoot, ruleDocPath(code))).href));
  return href;
}
const HREFS = new Map<string, string>();

export interface ConvertContext {
  extensionRoot: string;
  /** Line index of another file named by related information (the workspace index knows them). */
  linesFor?: (uri: string) => LineIndex | undefined;
}

/** What a diagnostic carries so a code action can find its finding again in the current analysis. */
export interface DiagnosticData {
  version?: number;
  span: Span;
}

export function findingToDiagnostic(f: Finding, lines: LineIndex, ctx: ConvertContext, version?: number): Diagnostic {
  const d: Diagnostic = {
    range: spanToRange(lines, f.span),
    severity: SEVERITY[f.severity],
    code: f.code,
    codeDescription: { href: ruleDocHref(ctx.extensionRoot, f.code) },
    source: DIAGNOSTIC_SOURCE,
    message: f.message,
  };
  if (f.tags && f.tags.length > 0) d.tags = f.tags.map((t) => TAG[t]);
  if (f.related && f.related.length > 0) {
    d.relatedInformation = f.related.map((r): DiagnosticRelatedInformation => {
      const rl = r.uri === f.uri ? lines : ctx.linesFor?.(r.uri);
      // Without the other file's text the best honest place is its start: the link still opens the file.
      const range = rl ? spanToRange(rl, r.span) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      return { location: { uri: r.uri, range }, message: r.message };
    });
  }
  if (f.fixes && f.fixes.length > 0) {
    const data: DiagnosticData = { span: f.span, ...(version !== undefined ? { version } : {}) };
    d.data = data;
  }
  return d;
}

/** Findings converted between two stops of diagnosticsSteps. */
const DIAGNOSTICS_PER_STEP = 250;

/** findingToDiagnostic over a list, stopping every few hundred (a 5 MB file has thousands of findings). */
export function* diagnosticsSteps(findings: readonly Finding[], lines: LineIndex, ctx: ConvertContext, version?: number): Generator<void, Diagnostic[], void> {
  const out: Diagnostic[] = [];
  // A large text's line table in steps first (the first position asked built it in one go).
  if (findings.length > 0 && !lines.known()) lines.seed(yield* lineStartsSteps(lines.text));
  for (const [i, f] of findings.entries()) {
    if (i > 0 && i % DIAGNOSTICS_PER_STEP === 0) yield;
    out.push(findingToDiagnostic(f, lines, ctx, version));
  }
  return out;
}

/**
 * Whether two lists of diagnostics say exactly the same (ranges, codes, messages, related places, data): a pull that
 * finds what it answered last time answers `unchanged` instead of sending thousands of them again. Plain JSON
 * values compared in order; any difference (a key added, a number changed) counts.
 */
export function sameDiagnostics(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
  return true;
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const k of ka) if (!Object.prototype.hasOwnProperty.call(rb, k) || !sameJson(ra[k], rb[k])) return false;
  return true;
}

/** Whether the engine declined the file (no documents were parsed): requests on it answer empty. */
export function isDeclined(file: Pick<ParsedFile, 'issues'>): boolean {
  return file.issues.some((i) => i.kind === 'too-large' || i.kind === 'binary' || i.kind === 'too-deep');
}

export function toTextEdits(lines: LineIndex, edits: readonly TextEditSpan[]): TextEdit[] {
  return edits.map((e) => ({ range: spanToRange(lines, e.span), newText: e.newText }));
}

/**
 * Edits of one file as a WorkspaceEdit. With `documentChanges` the edit names the version it was computed
 * for, so the client refuses to apply it to a newer text.
 */
export function toWorkspaceEdit(uri: string, version: number | null, edits: TextEdit[], useDocumentChanges: boolean): WorkspaceEdit {
  if (useDocumentChanges) return { documentChanges: [TextDocumentEdit.create({ uri, version }, edits)] };
  return { changes: { [uri]: edits } };
}

/** What turning a Fix into a WorkspaceEdit needs to know about files and the client. */
export interface EditTarget {
  /** The file the fix was computed for (a fix without `uri` edits it). */
  uri: string;
  lines: LineIndex;
  version: number | null;
  /** Line index and version of another file a fix edits; undefined when unknown (the fix is dropped). */
  other?: (uri: string) => { lines: LineIndex; version: number | null } | undefined;
  useDocumentChanges: boolean;
  /** Whether the client can create files (`workspaceEdit.resourceOperations` includes `create`). */
  canCreateFiles: boolean;
}

/**
 * A Fix as a WorkspaceEdit, or undefined when the client cannot apply it (a new file without resource
 * operations, an edit of a file whose text is unknown).
 */
export function fixToWorkspaceEdit(fix: Fix, t: EditTarget): WorkspaceEdit | undefined {
  const uri = fix.uri ?? t.uri;
  if (fix.createFile) {
    if (!t.canCreateFiles || !t.useDocumentChanges) return undefined;
    // Edits of a new file are offsets into the empty text.
    const edits = toTextEdits(new LineIndex(''), fix.edits);
    return { documentChanges: [CreateFile.create(uri, { ignoreIfExists: true }), TextDocumentEdit.create({ uri, version: null }, edits)] };
  }
  const target = uri === t.uri ? { lines: t.lines, version: t.version } : t.other?.(uri);
  if (!target) return undefined;
  return toWorkspaceEdit(uri, target.version, toTextEdits(target.lines, fix.edits), t.useDocumentChanges);
}
