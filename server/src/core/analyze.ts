// Runs the rules over one parsed file and applies the severities the user configured.
import type { Options } from './options.ts';
import type { ParsedFile } from './parse/parse.ts';
import { RULES } from './rules/index.ts';
import type { Report, Rule, RuleContext } from './rules/rule.ts';
import type { Finding, Severity } from './types.ts';
import { objectProblems } from './validate/index.ts';

export function effectiveSeverity(rule: Pick<Rule, 'code' | 'defaultSeverity'>, options: Options): Severity | undefined {
  const s = options.rules[rule.code];
  if (s === 'off') return undefined;
  return s ?? rule.defaultSeverity;
}

/** Findings of the file-level and object-level rules for one file. Never throws on user input. */
export function checkFile(file: ParsedFile, options: Options, rules: readonly Rule[] = RULES): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    const severity = effectiveSeverity(rule, options);
    if (!severity) continue;
    const ctx: RuleContext = {
      file,
      options,
      // A report's own severity (a weaker or stronger case) applies unless the user configured the rule's.
      report: (r: Report) => findings.push(toFinding(file.uri, rule.code, r.severity && options.rules[rule.code] === undefined ? r.severity : severity, r)),
    };
    rule.checkFile?.(file, ctx);
    // Templated documents have no objects (parse.ts): only file-level rules speak about them.
    if (rule.checkObject) {
      for (const obj of file.objects) {
        if (rule.appliesTo && !rule.appliesTo(obj)) continue;
        // Validation runs once per object (shared with the model's isRejected); other rules run here.
        if (rule.validation) {
          for (const { code, severity: _severity, rejects: _rejects, ...report } of objectProblems(obj, options)) if (code === rule.code) ctx.report(report);
        } else rule.checkObject(obj, ctx);
      }
    }
  }
  return findings.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code));
}

function toFinding(uri: string, code: string, severity: Severity, r: Report): Finding {
  const f: Finding = { uri: r.uri ?? uri, span: r.span, code, severity, message: r.message };
  if (r.related) f.related = r.related;
  if (r.tags) f.tags = r.tags;
  if (r.fixes && r.fixes.length > 0) f.fixes = r.fixes;
  if (r.data !== undefined) f.data = r.data;
  return f;
}
