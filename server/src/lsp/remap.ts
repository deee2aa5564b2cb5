// One edit that changes nothing the workspace reads (core/fingerprint.ts): the previous analysis of a folder holds,
// with its offsets in the edited file moved (core/shift.ts). No model is built and no workspace rule runs; the
// edited file's own file-rule findings are its current ones. Anything that touches the edited documents, or an
// edit that changes what the file means, takes the full path.
import { editRegion, fileResults, fingerprint, indexOfUri, mapFindings, movedModel, placesKept, printOf, samePrint, slot, WORKSPACE_RULES, type EditRegion, type Finding, type Model, type Options, type ParsedFile, type RuleRecord, type Span, type WorkspaceAnalysis, type WorkspaceResults } from '../core/index.ts';

const WORKSPACE_CODES = new Set(WORKSPACE_RULES.map((r) => r.code));

/**
 * Per input list made by withNewVersions, the places whose parse differs from each of its last few ancestors'
 * (newest ancestor first, each by its number in LIST_NUMBERS): numbers only, so a list never keeps an older one
 * or an older parse alive. A keystroke's comparison of the memo's list with the new one then reads the places
 * that changed instead of walking all 2,000 files of a folder (about 0.1 ms per edit in the server, where the
 * loop ran once per keystroke, rarely optimized, over memory the idle pause before had let go cold).
 */
const LINEAGE = new WeakMap<readonly ParsedFile[], readonly { from: number; at: readonly number[] }[]>();
const LIST_NUMBERS = new WeakMap<readonly ParsedFile[], number>();
/** How many generations back a list knows its changes (a memo lags the newest list by a few at most). */
const LINEAGE_DEPTH = 4;
let listCount = 0;

function listNumber(list: readonly ParsedFile[]): number {
  let n = LIST_NUMBERS.get(list);
  if (n === undefined) LIST_NUMBERS.set(list, (n = ++listCount));
  return n;
}

/** The places where `after` differs from `before` when `after` descends from it by withNewVersions, else undefined. */
export function changedPlaces(before: readonly ParsedFile[], after: readonly ParsedFile[]): readonly number[] | undefined {
  const from = LIST_NUMBERS.get(before);
  if (from === undefined || before.length !== after.length) return undefined;
  return LINEAGE.get(after)?.find((e) => e.from === from)?.at;
}

/** Whether two input lists hold the very same parses. */
export function sameFiles(a: readonly ParsedFile[], b: readonly ParsedFile[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  const known = changedPlaces(a, b);
  return known ? known.length === 0 : a.every((f, i) => f === b[i]);
}

/** The one file that differs between two input lists (same files otherwise, same order), if exactly one does. */
export function singleChange(before: readonly ParsedFile[], after: readonly ParsedFile[]): { before: ParsedFile; after: ParsedFile } | undefined {
  if (before.length !== after.length) return undefined;
  const known = changedPlaces(before, after);
  if (known) {
    const at = known[0];
    if (known.length !== 1 || at === undefined) return undefined;
    const a = before[at] as ParsedFile;
    const b = after[at] as ParsedFile;
    return a !== b && a.uri === b.uri ? { before: a, after: b } : undefined;
  }
  let change: { before: ParsedFile; after: ParsedFile } | undefined;
  for (let i = 0; i < after.length; i++) {
    const a = before[i] as ParsedFile;
    const b = after[i] as ParsedFile;
    if (a === b) continue;
    if (change || a.uri !== b.uri) return undefined;
    change = { before: a, after: b };
  }
  return change;
}

/**
 * A folder's input list after open documents changed version only (`before` and `after`: the open documents'
 * parses, in the same order of the same uris): the list with each one's new parse; undefined when the open
 * documents themselves changed (opened, closed), so the folder is listed again. `files` is sorted by uri (lsp/walk.ts),
 * so each changed document is found by bisection: a keystroke costs the same in a folder of 8,000 files as of one.
 */
export function withNewVersions(before: readonly ParsedFile[], after: readonly ParsedFile[], files: readonly ParsedFile[]): ParsedFile[] | undefined {
  if (before.length !== after.length) return undefined;
  let out: ParsedFile[] | undefined;
  const changed: number[] = [];
  for (let i = 0; i < after.length; i++) {
    const a = before[i] as ParsedFile;
    const b = after[i] as ParsedFile;
    if (a.uri !== b.uri) return undefined;
    if (a === b) continue;
    // Bisection first; a list in another order is searched through (never wrong, only slower).
    let at = indexOfUri(files, a.uri);
    if (at < 0) at = files.findIndex((f) => f.uri === a.uri);
    if (at < 0) return undefined;
    // The list's own entry may already be newer than `a` (never in the walk, which lists from what it last gave).
    if (files[at] !== b) changed.push(at);
    (out ??= files.slice())[at] = b;
  }
  const next = out ?? files.slice();
  // The same uris in the same places: the new list's map reads the old list's table of places (filesByUri).
  const places = PLACES.get(files);
  if (places) PLACES.set(next, places);
  const older = (LINEAGE.get(files) ?? []).slice(0, LINEAGE_DEPTH - 1).map((e) => ({ from: e.from, at: [...new Set([...e.at, ...changed])] }));
  LINEAGE.set(next, [{ from: listNumber(files), at: changed }, ...older]);
  return next;
}

/**
 * The edit between two parses of one file when it changes nothing the workspace model reads; undefined when it
 * may (or the earlier parse's fingerprint was not taken while it was current).
 */
export function neutralEdit(before: ParsedFile, after: ParsedFile, options: Options, covered: ReadonlySet<string> | undefined): EditRegion | undefined {
  // A file a kustomize build reads (a patch, a resource) is read as text by the builds.
  if (covered?.has(after.uri)) return undefined;
  const old = printOf(before, options);
  if (!old || !samePrint(old, fingerprint(after, options))) return undefined;
  return editRegion(before, after);
}

/**
 * Whether the places other files' `findings` name in `uri` (related places, fix edits) keep their line and column
 * from `then`, the version of `uri` those findings were made with, to `after`. Diagnostics of those files, converted
 * with the open text's lines, then stay right without the findings being made again.
 */
export function placesStay(findings: ReadonlyMap<string, readonly Finding[]>, uri: string, then: ParsedFile | undefined, after: ParsedFile): boolean {
  const spans: Span[] = [];
  for (const [owner, list] of findings) {
    if (owner === uri) continue;
    for (const f of list) {
      for (const r of f.related ?? []) if (r.uri === uri) spans.push(r.span);
      for (const x of f.fixes ?? []) {
        if ((x.uri ?? owner) !== uri) continue;
        // A new file's content is not the edited file's text.
        if (x.createFile) return false;
        for (const e of x.edits) spans.push(e.span);
      }
    }
  }
  if (spans.length === 0) return true;
  return then !== undefined && placesKept(then.text, after.text, spans);
}

const byPlace = (a: Finding, b: Finding): number => a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code);

/**
 * Findings per uri after a neutral edit `r`: every list moved, the edited file's file-rule findings taken from its
 * current parse (`fileFindings`), its workspace-rule findings moved. Undefined when a finding touches the region.
 * `only`: the one uri whose list is wanted (a document's scoped analysis is read for that document alone); the
 * others are left out instead of moved, so each open document's move costs its own findings, not the folder's.
 */
export function remapFindings(findings: ReadonlyMap<string, Finding[]>, r: EditRegion, fileFindings: () => readonly Finding[], only?: string): Map<string, Finding[]> | undefined {
  const out = new Map<string, Finding[]>();
  const entries: Iterable<[string, Finding[]]> = only === undefined ? findings : findings.has(only) ? [[only, findings.get(only) as Finding[]]] : [];
  for (const [uri, list] of entries) {
    if (uri !== r.uri) {
      const moved = mapFindings(list, uri, r);
      if (!moved) return undefined;
      out.set(uri, moved);
      continue;
    }
    const moved = mapFindings(
      list.filter((f) => WORKSPACE_CODES.has(f.code)),
      uri,
      r,
    );
    if (!moved) return undefined;
    const own = fileFindings();
    out.set(uri, moved.length === 0 ? (own as Finding[]) : [...own, ...moved].sort(byPlace));
  }
  return out;
}

/**
 * The rules' findings of an analysis moved over a neutral edit `r` with the new input list, so the analysis after
 * the next edit can still reuse them (core/rejudge.ts); undefined when a finding touches the region.
 */
export function movedRecord(record: RuleRecord | undefined, r: EditRegion, files: readonly ParsedFile[]): RuleRecord | undefined {
  if (!record) return undefined;
  const byRule = new Map<string, Finding[]>();
  for (const [code, list] of record.byRule) {
    const moved = mapFindings(list, r.uri, r);
    if (!moved) return undefined;
    byRule.set(code, moved);
  }
  // The model's verdicts stay usable one edit further (core/rejudge.ts carriedVerdicts).
  return movedModel(record, { ...record, files, byRule }, r);
}

/**
 * A folder's whole results (every file's visible findings, core/results.ts) moved over a neutral edit `r` of
 * `after`: every other file's findings moved, the edited file's taken from its current parse (`own`) and its
 * exceptions applied again. Undefined when a finding touches the region.
 */
export function movedResults(results: WorkspaceResults, r: EditRegion, after: ParsedFile, options: Options, own: () => readonly Finding[], inputs: readonly ParsedFile[], build: () => Model): WorkspaceResults | undefined {
  const all = remapFindings(results.analysis.findings, r, own);
  if (!all) return undefined;
  const findings = new Map<string, Finding[]>();
  for (const [uri, list] of results.findings) {
    if (uri === r.uri) continue;
    const moved = mapFindings(list, uri, r);
    if (!moved) return undefined;
    findings.set(uri, moved);
  }
  const mine = fileResults(after, all.get(r.uri) ?? own(), options);
  findings.set(r.uri, mine.findings);
  const suppressed = [...results.suppressed.filter((f) => f.uri !== r.uri), ...mine.suppressed];
  return { analysis: lazyAnalysis(all, results.analysis.ruleErrors, build, movedRecord(results.analysis.rules, r, inputs)), findings, suppressed };
}

/** A workspace analysis whose findings are known and whose model is built only if someone reads it. */
export function lazyAnalysis(findings: Map<string, Finding[]>, ruleErrors: WorkspaceAnalysis['ruleErrors'], build: () => Model, rules?: RuleRecord): WorkspaceAnalysis {
  return new LazyAnalysis(findings, ruleErrors, build, rules);
}

/**
 * A class, not an object literal with a getter: each literal whose getter closes over its own state gets a hidden class
 * of its own, in the old generation, whose getter keeps what the closure reaches (the previous parse, through the
 * moved analysis's context) alive through every scavenge until a full GC: 130-170 KB per neutral edit of the
 * 5,000-line file (bench/README.md, seventeenth session). The build runs once and is dropped.
 */
class LazyAnalysis implements WorkspaceAnalysis {
  // Declared, not defined: `rules` stays absent when there is none, as in the literal this replaces.
  declare rules?: RuleRecord;
  #build: (() => Model) | undefined;
  #built: Model | undefined;
  constructor(
    readonly findings: Map<string, Finding[]>,
    readonly ruleErrors: WorkspaceAnalysis['ruleErrors'],
    build: () => Model,
    rules?: RuleRecord,
  ) {
    this.#build = build;
    if (rules) this.rules = rules;
  }

  get model(): Model {
    if (!this.#built) {
      this.#built = (this.#build as () => Model)();
      this.#build = undefined;
    }
    return this.#built;
  }
}

/**
 * The files of an input list by uri, one map per list: every open document's analysis of one version of the
 * inputs (ten open documents after each keystroke) shares it. It reads the list through a table of each uri's
 * place, which the lists withNewVersions makes share with the list they came from (same uris, same places): a
 * keystroke no longer builds a map of every file of the folder. Read only.
 */
// A slot on the list, not a WeakMap: the map holds the list it reads, and a WeakMap value that holds its own key
// survives every scavenge (core/slots.ts).
const BY_URI = slot<readonly ParsedFile[], ReadonlyMap<string, ParsedFile>>();
/** Per input list, where each uri is in it; shared by the lists withNewVersions makes from it. */
const PLACES = new WeakMap<readonly ParsedFile[], ReadonlyMap<string, number>>();

export function filesByUri(inputs: readonly ParsedFile[]): ReadonlyMap<string, ParsedFile> {
  let map = BY_URI.get(inputs);
  if (!map) {
    let places = PLACES.get(inputs);
    if (!places) {
      const made = new Map<string, number>();
      for (let i = 0; i < inputs.length; i++) made.set((inputs[i] as ParsedFile).uri, i);
      places = made;
      PLACES.set(inputs, places);
    }
    map = new ListByUri(inputs, places);
    BY_URI.set(inputs, map);
  }
  return map;
}

/**
 * An input list read as a map by uri. It holds the list and the places only (no parse of its own), so an older
 * version's parse is never kept alive by a newer list's map.
 */
class ListByUri implements ReadonlyMap<string, ParsedFile> {
  constructor(
    private readonly list: readonly ParsedFile[],
    private readonly places: ReadonlyMap<string, number>,
  ) {}

  get size(): number {
    return this.places.size;
  }

  get(uri: string): ParsedFile | undefined {
    const at = this.places.get(uri);
    return at === undefined ? undefined : this.list[at];
  }

  has(uri: string): boolean {
    return this.places.has(uri);
  }

  keys(): MapIterator<string> {
    return this.places.keys();
  }

  *entries(): MapIterator<[string, ParsedFile]> {
    for (const [uri, at] of this.places) yield [uri, this.list[at] as ParsedFile];
  }

  *values(): MapIterator<ParsedFile> {
    for (const at of this.places.values()) yield this.list[at] as ParsedFile;
  }

  forEach(fn: (value: ParsedFile, key: string, map: ReadonlyMap<string, ParsedFile>) => void, thisArg?: unknown): void {
    for (const [uri, f] of this.entries()) fn.call(thisArg, f, uri, this);
  }

  [Symbol.iterator](): MapIterator<[string, ParsedFile]> {
    return this.entries();
  }
}
