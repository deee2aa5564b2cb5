// The one place findings become results: inline exceptions remove the findings they cover (kept aside for
// SARIF's `suppressions`), and exceptions that cover nothing are reported as unused-suppression.
// The LSP (service.findings) and the CLI (core/results.ts) both call applySuppressions, so they agree.
import { effectiveSeverity } from '../analyze.ts';
import type { Options } from '../options.ts';
import type { ParsedFile } from '../parse/parse.ts';
import type { Rule } from '../rules/rule.ts';
import { rule as unusedSuppression } from '../rules/unused-suppression.ts';
import type { Finding, Severity } from '../types.ts';
import { findDirectives, type Directive, type DirectiveKind } from './directives.ts';

export interface Suppression {
  kind: DirectiveKind;
  /** The reason written after `--` (or in `netlens.io/ignore-reason`). */
  reason?: string;
  /** Where the exception is written, in the finding's file. */
  span: { start: number; end: number };
}

export interface SuppressedFinding extends Finding {
  suppression: Suppression;
}

export interface SuppressionResult {
  /** What the user sees: findings not covered by an exception, plus unused-suppression findings. */
  findings: Finding[];
  /** Findings an exception covers. */
  suppressed: SuppressedFinding[];
}

const WORDS: Record<DirectiveKind, string> = {
  'next-line': 'netlens-disable-next-line',
  document: 'netlens-disable',
  annotation: `the netlens.io/ignore annotation`,
};

const WHERE: Record<DirectiveKind, string> = { 'next-line': 'on the next line', document: 'in this YAML document', annotation: 'in this object' };

/**
 * Applies the file's exceptions to its findings (findings of other files pass through). `knownRules` says which
 * codes exist and their severities, so an exception for a rule that is off is not called unused (it could not
 * have fired). With `options.inlineConfig` false the exceptions are ignored (`--no-inline-config`).
 */
export function applySuppressions(file: ParsedFile, findings: readonly Finding[], options: Options, knownRules: ReadonlyMap<string, Pick<Rule, 'code' | 'defaultSeverity'>>): SuppressionResult {
  const directives = options.inlineConfig ? findDirectives(file) : [];
  // Nothing to apply: hand back the (read-only) list itself when already in order, as the caches expect.
  if (directives.length === 0) return { findings: isSorted(findings) ? (findings as Finding[]) : [...findings].sort(bySpan), suppressed: [] };
  const used = new Set<string>(); // `${directiveIndex}:${codeIndex}`
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const f of findings) {
    const hit = f.uri === file.uri && f.code !== unusedSuppression.code ? cover(directives, f, used) : undefined;
    if (!hit) kept.push(f);
    else suppressed.push({ ...f, suppression: { kind: hit.kind, ...(hit.reason ? { reason: hit.reason } : {}), span: hit.span } });
  }
  const severity = effectiveSeverity(unusedSuppression, options);
  if (severity) kept.push(...unused(file, directives, used, severity, options, knownRules));
  kept.sort(bySpan);
  return { findings: kept, suppressed };
}

const bySpan = (a: Finding, b: Finding) => a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code);

const isSorted = (list: readonly Finding[]) => list.every((f, i) => i === 0 || bySpan(list[i - 1] as Finding, f) <= 0);

/** The first directive that covers the finding (a next-line before a document-wide one before an annotation). */
function cover(directives: Directive[], f: Finding, used: Set<string>): Directive | undefined {
  const order: DirectiveKind[] = ['next-line', 'document', 'annotation'];
  for (const kind of order) {
    for (let d = 0; d < directives.length; d++) {
      const dir = directives[d] as Directive;
      if (dir.kind !== kind || f.span.start < dir.scope.start || f.span.start > dir.scope.end || dir.scope.end === dir.scope.start) continue;
      const c = dir.codes.findIndex((x) => x.code === f.code);
      if (c === -1) continue;
      used.add(`${d}:${c}`);
      return dir;
    }
  }
  return undefined;
}

function unused(
  file: ParsedFile,
  directives: Directive[],
  used: Set<string>,
  severity: Severity,
  options: Options,
  knownRules: ReadonlyMap<string, Pick<Rule, 'code' | 'defaultSeverity'>>,
): Finding[] {
  const out: Finding[] = [];
  directives.forEach((dir, d) => {
    if (dir.codes.length === 0) {
      out.push({ uri: file.uri, span: dir.span, code: unusedSuppression.code, severity, message: `${WORDS[dir.kind]} names no rule code, so it suppresses nothing. Write the code(s) to disable, then \`-- \` and the reason.` });
      return;
    }
    dir.codes.forEach((c, i) => {
      if (used.has(`${d}:${i}`)) return;
      const rule = knownRules.get(c.code);
      // A rule switched off could not have fired: its exception is not evidence of anything stale.
      if (rule && !effectiveSeverity(rule, options)) return;
      const message = rule
        ? `${WORDS[dir.kind]} for ${c.code} suppresses nothing: there is no ${c.code} finding ${WHERE[dir.kind]}. Remove the exception (the problem it covered is gone or moved).`
        : `Unknown rule code '${c.code}' in ${WORDS[dir.kind]}: it suppresses nothing. See the rules list for valid codes.`;
      const f: Finding = { uri: file.uri, span: c.span, code: unusedSuppression.code, severity, message, tags: ['unnecessary'] };
      // A comment naming only this code can go: its whole line, or (after content) from the spaces before `#`.
      if (dir.kind !== 'annotation' && dir.codes.length === 1) {
        const nl = file.text.indexOf('\n', dir.span.end);
        const span = dir.wholeLine
          ? { start: file.text.lastIndexOf('\n', dir.span.start - 1) + 1, end: nl === -1 ? dir.span.end : nl + 1 }
          : { start: dir.span.start - (/[ \t]*$/.exec(file.text.slice(0, dir.span.start))?.[0].length ?? 0), end: dir.span.end };
        f.fixes = [{ title: 'Remove unused suppression', edits: [{ span, newText: '' }], isPreferred: true }];
      }
      out.push(f);
    });
  });
  return out;
}
