// Engine data -> LSP data: spans to ranges through LineIndex, findings to diagnostics, fixes to workspace edits.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DiagnosticSeverity,
  DiagnosticTag,
  TextDocumentEdit,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { ruleDocPath, type Finding, type LineIndex, type Severity, type Span, type TextEditSpan } from '../core/index.ts';

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
  return pathToFileURL(path.join(extensionRoot, ruleDocPath(code))).href;
}

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
