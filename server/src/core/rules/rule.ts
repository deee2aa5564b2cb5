// The shape every rule has: a stable code, a default severity, and a check over a file or an object.
import type { ManifestObject, ParsedFile } from '../parse/parse.ts';
import type { Options } from '../options.ts';
import type { Span } from '../source.ts';
import type { Fix, RelatedInfo, Severity } from '../types.ts';

export interface Report {
  span: Span;
  message: string;
  /** Another file, when the finding belongs to a different file than the one being checked. */
  uri?: string;
  related?: RelatedInfo[];
  tags?: ('unnecessary' | 'deprecated')[];
  fixes?: Fix[];
  /** Payload a quick fix needs (JSON-serialisable). */
  data?: unknown;
  /** A weaker (or stronger) case than the rule's default; a severity the user configured still wins. */
  severity?: Severity;
  /**
   * `false` on a finding of a `rejects` rule that some supported API server versions still accept (a stricter
   * version refuses it): the model keeps the object, the diagnostic stays.
   */
  rejects?: false;
}

export interface RuleContext {
  readonly file: ParsedFile;
  readonly options: Options;
  report(r: Report): void;
}

export interface Rule {
  /** Kebab-case id: equals the file name, the diagnostic code and the doc page name. */
  readonly code: string;
  readonly defaultSeverity: Severity;
  /** One sentence, shown in the rules index and used by tests to make sure every rule is documented. */
  readonly description: string;
  /**
   * Set on the rules that judge one object against its API (validate/index.ts runs them once per object):
   * `rejects` when a finding means the API server or the Cilium agent refuses the object (it is never stored or
   * enforced), `schema` when the schema flags it but the object may still be stored (an unknown field is pruned).
   */
  readonly validation?: 'rejects' | 'schema';
  /**
   * Reports what an object lacks (a spec, a selector, a label), not what it writes: on a kustomize patch file, which
   * states only what it changes, such a finding is wrong, and the workspace analysis drops it there
   * (analyze.ts withoutAbsenceFindings).
   */
  readonly judgesAbsence?: true;
  /** Sees the whole parsed file (syntax, templates). */
  checkFile?(file: ParsedFile, ctx: RuleContext): void;
  /** Sees each object that `appliesTo` accepts. */
  appliesTo?(obj: ManifestObject): boolean;
  checkObject?(obj: ManifestObject, ctx: RuleContext): void;
}

/** Where a rule's documentation lives, relative to the extension (and repository) root. */
export function ruleDocPath(code: string): string {
  return `docs/rules/${code}.md`;
}
