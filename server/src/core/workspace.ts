// Whole-workspace analysis: the model plus per-file findings and the findings of workspace rules.
import { effectiveSeverity, withoutAbsenceFindings } from './analyze.ts';
import { cachedFileFindings, fileFindings } from './file-findings.ts';
import { buildModelSteps } from './model/build.ts';
import { spliceModelSteps } from './model/splice.ts';
import { carrySelectionSteps } from './policy/carry.ts';
import { inGatewayGroup } from './kinds/gateway/read-gateway.ts';
import { createModelCache, extractCached, type ModelCache } from './model/extract.ts';
import type { Model } from './model/types.ts';
import { sameModelOptions, type Options } from './options.ts';
import type { ParsedFile } from './parse/parse.ts';
import { hasTrees } from './parse/skeleton.ts';
import type { Report } from './rules/rule.ts';
import { routingSteps } from './routing/index.ts';
import { WORKSPACE_RULES } from './rules/workspace-index.ts';
import { selectionMemo, warmSelectionSteps } from './policy/warm.ts';
import { keepModel, namespaceNames, treelessMarks, offerVerdicts, policyIds, policyReuse, reusedFindings, reusePlan, samePolicies, scopeKey, widen, type ModelPart, type PolicyIds, type PolicyReuse, type RuleRecord } from './rejudge.ts';
import { finish } from './steps.ts';
import type { Finding, Severity } from './types.ts';

/** A report of a workspace rule names its file (it may speak about any file of the workspace). */
export interface WorkspaceReport extends Report {
  uri: string;
}

export interface WorkspaceRuleContext {
  readonly options: Options;
  readonly model: Model;
  /** Parsed files by uri (to read text or nodes around a span). */
  readonly files: ReadonlyMap<string, ParsedFile>;
  /** A scoped analysis' files (only their findings are wanted); undefined: every file's. */
  readonly scope?: ReadonlySet<string>;
  /**
   * Whether to build the fixes of a finding whose edits read `file`'s YAML trees: not when nobody reads fixes
   * (`netlens check`, WorkspaceCache.fixes) nor in a file kept without its trees (a closed file in the editor,
   * core/offload.ts), which would be parsed again for them; the editor asks code actions of open documents only,
   * whose parses keep their trees.
   */
  fixesIn(file: ParsedFile | undefined): boolean;
  report(r: WorkspaceReport): void;
}

/** A semantic rule over the whole model (registered in rules/workspace-index.ts). */
export interface WorkspaceRule {
  /** Kebab-case id: equals the file name, the diagnostic code and the doc page name. */
  readonly code: string;
  readonly defaultSeverity: Severity;
  readonly description: string;
  checkWorkspace(model: Model, files: ReadonlyMap<string, ParsedFile>, ctx: WorkspaceRuleContext): void;
  /**
   * checkWorkspace, stopping between items (core/steps.ts): a sliced analysis runs this one when the rule has it.
   * The rule's checkWorkspace is then finish() of it, so both report the same findings in the same order.
   */
  checkWorkspaceSteps?(model: Model, files: ReadonlyMap<string, ParsedFile>, ctx: WorkspaceRuleContext): Generator<void, void, void>;
  /** The rule reads routingOf: a sliced analysis builds that (memoised) beforehand, in slices, instead of inside the rule. */
  readonly readsRouting?: boolean;
  /**
   * The rule reports only at Gateway API objects (routes, Gateways, ReferenceGrants), in the files they are written
   * in: a scoped analysis whose files hold no object of that group does not run it, nor build the routing model for
   * it (the server reads only the scope's findings of a scoped analysis).
   */
  readonly atGatewayApi?: boolean;
  /**
   * Every model table the rule's findings depend on (besides the Options and the text of the objects it reports
   * at), when the rule can say: after an edit that changed none of them, its previous findings are reused, moved
   * (core/rejudge.ts). Undefined: judged after every edit.
   */
  readonly reads?: readonly ModelPart[];
  /** Tables the rule reads only to word its findings (with none before, none after an edit of these alone). */
  readonly words?: readonly ModelPart[];
  /**
   * The rule judges each policy on its own: a finding is about one policy of `model.policies`/`policyIR`, lies in
   * that policy's object (span; related places and fixes may be elsewhere), and depends only on that policy and
   * the tables of `reads` other than the policy table (never on another policy). After an edit that changed
   * policies only, the rule is judged over the policies of the edited documents and keeps the others' findings.
   */
  readonly perPolicy?: boolean;
}

/** Adapter-owned memo across analyses: model extraction and file findings of unchanged ParsedFiles. */
export interface WorkspaceCache {
  model: ModelCache;
  /** Per file, its raw file findings (analyze.ts rawFileFindings): they hold for options equal but in severities. */
  findings: WeakMap<ParsedFile, { options: Options; findings: Finding[] }>;
  /** The last model built, for the same file list and Options (a document's analysis and hover's share it). */
  last?: { files: readonly ParsedFile[]; options: Options; model: Model };
  /** false: the analyses through this cache build no fixes in the workspace rules (nobody reads them). */
  fixes?: false;
}

export function createWorkspaceCache(opts: { fixes?: false } = {}): WorkspaceCache {
  return { model: createModelCache(), findings: new WeakMap(), ...opts };
}

/**
 * Does one file's share of a later analyzeWorkspace now, kept in the cache: its model extract, and with
 * `findings` its file rules too. An adapter indexing thousands of files calls it between yields, so the
 * analysis that follows only assembles.
 */
export function prepareFile(file: ParsedFile, options: Options, cache: WorkspaceCache, findings = true): void {
  extractCached(file, options, cache.model);
  if (findings) fileFindings(file, options, cache);
}

export interface WorkspaceAnalysis {
  model: Model;
  /** Findings per uri (every file of the input has an entry, possibly empty). Read-only: lists may be shared with the cache. */
  findings: Map<string, Finding[]>;
  /** Workspace rules that threw (a bug, never the user's input): the adapters log them. */
  ruleErrors: { code: string; error: unknown }[];
  /** Each rule's findings, for the next analysis after an edit of one file (analyzeWorkspaceSteps `previous`). */
  rules?: RuleRecord;
  /** Rules whose findings were reused from `previous` instead of judged (tests and the bench count them). */
  reused?: string[];
  /** Per-policy rules judged over the edited documents' policies only, the rest reused (core/rejudge.ts policyReuse). */
  narrowed?: string[];
}

/**
 * Analyses a set of parsed files as one workspace. Never throws on user input.
 * `scope`: only policies of these files are judged by the workspace rules, and only these files' file rules run
 * (the whole workspace still forms the model), so an editor can refresh one document's diagnostics after a
 * keystroke, or show the first ones while indexing, without judging every file of a large repository; findings
 * of other files are then incomplete.
 */
export function analyzeWorkspace(
  files: readonly ParsedFile[],
  options: Options,
  cache?: WorkspaceCache,
  workspaceRules: readonly WorkspaceRule[] = WORKSPACE_RULES,
  scope?: ReadonlySet<string>,
  previous?: RuleRecord,
): WorkspaceAnalysis {
  return finish(analyzeWorkspaceSteps(files, options, cache, workspaceRules, scope, previous));
}

/** Files whose file-rule findings are gathered between two stops of analyzeWorkspaceSteps. */
const FILES_PER_STEP = 16;

/**
 * analyzeWorkspace, stopping (core/steps.ts) between files of the model build, of the routing model and of the
 * file findings, and between workspace rules: the language server drives it on the event loop (lsp/slices.ts), so
 * a hover is answered while a large workspace is analysed. The result is the same as analyzeWorkspace's.
 * `previous`: the `rules` of the analysis before an edit of one of `files` (the rest the same objects): rules that
 * read nothing the edit changed are not judged again, their findings are moved (core/rejudge.ts).
 */
export function* analyzeWorkspaceSteps(
  files: readonly ParsedFile[],
  options: Options,
  cache?: WorkspaceCache,
  workspaceRules: readonly WorkspaceRule[] = WORKSPACE_RULES,
  scope?: ReadonlySet<string>,
  previous?: RuleRecord,
): Generator<void, WorkspaceAnalysis, void> {
  // Before any stop: the edited file's parse is current now (its fingerprint is taken).
  const reuse = reusePlan(previous, files, options, scope);
  // The same list object under the same Options is the same workspace (an adapter keeps the list while no file
  // changed): its model, indexes and selections are built once.
  const last = cache?.last;
  // Settings that differ in rule severities only build the same model (options.ts sameModelOptions).
  const sameInputs = last && last.files === files && sameModelOptions(last.options, options);
  // After an edit of one file that changed only its objects' contents, the previous model with them replaced.
  const spliced = !sameInputs && last && cache && sameModelOptions(last.options, options) ? yield* spliceModelSteps(last.model, files, options, cache.model) : undefined;
  const model = sameInputs ? last.model : (spliced ?? (yield* buildModelSteps(files, options, cache?.model)));
  // After an edit that left workloads and namespaces as they were (a policy edited), selections carry over.
  if (last && !sameInputs && sameModelOptions(last.options, options)) yield* carrySelectionSteps(last.model, model);
  if (cache) cache.last = { files, options, model };
  const ruleErrors: WorkspaceAnalysis['ruleErrors'] = [];
  const findings = new Map<string, Finding[]>();
  const byUri = new Map<string, ParsedFile>();
  for (const [i, file] of files.entries()) {
    if (i > 0 && i % FILES_PER_STEP === 0) yield;
    byUri.set(file.uri, file);
    // Shared with the cache: a list is copied only when a workspace rule adds to it (see `report`). A scoped
    // analysis runs the file rules of its scope only (out of scope: what the cache holds, else nothing).
    const list = !scope || scope.has(file.uri) ? fileFindings(file, options, cache) : (cachedFileFindings(file, options, cache) ?? []);
    // A kustomize patch file is a partial object: what it lacks is the base's (analyze.ts withoutAbsenceFindings).
    findings.set(file.uri, model.kustomizePatches?.has(file.uri) ? withoutAbsenceFindings(list) : list);
  }
  const owned = new Set<string>();
  if (reuse) widen(reuse, model);
  let idsOf: PolicyIds | undefined;
  const ids = (): PolicyIds => (idsOf ??= policyIds(model));
  // Asked by every per-policy rule and the verdict carry: compared once (10 comparisons of 8,000 identities took
  // 30 ms at once in the 4.7 MB near-limit file).
  let same: boolean | undefined;
  const unchanged = (): boolean => (same ??= reuse !== undefined && samePolicies(ids(), reuse.record.policies));
  // Pods' egress verdicts of the previous analysis that an edit of policies only left as they were (rejudge.ts).
  offerVerdicts(reuse, model, unchanged);
  const byRule = new Map<string, Finding[]>();
  const reused: string[] = [];
  const push = (f: Finding): void => {
    let list = findings.get(f.uri);
    if (!owned.has(f.uri)) {
      list = list ? [...list] : [];
      findings.set(f.uri, list);
      owned.add(f.uri);
    }
    list?.push(f);
  };
  // No Gateway API object in the scope's files: the routing rules have nothing to say there. An open policy file's
  // analysis then builds no routing model (half a second of a 2,000-file cold index).
  const routeless = scope !== undefined && ![...scope].some((uri) => byUri.get(uri)?.objects.some(inGatewayGroup));
  const enabled = workspaceRules.filter((r) => effectiveSeverity(r, options) && !(routeless && r.atGatewayApi));
  const again = new Map(enabled.map((r) => [r, reusedFindings(reuse, r)]));
  const judged = enabled.filter((r) => !again.get(r));
  const narrow = new Map<WorkspaceRule, PolicyReuse>();
  for (const r of judged) {
    const n = policyReuse(reuse, r, model, unchanged);
    if (n) narrow.set(r, n);
    // Each looks at every finding the rule reported before (5,000 in the near-limit file).
    if (reuse) yield;
  }
  // What the first stepped rule would build at once over the whole model (label indexes, the inverted selection),
  // in steps; rules judged in one go build what they read in one go anyway. Rules judged over a few policies
  // read a few selections.
  if (judged.some((r) => r.checkWorkspaceSteps && !narrow.has(r))) yield* warmSelectionSteps(model);
  // Rules iterate `policies` to judge them; isolation and selections read the full tables, which stay.
  // The view shares the model's selection memos (they read the tables only); memoised per-analysis results of the
  // rules get their own: they must never mix scoped and whole-workspace runs.
  const inScope = (p: { origin: Model['policies'][number]['origin'] }) => p.origin.kind === 'file' && scope !== undefined && scope.has(p.origin.uri);
  const ruleModel: Model = scope ? { ...model, policies: model.policies.filter(inScope), policyIR: model.policyIR.filter(inScope), memo: selectionMemo(model) } : model;
  // The per-policy rules' view after an edit of policies only: the edited documents' policies (the same for every
  // such rule), with memos of its own like the scoped view's.
  let narrowModel: Model | undefined;
  const narrowed: string[] = [];
  // The routing model the routing rules read (memoised on `byUri`, for the model they see), built in slices first.
  // Unknown until built: a later analysis reuses routing rules only when this one saw no routing object.
  let routed = true;
  if (judged.some((r) => r.readsRouting)) {
    try {
      const { gw } = yield* routingSteps(ruleModel, byUri, options);
      routed = gw.gateways.length > 0 || gw.routes.length > 0 || gw.grants.length > 0;
    } catch {
      // Reported by the rules that read it (each calls routingOf, which fails the same way, into ruleErrors).
    }
  }
  for (const rule of workspaceRules) {
    const severity = effectiveSeverity(rule, options);
    if (!severity) continue;
    if (routeless && rule.atGatewayApi) {
      byRule.set(rule.code, []);
      continue;
    }
    const kept = again.get(rule);
    if (kept) {
      // Read nothing the edit changed: what it reported before, in the same order, at the moved offsets.
      byRule.set(rule.code, kept);
      for (const f of kept) push(f);
      reused.push(rule.code);
      continue;
    }
    yield;
    const mine: Finding[] = [];
    byRule.set(rule.code, mine);
    const n = narrow.get(rule);
    let seen = ruleModel;
    if (n) {
      // The other policies' findings, moved; the rule then reports those of the edited documents' policies.
      for (const f of n.kept) {
        mine.push(f);
        push(f);
      }
      seen = narrowModel ??= { ...ruleModel, policies: ruleModel.policies.filter(n.judged), policyIR: ruleModel.policyIR.filter(n.judged), memo: selectionMemo(model) };
      narrowed.push(rule.code);
    }
    const ctx: WorkspaceRuleContext = {
      options,
      model: seen,
      files: byUri,
      ...(scope ? { scope } : {}),
      fixesIn: (file) => cache?.fixes !== false && file !== undefined && hasTrees(file),
      report: (r) => {
        const sev = r.severity && options.rules[rule.code] === undefined ? r.severity : severity;
        const f: Finding = { uri: r.uri, span: r.span, code: rule.code, severity: sev, message: r.message };
        if (r.related) f.related = r.related;
        if (r.tags) f.tags = r.tags;
        if (r.fixes && r.fixes.length > 0) f.fixes = r.fixes;
        if (r.data !== undefined) f.data = r.data;
        mine.push(f);
        push(f);
      },
    };
    try {
      if (rule.checkWorkspaceSteps) yield* rule.checkWorkspaceSteps(seen, byUri, ctx);
      else rule.checkWorkspace(seen, byUri, ctx);
    } catch (error) {
      // A workspace rule bug must not take the other diagnostics down; the adapter logs it.
      ruleErrors.push({ code: rule.code, error });
      byRule.delete(rule.code);
    }
  }
  // File findings come sorted from checkFile; only lists that workspace rules added to need sorting again.
  for (const uri of owned) findings.get(uri)?.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code));
  // No routing rule judged: routing rules reused (the routing objects are the previous ones) or none enabled.
  if (!judged.some((r) => r.readsRouting)) routed = reuse ? reuse.record.routed : true;
  const rules: RuleRecord = { options, files, scope: scopeKey(scope), byRule, namespaces: namespaceNames(model), covered: model.kustomizeCovered, routed, policies: ids() };
  if (cache?.fixes !== false) rules.treeless = treelessMarks(files);
  keepModel(rules, model, reuse);
  return { model, findings, ruleErrors, rules, reused, narrowed };
}
