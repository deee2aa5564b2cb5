// Test helpers for workspace rules: analyse several files as one workspace and look at one rule's findings.
import { analyzeWorkspace, DEFAULT_OPTIONS, parseFile, type Fix, type Options, type Severity } from '../../../server/src/core/index.ts';

export interface WsSeen {
  uri: string;
  /** The text the finding's span covers. */
  at: string;
  /** 0-based line of the span start. */
  line: number;
  severity: Severity;
  message: string;
  fixes: Fix[];
}

export type Files = Record<string, string>;

/** Findings of `code` over the given files (uri -> text), in uri then source order. */
export function wsFindings(files: Files, code: string, options: Partial<Options> = {}): WsSeen[] {
  const opts: Options = { ...DEFAULT_OPTIONS, ...options };
  const parsed = Object.entries(files).map(([uri, text]) => parseFile(uri, text, opts));
  const r = analyzeWorkspace(parsed, opts);
  const out: WsSeen[] = [];
  for (const f of parsed) {
    for (const x of r.findings.get(f.uri) ?? []) {
      if (x.code !== code) continue;
      out.push({ uri: f.uri, at: f.text.slice(x.span.start, x.span.end), line: f.lines.positionAt(x.span.start).line, severity: x.severity, message: x.message, fixes: x.fixes ?? [] });
    }
  }
  return out;
}

/** Every code found per uri (to check a fixed text is clean of a rule and still parses). */
export function wsCodes(files: Files, options: Partial<Options> = {}): Record<string, string[]> {
  const opts: Options = { ...DEFAULT_OPTIONS, ...options };
  const parsed = Object.entries(files).map(([uri, text]) => parseFile(uri, text, opts));
  const r = analyzeWorkspace(parsed, opts);
  return Object.fromEntries(parsed.map((f) => [f.uri, (r.findings.get(f.uri) ?? []).map((x) => x.code)]));
}

/** Applies edits (back to front, so offsets stay valid). */
export function applyEdits(text: string, fix: Pick<Fix, 'edits'>): string {
  let out = text;
  for (const e of [...fix.edits].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

/** A Deployment with pod labels and container ports (`name:port/PROTO` or `port`). */
export function deployment(ns: string, name: string, labels: Record<string, string>, ports: string[] = []): string {
  const lbl = Object.entries(labels).map(([k, v]) => `${k}: ${v}`).join(', ');
  const ps = ports.map((p) => {
    const m = /^(?:([a-z0-9-]+):)?(\d+)(?:\/(\w+))?$/.exec(p);
    if (!m) throw new Error(p);
    return `{${m[1] ? `name: ${m[1]}, ` : ''}containerPort: ${m[2]}${m[3] ? `, protocol: ${m[3]}` : ''}}`;
  });
  return (
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  selector:\n    matchLabels: {${lbl}}\n` +
    `  template:\n    metadata:\n      labels: {${lbl}}\n    spec:\n      containers:\n      - name: c\n        image: x\n` +
    (ps.length > 0 ? `        ports: [${ps.join(', ')}]\n` : '')
  );
}
