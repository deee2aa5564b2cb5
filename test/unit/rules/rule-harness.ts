// Test helpers for rule tests: run the whole pipeline on a text and look at one rule's findings by their text slice.
import { analyzeText, DEFAULT_OPTIONS, type Finding, type Fix } from '../../../server/src/core/index.ts';

export interface Seen {
  /** The text the finding's span covers. */
  at: string;
  severity: Finding['severity'];
  message: string;
  fixes: Fix[];
  line: number;
}

/** Findings of `code` (or of every rule when omitted) for `text`, in source order. */
export function findings(text: string, code?: string): Seen[] {
  const { file, findings: all } = analyzeText('test.yaml', text, DEFAULT_OPTIONS);
  return all
    .filter((f) => code === undefined || f.code === code)
    .map((f) => ({
      at: text.slice(f.span.start, f.span.end),
      severity: f.severity,
      message: f.message,
      fixes: f.fixes ?? [],
      line: file.lines.positionAt(f.span.start).line,
    }));
}

/** Codes of every finding, to assert a valid text is clean. */
export function codes(text: string): string[] {
  return analyzeText('test.yaml', text, DEFAULT_OPTIONS).findings.map((f) => f.code);
}

/** Applies a fix's edits (back to front, so offsets stay valid). */
export function applyFix(text: string, fix: Fix): string {
  let out = text;
  for (const e of [...fix.edits].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

/** A NetworkPolicy with the given YAML lines (already indented by two) under `spec:`. */
export function np(specLines: string, meta = '  name: p\n  namespace: default\n'): string {
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n${meta}spec:\n${specLines}`;
}
