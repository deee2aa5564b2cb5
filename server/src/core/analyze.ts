// Runs the rules over one parsed file and applies the severities the user configured; per-object findings are
// memoised and carried over to the next parse of an unchanged document.
import { sameModelOptions, type Options } from './options.ts';
import { carriedFrom, consumed } from './parse/incremental.ts';
import type { ManifestObject, ParsedFile } from './parse/parse.ts';
import { shiftReport } from './shift.ts';
import { slot } from './slots.ts';
import { RULES, RULES_BY_CODE } from './rules/index.ts';
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
  return judgeFindings(rawFileFindings(file, options, rules), options);
}

/**
 * checkFile's findings before the configured severities: every rule runs, each finding at its report's own
 * severity or its rule's default. Nothing a rule finds depends on `options.rules` (only whether and how loudly it is
 * shown), so these hold for any settings that differ in severities only (options.ts sameModelOptions), and a
 * settings change of severities re-judges a file from them without reading its trees (a closed file kept without
 * them: core/offload.ts). Sorted by position, then code.
 */
export function rawFileFindings(file: ParsedFile, options: Options, rules: readonly Rule[] = RULES): Finding[] {
  const findings: Finding[] = [];
  let incomplete = false;
  for (const rule of rules) {
    if (!rule.checkFile) continue;
    const check = rule.checkFile;
    incomplete = guarded(rule, options, () => check(file, { file, options, report: (r: Report) => findings.push(toFinding(file.uri, rule.code, r.severity ?? rule.defaultSeverity, r)) })) || incomplete;
  }
  // Templated documents have no objects (parse.ts): only file-level rules speak about them.
  for (const obj of file.objects) {
    const list = objectFindings(file, obj, options, rules);
    if (INCOMPLETE.has(list)) incomplete = true;
    for (const f of list) findings.push(f);
  }
  findings.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code));
  if (incomplete) INCOMPLETE.add(findings);
  return findings;
}

// Raw lists in which a rule the options turn off threw (a bug in NetLens, never the user's input): kept by no cache,
// so that turning the rule on later runs it again rather than reading a list without its findings. Rare: weakly held.
const INCOMPLETE = new WeakSet<readonly Finding[]>();

/** Whether a raw list (rawFileFindings) lacks the findings of a rule that threw: caches must not keep it. */
export function isIncomplete(raw: readonly Finding[]): boolean {
  return INCOMPLETE.has(raw);
}

/**
 * Runs one rule. A rule the options turn on fails as before (the adapters log it); one they turn off, which ran only
 * because raw findings hold every rule's, must not take the others down: true when it threw.
 */
function guarded(rule: Rule, options: Options, run: () => void): boolean {
  try {
    run();
    return false;
  } catch (error) {
    if (effectiveSeverity(rule, options)) throw error;
    return true;
  }
}

/**
 * Raw findings (rawFileFindings) as the configured severities show them: a rule set to `off` says nothing, a rule
 * given a severity speaks at it whatever its report said, and an unconfigured rule keeps its report's own severity
 * (a weaker or stronger case) or its default. Order kept; findings that stay as they were are the same objects.
 */
export function judgeFindings(raw: readonly Finding[], options: Options): Finding[] {
  const out: Finding[] = [];
  for (const f of raw) {
    const s = Object.hasOwn(options.rules, f.code) ? options.rules[f.code] : undefined;
    if (s === 'off') continue;
    out.push(s === undefined || s === f.severity ? f : { ...f, severity: s });
  }
  return out;
}

/** Objects checked between two stops of warmObjectFindings. */
const OBJECTS_PER_STOP = 5;

/**
 * checkFile's per-object work done ahead, stopping (`yield`) every few objects: for a large file an adapter warms
 * the cache between requests, and checkFile then only runs the file-level rules and assembles. It ends early when
 * the next version's parse consumed `file` during a stop: objectFindings keeps nothing for a consumed parse, so the
 * rest would be checked for nothing.
 */
export function* warmObjectFindings(file: ParsedFile, options: Options): Generator<void, void, void> {
  for (const [i, obj] of file.objects.entries()) {
    // Every few objects: 20 of the 4.7 MB near-limit file's took 18-21 ms at once before the code was optimised.
    if (i > 0 && i % OBJECTS_PER_STOP === 0) {
      yield;
      if (consumed(file)) return;
    }
    objectFindings(file, obj, options, RULES);
  }
}

// Per object: findings of the object-level rules (default rule set only), carried over to the next parse of an
// unchanged document (parse/incremental.ts) with its offsets shifted, so an edit re-checks only what it touched.
// Lifetime: the parsed object's (a slot on it, core/slots.ts: no ephemeron for the full GC to mark).
// Raw (rawFileFindings): kept under any options that differ in severities only.
const OBJECT_FINDINGS = slot<ManifestObject, { options: Options; findings: readonly Finding[] }>();

function objectFindings(file: ParsedFile, obj: ManifestObject, options: Options, rules: readonly Rule[]): readonly Finding[] {
  const cacheable = rules === RULES;
  // Nothing new is kept for a parse an edit consumed (see objectProblems): its moved documents' findings would be
  // moved again by the new parse's objects.
  const keep = cacheable && !consumed(file);
  if (cacheable) {
    const hit = OBJECT_FINDINGS.get(obj);
    if (hit && sameModelOptions(hit.options, options)) return hit.findings;
    const carried = carriedFrom(obj);
    const before = carried && OBJECT_FINDINGS.get(carried.from);
    if (carried && before && sameModelOptions(before.options, options)) {
      const moved = before.findings.map((f) => shiftReport(f, carried.delta, file.uri));
      if (keep) OBJECT_FINDINGS.set(obj, { options, findings: moved });
      return moved;
    }
  }
  const findings: Finding[] = [];
  // Validation runs once per object (shared with the model's isRejected), its problems grouped by code once. A
  // validation rule gets no context: most find nothing, and 26 of them per object made a context and closure each.
  let problems: Map<string, ReturnType<typeof objectProblems>[number][]> | undefined;
  let incomplete = false;
  for (const rule of objectRules(rules)) {
    if (rule.appliesTo && !rule.appliesTo(obj)) continue;
    if (rule.validation) {
      problems ??= byCode(objectProblems(obj, options));
      // A problem's severity is its rule's default (validate/index.ts toProblem).
      for (const { code: _code, severity: _severity, rejects: _rejects, ...report } of problems.get(rule.code) ?? []) {
        findings.push(toFinding(file.uri, rule.code, rule.defaultSeverity, report));
      }
    } else {
      const ctx: RuleContext = { file, options, report: (r: Report) => findings.push(toFinding(file.uri, rule.code, r.severity ?? rule.defaultSeverity, r)) };
      incomplete = guarded(rule, options, () => rule.checkObject?.(obj, ctx)) || incomplete;
    }
  }
  if (incomplete) INCOMPLETE.add(findings);
  else if (keep) OBJECT_FINDINGS.set(obj, { options, findings });
  return findings;
}

// Per rule list, the object rules: filtering 43 rules for each object (8,000 objects of the 4.7 MB file) was
// 80 ms of objectFindings' own time at open.
const OBJECT_RULES = new WeakMap<readonly Rule[], Rule[]>();

function objectRules(rules: readonly Rule[]): Rule[] {
  let list = OBJECT_RULES.get(rules);
  if (!list) OBJECT_RULES.set(rules, (list = rules.filter((r) => r.checkObject !== undefined)));
  return list;
}

function byCode<T extends { code: string }>(problems: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const p of problems) {
    const list = out.get(p.code);
    if (list) list.push(p);
    else out.set(p.code, [p]);
  }
  return out;
}

/**
 * A kustomize patch file's findings without those of the rules that judge what an object lacks (Rule.judgesAbsence):
 * a patch states only what it changes, so its missing spec or selector is the base's, not a mistake. Both adapters
 * call it for the files the model lists in kustomizePatches, so the editor and `check` agree.
 */
export function withoutAbsenceFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => RULES_BY_CODE.get(f.code)?.judgesAbsence !== true);
}

function toFinding(uri: string, code: string, severity: Severity, r: Report): Finding {
  const f: Finding = { uri: r.uri ?? uri, span: r.span, code, severity, message: r.message };
  if (r.related) f.related = r.related;
  if (r.tags) f.tags = r.tags;
  if (r.fixes && r.fixes.length > 0) f.fixes = r.fixes;
  if (r.data !== undefined) f.data = r.data;
  return f;
}
