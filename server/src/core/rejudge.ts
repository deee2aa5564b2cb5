// Re-judging after an edit of one file: which workspace rules' findings of the previous analysis still hold. A rule
// declares the model tables it reads (WorkspaceRule.reads); the edit's changed objects (fingerprint keys) say which
// tables it may have changed; a rule reading none of them would report what it reported, at moved offsets. A rule
// whose findings are per policy (WorkspaceRule.perPolicy) keeps, after an edit of policies only, the findings of the
// policies outside the edited documents and is judged over the policies inside them.
import { fingerprint, keyAt, printOf, sameAt, type ObjectPart } from './fingerprint.ts';
import { policiesIn } from './model/build.ts';
import type { Model, Origin, Workload } from './model/types.ts';
import { subjectOf, subjectSelects } from './policy/select.ts';
import type { PolicySubject } from './policy/types.ts';
import { consumed } from './parse/incremental.ts';
import type { Options } from './options.ts';
import type { ParsedFile } from './parse/parse.ts';
import { hasTrees } from './parse/skeleton.ts';
import { editRegion, mapFindings, touchesRegion, type EditRegion } from './shift.ts';
import type { Finding } from './types.ts';
import type { WorkspaceRule } from './workspace.ts';

/** The model tables a rule may declare it reads (Model.namespaces, workloads, services, policies with policyIR). */
export type ModelPart = 'namespace' | 'workload' | 'service' | 'policy';

/** What an analysis keeps so the next one, after an edit of one of its files, can reuse rules' findings. */
export interface RuleRecord {
  options: Options;
  /** The input list analysed (the adapter keeps the same list: no file is held longer for this). */
  files: readonly ParsedFile[];
  /** The scope's uris, sorted and joined ('' for the whole workspace, '\u0000*' with no scope). */
  scope: string;
  /** Each rule's findings in the order it reported them; a rule that threw has none (it is judged again). */
  byRule: Map<string, Finding[]>;
  /** The model's namespace names in table order (a changed Service or workload can add or drop one). */
  namespaces: string;
  /** Whether the routing model held a Gateway, route or ReferenceGrant (true when it was not built or failed). */
  routed: boolean;
  /** Files the kustomize builds read (their objects exist as copies: an edit of one changes others). */
  covered: ReadonlySet<string> | undefined;
  /** The model's policy identities in table order (policyIds): per-policy reuse needs the same policies. */
  policies: PolicyIds;
  /**
   * Per file of `files`, 1 when it had no YAML trees as the rules judged it: the workspace rules built no fixes in
   * it (WorkspaceRuleContext.fixesIn). Undefined when no analysis through this cache builds fixes.
   */
  treeless?: Uint8Array;
}

/** RuleRecord.treeless of `files`. */
export function treelessMarks(files: readonly ParsedFile[]): Uint8Array {
  const out = new Uint8Array(files.length);
  for (let i = 0; i < files.length; i++) if (!hasTrees(files[i] as ParsedFile)) out[i] = 1;
  return out;
}

/** An edit that rules may be judged around: where it is and which tables it may have changed. */
export interface Reuse {
  record: RuleRecord;
  region: EditRegion;
  changed: Set<ModelPart>;
  /** The edited file's parse the record analysed (its objects keep the offsets and readings of before the edit). */
  before: ParsedFile;
}

export function scopeKey(scope: ReadonlySet<string> | undefined): string {
  return scope ? [...scope].sort().join('\u0000') : '\u0000*';
}

/**
 * The reuse an analysis of `files` may make of `record`: exactly one file differs (the same uri, the rest the
 * same objects in the same order), under the same Options and scope; both parses' fingerprints agree on the file
 * as a whole and on the number of objects, and every changed object feeds one of the model tables. Undefined
 * otherwise (then every rule is judged). The edited file's parse must be current (its fingerprint is taken).
 */
export function reusePlan(record: RuleRecord | undefined, files: readonly ParsedFile[], options: Options, scope: ReadonlySet<string> | undefined): Reuse | undefined {
  if (!record || record.options !== options || record.scope !== scopeKey(scope) || record.files.length !== files.length) return undefined;
  let before: ParsedFile | undefined;
  let after: ParsedFile | undefined;
  let at = -1;
  for (let i = 0; i < files.length; i++) {
    const a = record.files[i] as ParsedFile;
    const b = files[i] as ParsedFile;
    if (a === b) continue;
    if (after || a.uri !== b.uri) return undefined;
    before = a;
    after = b;
    at = i;
  }
  // A parse a newer edit consumed has moved documents: its fingerprint would not be what it read.
  if (!before || !after || record.covered?.has(after.uri) || consumed(after)) return undefined;
  // A file judged without its trees had no fixes built in it (WorkspaceRuleContext.fixesIn): once it has them (a
  // closed file opened), its findings are judged again rather than moved without their fixes.
  if (record.treeless?.[at] === 1 && hasTrees(after)) return undefined;
  const old = printOf(before, options);
  if (!old) return undefined;
  const now = fingerprint(after, options);
  if (old.head !== now.head || old.objects.length !== now.objects.length) return undefined;
  const changed = new Set<ModelPart>();
  // Objects carried over the edit are the same without keying them (fingerprint.ts sameAt); the others are keyed.
  for (let i = 0; i < now.objects.length; i++) {
    const same = sameAt(old, now, i);
    if (same === true) continue;
    const parts = same === false ? [keyAt(old, i)?.part, keyAt(now, i)?.part] : [];
    for (const part of parts) {
      // Objects no model reader takes are read whole by the routing model and the kustomize builds (which
      // place other files' objects): every table may change.
      if (!isModelPart(part)) return undefined;
      changed.add(part);
    }
    // An object that can no longer be keyed: anything may have changed.
    if (parts.length === 0) return undefined;
  }
  const region = editRegion(before, after);
  return region ? { record, region, changed, before } : undefined;
}

function isModelPart(part: ObjectPart | undefined): part is ModelPart {
  return part === 'namespace' || part === 'workload' || part === 'service' || part === 'policy';
}

/** The model's namespace names in table order (RuleRecord.namespaces). */
export function namespaceNames(model: Model): string {
  return [...model.namespaces.keys()].join('\u0000');
}

/**
 * Tables read through others, once the new model is built: a policy's `toServices` peer selects the pods behind
 * Services (so with one in the model, a Service change is a policy change to the connectivity engine), and the
 * namespace table lists every namespace an object names.
 */
export function widen(reuse: Reuse, model: Model): void {
  const { changed } = reuse;
  if (changed.has('service') && model.policyIR.some((p) => p.rules.some((r) => r.peers?.some((x) => x.kind === 'service')))) changed.add('policy');
  if (changed.size > 0 && namespaceNames(model) !== reuse.record.namespaces) changed.add('namespace');
}

/**
 * A rule's previous findings moved over the edit, when they cannot have changed: the rule reads nothing the edit
 * changed (`reads`; the tables it reads only to word a finding, `words`, count when it had findings); or it reports
 * routing issues only (readsRouting) and the routing model had no Gateway, route or ReferenceGrant, which are objects
 * no model table holds, so an edit that changed only tables leaves none (every issue and backend stems from one).
 * The rule must have reported without throwing, and none of its findings may touch the edited region. Undefined:
 * judge it.
 */
export function reusedFindings(reuse: Reuse | undefined, rule: Pick<WorkspaceRule, 'code' | 'reads' | 'words' | 'readsRouting'>): Finding[] | undefined {
  const list = reuse?.record.byRule.get(rule.code);
  if (!reuse || !list) return undefined;
  const unrouted = rule.readsRouting === true && !reuse.record.routed;
  const unread = rule.reads !== undefined && !rule.reads.some((p) => reuse.changed.has(p)) && (list.length === 0 || !rule.words?.some((p) => reuse.changed.has(p)));
  if (!unrouted && !unread) return undefined;
  // Findings name their file (a scoped rule may report into any file); the owner argument is only the fallback.
  return mapFindings(list, reuse.region.uri, reuse.region);
}

/** The model's NetworkPolicies and policies of every kind in table order (RuleRecord.policies). */
export interface PolicyIds {
  np: readonly { id: string }[];
  ir: readonly { kind: string; id: string; specIndex?: number }[];
}

/** Copies of the model's lists (its identities are compared by samePolicies). */
export function policyIds(model: Model): PolicyIds {
  return { np: model.policies.slice(), ir: model.policyIR.slice() };
}

/**
 * Whether two models hold the same policies: identities, in order. Field by field: joining them into one string
 * took 15 ms at once per analysis of the 4.7 MB near-limit file.
 */
export function samePolicies(a: PolicyIds, b: PolicyIds): boolean {
  if (a.np.length !== b.np.length || a.ir.length !== b.ir.length) return false;
  for (let i = 0; i < a.np.length; i++) if (a.np[i]?.id !== b.np[i]?.id) return false;
  for (let i = 0; i < a.ir.length; i++) {
    const x = a.ir[i];
    const y = b.ir[i];
    if (x?.kind !== y?.kind || x?.id !== y?.id || x?.specIndex !== y?.specIndex) return false;
  }
  return true;
}

/** A per-policy rule after an edit of policies only: its findings outside the edited documents, and who to judge. */
export interface PolicyReuse {
  /** The previous findings of policies outside the edited documents, moved over the edit. */
  kept: Finding[];
  /** Whether a policy (by origin) lies in the edited documents: those are judged again. */
  judged: (p: { origin: Origin }) => boolean;
}

/**
 * For a rule declaring `perPolicy` that reusedFindings would judge again: when the edit changed the policy table
 * and no other (after widen), and the model holds the same policies (identities, in order, none merged from
 * duplicates; `samePolicies` says so for `reuse`, worked out once per analysis), its previous findings outside the
 * edited region are kept (moved) and only the policies inside it are judged. A rule's finding lies in its policy's
 * object, so a finding touching the region is one of a policy inside it (dropped, judged again); undefined (judge
 * every policy) when one straddles the region's bounds or a kept finding's related places or fixes touch it.
 */
export function policyReuse(reuse: Reuse | undefined, rule: Pick<WorkspaceRule, 'code' | 'perPolicy'>, model: Model, samePolicies: () => boolean): PolicyReuse | undefined {
  const list = reuse?.record.byRule.get(rule.code);
  // Policies only: a Service change reaches policies through `toServices` peers (widen), namespaces and workloads
  // through selections, for policies outside the edited documents too.
  if (!reuse || !list || rule.perPolicy !== true || reuse.changed.size !== 1 || !reuse.changed.has('policy')) return undefined;
  if (model.duplicates?.length || !samePolicies()) return undefined;
  const r = reuse.region;
  const outside: Finding[] = [];
  for (const f of list) {
    if (f.uri !== r.uri || !touchesRegion(f.span, r)) outside.push(f);
    // Inside the region's documents, never on a bound (an empty span there could be a neighbour's).
    else if (f.span.start < r.from || f.span.end > r.oldTo || (f.span.start === f.span.end && (f.span.start === r.from || f.span.start === r.oldTo))) return undefined;
  }
  const kept = mapFindings(outside, r.uri, r);
  if (!kept) return undefined;
  const to = r.oldTo + r.delta;
  return { kept, judged: (p) => p.origin.kind === 'file' && p.origin.uri === r.uri && p.origin.span.start >= r.from && p.origin.span.end <= to };
}

// Per record: the policy tables (Model.policyIndex) of the model whose verdicts its findings were judged with, and the
// edits since, whose offsets those verdicts do not know: a record moved over a neutral edit (lsp/remap.ts
// movedRecord), or an analysis that reused the rules reading policies (an edit of a Service, say) keeps the older
// model's. Only the tables are kept (the verdicts are memoised on them, rules/ws-dns.ts), not the whole model.
const MODELS = new WeakMap<RuleRecord, { tables: Model['policyIndex']; moves: readonly EditRegion[] }>();

/**
 * Keeps the model `record`'s analysis built: the next analysis may take over the pods' verdicts computed over it
 * (carriedVerdicts). When `reuse` changed none of the tables the policy rules read, they were not judged: the
 * previous model's verdicts still hold, one edit further.
 */
export function keepModel(record: RuleRecord, model: Model, reuse: Reuse | undefined): void {
  const before = reuse && MODELS.get(reuse.record);
  const same = reuse !== undefined && !POLICY_TABLES.some((p) => reuse.changed.has(p));
  if (!before || !same) MODELS.set(record, { tables: model.policyIndex, moves: [] });
  else if (before.moves.length < MAX_MOVES) MODELS.set(record, { tables: before.tables, moves: [...before.moves, reuse.region] });
}

/**
 * Edits a kept model may be away from its record. Every carried verdict's citations are moved over each of them,
 * and a session of keystrokes that never touch a policy table would grow the list without end: past this many, the
 * record keeps no model, and the next analysis that judges the policy rules computes their verdicts anew.
 */
const MAX_MOVES = 64;

/** `moved` is `record` moved over the neutral edit `r`: the model stays, one more edit away. */
export function movedModel(record: RuleRecord, moved: RuleRecord, r: EditRegion): RuleRecord {
  const kept = MODELS.get(record);
  if (kept && kept.moves.length < MAX_MOVES) MODELS.set(moved, { tables: kept.tables, moves: [...kept.moves, r] });
  return moved;
}

/**
 * What pods' egress verdicts of the previous analysis still hold after an edit of policies only: the verdict of a
 * pod no policy of the edited documents selects (before or after the edit) is the previous one, the places of the
 * rules it cites moved over `moves` in order. A pod's egress verdict reads only the policies selecting it (core/
 * connectivity/evaluate.ts: policiesSelecting and invalidSelecting, by subject) and the tables, which the edit did
 * not change.
 */
export interface CarriedVerdicts {
  /** The policy tables of the model the verdicts were computed over (they are memoised on it). */
  tables: Model['policyIndex'];
  moves: readonly EditRegion[];
  /** Whether a policy of the edited documents, before or after the edit, selects the pod. */
  affected(w: Workload): boolean;
}

// Per model (its policyIndex, which the rules' views of the model share): the carries offered, each worked out when
// first asked. Analyses of several open documents share a model, each with its own previous record.
const CARRY = new WeakMap<Model['policyIndex'], (() => CarriedVerdicts | undefined)[]>();

/**
 * Offers the verdicts of the analysis `reuse` names to the rules of the analysis of `model` (carriedVerdicts): when
 * the edit changed the policy table and no other (after widen) and both models hold the same policies (identities
 * in order, none merged; `samePolicies` says so for `reuse`).
 */
export function offerVerdicts(reuse: Reuse | undefined, model: Model, samePolicies: () => boolean): void {
  const kept = reuse && MODELS.get(reuse.record);
  if (!reuse || !kept || reuse.changed.size !== 1 || !reuse.changed.has('policy')) return;
  let plan: CarriedVerdicts | undefined | null = null;
  const offers = CARRY.get(model.policyIndex) ?? [];
  offers.push(() => (plan === null ? (plan = carryPlan(reuse, kept.tables, kept.moves, model, samePolicies)) : plan));
  CARRY.set(model.policyIndex, offers);
}

function carryPlan(reuse: Reuse, tables: Model['policyIndex'], moves: readonly EditRegion[], model: Model, samePolicies: () => boolean): CarriedVerdicts | undefined {
  // Both models hold the same policies, none merged from copies (the previous one's names are in record.policies).
  if (model.duplicates?.length || !samePolicies()) return undefined;
  const r = reuse.region;
  const to = r.oldTo + r.delta;
  const inRegion = (p: { origin: Origin }): boolean => p.origin.kind === 'file' && p.origin.uri === r.uri && p.origin.span.start >= r.from && p.origin.span.end <= to;
  const subjects: PolicySubject[] = policiesIn(reuse.before, r.from, r.oldTo, reuse.record.options).map((p) => p.subject);
  for (const p of model.policyIR) if (inRegion(p)) subjects.push(p.subject);
  for (const p of model.policies) if (inRegion(p)) subjects.push(subjectOf(p));
  return { tables, moves: [...moves, r], affected: (w) => subjects.some((s) => subjectSelects(model, s, w)) };
}

/** The previous analyses' verdicts this model's rules may take over (offerVerdicts), each valid on its own. */
export function carriedVerdicts(model: Model): CarriedVerdicts[] {
  return (CARRY.get(model.policyIndex) ?? []).map((plan) => plan()).filter((c): c is CarriedVerdicts => c !== undefined);
}

/**
 * What the rules over policies and the pods they select read: namespaces (labels, existence), workloads, policies
 * of every kind. No Service (a `toServices` peer's Services count as policies: `widen`), no routing object.
 */
export const POLICY_TABLES: readonly ModelPart[] = ['namespace', 'workload', 'policy'];
