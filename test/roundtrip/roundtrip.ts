// Quick-fix round trip: every fix and code action the engine offers on a file is applied, and the result must
// reparse without new errors, keep every comment and the line endings, change only its own document, and
// remove what it fixed. Shared by the unit test (in-repo fixtures) and the corpus runner (a path argument).
import { Lexer, parseAllDocuments } from 'yaml';
import { analyzeWorkspace, codeActionsAt, DEFAULT_OPTIONS, parseFile, type Fix, type Options, type ParsedFile } from '../../server/src/core/index.ts';

export interface RoundTripFailure {
  file: string;
  variant: string;
  fix: string;
  problem: string;
}

export interface RoundTripResult {
  files: number;
  variants: number;
  /** Variants not generated because the style change altered the file's data (e.g. inside block scalars). */
  skippedVariants: number;
  fixes: number;
  failures: RoundTripFailure[];
}

/** Applies edits back to front so offsets stay valid. */
export function applyEdits(text: string, edits: Fix['edits']): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

/** Every comment of a text as the YAML lexer sees it (a multiset, as a sorted list). */
export function commentsOf(text: string): string[] {
  const out: string[] = [];
  for (const tok of new Lexer().lex(text)) if (tok.startsWith('#')) out.push(tok.trimEnd());
  return out.sort();
}

function jsonOfDocs(text: string): string[] {
  return parseAllDocuments(text, { uniqueKeys: false }).map((d) => {
    try {
      return JSON.stringify(d.toJS({ maxAliasCount: 1000 }));
    } catch {
      return '<unrepresentable>';
    }
  });
}

const bareLf = (t: string): number => (t.match(/(?<!\r)\n/g) ?? []).length;

// ---- style variants ----------------------------------------------------------------------------------------

/** Lines inside block scalars (`key: |` and what is indented below it), where comments would become content. */
function blockScalarLines(lines: string[]): Set<number> {
  const inside = new Set<number>();
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)(?:- )?.*?[:-]\s+[|>][-+0-9]*\s*(#.*)?$/.exec(lines[i] as string);
    if (!m) continue;
    const indent = (m[1] as string).length;
    for (let j = i + 1; j < lines.length; j++) {
      const l = lines[j] as string;
      if (l.trim() !== '' && l.length - l.trimStart().length <= indent) break;
      inside.add(j);
    }
  }
  return inside;
}

export const VARIANTS: Record<string, (text: string) => string> = {
  original: (t) => t,
  crlf: (t) => t.replace(/\r?\n/g, '\r\n'),
  'no-final-newline': (t) => t.replace(/(\r?\n)+$/, ''),
  'interleaved-comments': (t) => {
    const lines = t.split('\n');
    const skip = blockScalarLines(lines);
    const eol = t.includes('\r\n') ? '\r' : '';
    return lines.map((l, i) => (skip.has(i) || l.trim() === '' || l.startsWith('---') ? l : `${/^\s*/.exec(l)?.[0] ?? ''}# note ${i}${eol}\n${l}`)).join('\n');
  },
  'trailing-comments': (t) => {
    const lines = t.split('\n');
    const skip = blockScalarLines(lines);
    // Only lines that end a YAML token cleanly: not in block scalars, not already commented, no open quote.
    return lines.map((l, i) => {
      const body = l.replace(/\r$/, '');
      return skip.has(i) || body.trim() === '' || /#|['"]|^---|\|$|>$/.test(body) ? l : `${body}   # every pod ${i}${l.slice(body.length)}`;
    }).join('\n');
  },
  'indent-4-flush-dashes': (t) => {
    const docs = parseAllDocuments(t.replace(/\r\n/g, '\n'));
    if (docs.some((d) => d.errors.length > 0)) return t;
    return docs.map((d) => d.toString({ indent: 4, indentSeq: false, lineWidth: 0 })).join('');
  },
};

// ---- one file --------------------------------------------------------------------------------------------

interface Offered {
  name: string;
  fix: Fix;
  /** The finding's code when the fix comes with a finding. */
  code?: string;
  /** Where the fix was offered (the finding's span, or the policy object's). */
  at: number;
}

const PODS_URI = 'file:///roundtrip/pods.yaml';

/**
 * A Deployment per policy, labelled as its podSelector's matchLabels ask, so the workspace rules that need
 * selected pods (missing-dns-egress, dns-tcp-blocked) have some: a lone corpus file holds policies only.
 */
export function podsFor(text: string): string {
  const out: string[] = [];
  parseAllDocuments(text, { uniqueKeys: false }).forEach((d, i) => {
    let js: unknown;
    try {
      js = d.toJS({ maxAliasCount: 1000 });
    } catch {
      return;
    }
    const o = js as { kind?: unknown; metadata?: { namespace?: unknown }; spec?: { podSelector?: { matchLabels?: unknown } } } | null;
    if (!o || o.kind !== 'NetworkPolicy') return;
    const ns = typeof o.metadata?.namespace === 'string' ? o.metadata.namespace : 'default';
    const ml = o.spec?.podSelector?.matchLabels;
    const labels = typeof ml === 'object' && ml !== null && !Array.isArray(ml) && Object.keys(ml).length > 0 ? ml : { app: `pods-${i}` };
    const json = JSON.stringify(Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v)])));
    out.push(`apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: pods-${i}, namespace: ${JSON.stringify(ns)}}\nspec:\n  selector: {matchLabels: ${json}}\n  template:\n    metadata: {labels: ${json}}\n    spec: {containers: [{name: c, image: x}]}\n`);
  });
  return out.join('---\n');
}

function workspace(uri: string, text: string, pods: string, options: Options): { file: ParsedFile; r: ReturnType<typeof analyzeWorkspace> } {
  const file = parseFile(uri, text, options);
  return { file, r: analyzeWorkspace([file, parseFile(PODS_URI, pods, options)], options) };
}

function analyse(uri: string, text: string, pods: string, options: Options): { file: ParsedFile; findings: { code: string; start: number }[] } {
  const { file, r } = workspace(uri, text, pods, options);
  return { file, findings: (r.findings.get(uri) ?? []).map((f) => ({ code: f.code, start: f.span.start })) };
}

function offered(uri: string, text: string, pods: string, options: Options): Offered[] {
  const { file, r } = workspace(uri, text, pods, options);
  const out: Offered[] = [];
  for (const f of r.findings.get(uri) ?? []) for (const fix of f.fixes ?? []) out.push({ name: `${f.code}: ${fix.title}`, fix, code: f.code, at: f.span.start });
  for (const obj of file.objects) {
    for (const a of codeActionsAt(file, obj.span, r.model, options)) out.push({ name: `action: ${a.title}`, fix: a, at: obj.span.start });
  }
  return out.filter((o) => o.fix.uri === undefined || o.fix.uri === uri);
}

/** The document (index) a text offset belongs to, from the documents' ranges. */
function docIndexAt(file: ParsedFile, offset: number): number {
  let idx = 0;
  file.docs.forEach((d, i) => {
    if (d.range[0] <= offset) idx = i;
  });
  return idx;
}

function subsetOf(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length <= b.length && a.every((x, i) => subsetOf(x, b[i]));
  if (typeof a === 'object' && a !== null) {
    if (typeof b !== 'object' || b === null || Array.isArray(b)) return false;
    return Object.entries(a).every(([k, v]) => k in b && subsetOf(v, (b as Record<string, unknown>)[k]));
  }
  // An empty value the fix filled (`egress:` -> a list) counts as kept.
  return a === null && b !== undefined;
}

function checkFix(uri: string, before: string, pods: string, o: Offered, options: Options): string[] {
  const problems: string[] = [];
  const after = applyEdits(before, o.fix.edits);
  const b = analyse(uri, before, pods, options);
  const a = analyse(uri, after, pods, options);
  const issueKey = (i: { kind: string; message: string }): string => `${i.kind}: ${i.message}`;
  const oldIssues = new Set(b.file.issues.map(issueKey));
  for (const i of a.file.issues) if (!oldIssues.has(issueKey(i))) problems.push(`new parse problem: ${issueKey(i)}`);
  const lost = missing(commentsOf(before), commentsOf(after));
  if (lost.length > 0) problems.push(`comments lost: ${lost.slice(0, 3).join(' | ')}`);
  if (before.includes('\r\n') && bareLf(after) > bareLf(before)) problems.push('bare line feeds written into a CRLF file');
  // Only its region: every other document reads the same; an insertion keeps everything the document held.
  const jb = jsonOfDocs(before);
  const ja = jsonOfDocs(after);
  const target = docIndexAt(b.file, o.at);
  // A new document goes at the end of the file, filling an empty one left there by a final `---`.
  const appended = o.fix.edits.every((e) => e.span.start === before.length);
  jb.forEach((j, i) => {
    const filledEmptyLast = appended && i === jb.length - 1 && j === 'null';
    if (i !== target && ja[i] !== j && !filledEmptyLast) problems.push(`document ${i} changed (the fix is about document ${target})`);
  });
  if (o.fix.edits.every((e) => e.span.start === e.span.end) && !appended) {
    const old = JSON.parse(jb[target] ?? 'null') as unknown;
    const now = JSON.parse(ja[target] ?? 'null') as unknown;
    if (!subsetOf(old, now)) problems.push(`document ${target} lost or moved content: ${jb[target]?.slice(0, 200)} -> ${ja[target]?.slice(0, 200)}`);
  }
  // Removes what it fixed: one finding of its code fewer, or the action no longer offered.
  if (o.code !== undefined) {
    const count = (x: { findings: { code: string }[] }): number => x.findings.filter((f) => f.code === o.code).length;
    if (count(a) >= count(b)) problems.push(`finding ${o.code} still there after the fix`);
  } else if (offered(uri, after, pods, options).some((x) => x.name === o.name)) problems.push('the action is still offered after applying it');
  return problems;
}

function missing(before: string[], after: string[]): string[] {
  const left = new Map<string, number>();
  for (const c of after) left.set(c, (left.get(c) ?? 0) + 1);
  const out: string[] = [];
  for (const c of before) {
    const n = left.get(c) ?? 0;
    if (n === 0) out.push(c);
    else left.set(c, n - 1);
  }
  return out;
}

/** Runs every fix of every variant of one file's text. */
export function roundTripText(name: string, text: string, result: RoundTripResult, options: Options = DEFAULT_OPTIONS): void {
  result.files++;
  const reference = jsonOfDocs(text).join('\n');
  const pods = podsFor(text);
  for (const [variant, make] of Object.entries(VARIANTS)) {
    let t: string;
    try {
      t = make(text);
    } catch {
      result.skippedVariants++;
      continue;
    }
    if (variant !== 'original' && (t === text || jsonOfDocs(t).join('\n') !== reference)) {
      result.skippedVariants++;
      continue;
    }
    result.variants++;
    const uri = `file:///roundtrip/${encodeURIComponent(name)}`;
    for (const o of offered(uri, t, pods, options)) {
      result.fixes++;
      let problems: string[];
      try {
        problems = checkFix(uri, t, pods, o, options);
      } catch (e) {
        problems = [`exception: ${e instanceof Error ? e.message : String(e)}`];
      }
      for (const problem of problems) result.failures.push({ file: name, variant, fix: o.name, problem });
    }
  }
}

export function emptyResult(): RoundTripResult {
  return { files: 0, variants: 0, skippedVariants: 0, fixes: 0, failures: [] };
}
