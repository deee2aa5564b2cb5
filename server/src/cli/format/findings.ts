// The CLI's view of a finding: file relative to the cwd and LSP-style 0-based UTF-16 positions, stably ordered.
import { fileURLToPath } from 'node:url';
import { LineIndex, type Finding, type Position, type Severity } from '../../core/index.ts';
import { compareStrings, displayPath } from '../files.ts';

export interface CliFinding {
  file: string;
  range: { start: Position; end: Position };
  severity: Severity;
  code: string;
  message: string;
}

export interface KnownFile {
  uri: string;
  display: string;
  text: string;
}

/** Converts engine findings (offsets, URIs) into CLI findings, sorted by file, then position, then code. */
export function toCliFindings(findings: readonly Finding[], files: readonly KnownFile[], cwd: string): CliFinding[] {
  const byUri = new Map(files.map((f) => [f.uri, f]));
  const lines = new Map<string, LineIndex>();
  const out: CliFinding[] = [];
  for (const f of findings) {
    const known = byUri.get(f.uri);
    let index = lines.get(f.uri);
    if (!index) {
      index = new LineIndex(known?.text ?? '');
      lines.set(f.uri, index);
    }
    out.push({
      file: known?.display ?? uriDisplay(f.uri, cwd),
      range: { start: index.positionAt(f.span.start), end: index.positionAt(f.span.end) },
      severity: f.severity,
      code: f.code,
      message: f.message,
    });
  }
  return out.sort(compareFindings);
}

export function compareFindings(a: CliFinding, b: CliFinding): number {
  return (
    compareStrings(a.file, b.file) ||
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    a.range.end.line - b.range.end.line ||
    a.range.end.character - b.range.end.character ||
    compareStrings(a.code, b.code) ||
    compareStrings(a.message, b.message)
  );
}

function uriDisplay(uri: string, cwd: string): string {
  try {
    return displayPath(fileURLToPath(uri), cwd);
  } catch {
    return uri;
  }
}
