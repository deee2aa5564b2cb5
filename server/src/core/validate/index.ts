// Validity decided once: every problem the API server (or the Cilium agent) rejects and what the schema flags,
// per object and memoised, so the diagnostics and the model's "rejected, so it has no effect" never disagree.
import { sameModelOptions, type Options } from '../options.ts';
import { carriedFrom, consumed } from '../parse/incremental.ts';
import { fileOfObject, type ManifestObject, type ParsedFile } from '../parse/parse.ts';
import { shiftReport } from '../shift.ts';
import { slot } from '../slots.ts';
import { RULES } from '../rules/index.ts';
import { forgetSchemaFindings } from '../schema/walk.ts';
import type { Report, Rule, RuleContext } from '../rules/rule.ts';
import type { Span } from '../source.ts';
import type { Fix, RelatedInfo, Severity } from '../types.ts';

export interface Problem {
  code: string;
  severity: Severity;
  message: string;
  span: Span;
  fixes?: Fix[];
  data?: unknown;
  related?: RelatedInfo[];
  /** Another file, when the problem belongs elsewhere (rare for object validation). */
  uri?: string;
  tags?: ('unnecessary' | 'deprecated')[];
  /** True when this problem makes the object rejected (see isRejected). */
  rejects?: boolean;
}

/**
 * The rules that judge one object against its API (Rule.validation set), in registry order. Taken on first use:
 * the rule registry and this module import each other through the kind registry (rules ask it for fixes).
 */
let validationRules: readonly Rule[] | undefined;
function rulesOfValidation(): readonly Rule[] {
  validationRules ??= RULES.filter((r) => r.validation !== undefined && r.checkObject !== undefined);
  return validationRules;
}

// One slot per object: options rarely change between analyses, and options that differ in more than rule severities
// recompute (a problem's severity is its rule's default: what the user configured applies in analyze.ts).
// Lifetime: the parsed object's (a slot on it, core/slots.ts: no ephemeron for the full GC to mark).
const MEMO = slot<ManifestObject, { options: Options; problems: readonly Problem[] }>();

/** Every problem the API server (or the Cilium agent) would reject, and what the schema flags; memoised per object. */
export function objectProblems(obj: ManifestObject, options: Options): readonly Problem[] {
  const hit = MEMO.get(obj);
  if (hit && sameModelOptions(hit.options, options)) return hit.problems;
  // An object of a document the last edit did not touch: its previous problems, moved with it.
  const carried = carriedFrom(obj);
  const before = carried && MEMO.get(carried.from);
  const file = fileOfObject(obj);
  const problems = before && sameModelOptions(before.options, options) ? before.problems.map((p) => shiftReport(p, carried.delta, obj.uri)) : file ? run(obj, file, options) : [];
  // Not kept for a parse an edit consumed: its later documents now lie at the new text's offsets, and the new parse's
  // objects would move what was read from them a second time (analyze.ts and model/extract.ts keep nothing either).
  if (!consumed(file)) MEMO.set(obj, { options, problems });
  return problems;
}

/**
 * Records problems computed elsewhere (another thread's parse of the same text) for `obj`, as objectProblems
 * would have computed them: the adapter that offloads validation hands them back here (core/offload.ts).
 */
export function seedObjectProblems(obj: ManifestObject, options: Options, problems: readonly Problem[]): void {
  MEMO.set(obj, { options, problems });
}

/** True when the API server or the agent rejects the object: it is never stored or enforced. */
export function isRejected(obj: ManifestObject, options: Options): boolean {
  return objectProblems(obj, options).some((p) => p.rejects === true);
}

/** The messages of the problems that make the object rejected (the model's reasons, shown in verdict notes). */
export function rejectionReasons(obj: ManifestObject, options: Options): string[] {
  return objectProblems(obj, options)
    .filter((p) => p.rejects === true)
    .map((p) => p.message);
}

function run(obj: ManifestObject, file: ParsedFile, options: Options): Problem[] {
  const out: Problem[] = [];
  for (const rule of rulesOfValidation()) {
    if (rule.appliesTo && !rule.appliesTo(obj)) continue;
    const ctx: RuleContext = { file, options, report: (r: Report) => out.push(toProblem(rule, r)) };
    try {
      rule.checkObject?.(obj, ctx);
    } catch {
      // A validation bug must not take the other problems (or the model) down; the object keeps what was found.
    }
  }
  // The rules' shared schema walk is this object's: its record need not outlive the object's rules.
  forgetSchemaFindings();
  return out;
}

function toProblem(rule: Rule, r: Report): Problem {
  const p: Problem = { code: rule.code, severity: rule.defaultSeverity, message: r.message, span: r.span };
  if (r.fixes && r.fixes.length > 0) p.fixes = r.fixes;
  if (r.data !== undefined) p.data = r.data;
  if (r.related) p.related = r.related;
  if (r.uri) p.uri = r.uri;
  if (r.tags) p.tags = r.tags;
  if (rule.validation === 'rejects' && r.rejects !== false) p.rejects = true;
  return p;
}
