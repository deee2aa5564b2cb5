// One edit that changes nothing the workspace reads (core/fingerprint.ts): the previous analysis of a folder holds,
// with its offsets in the edited file moved (core/shift.ts). No model is built and no workspace rule runs; the
// edited file's own file-rule findings are its current ones. Anything that touches the edited documents, or an
// edit that changes what the file means, takes the full path.
import { editRegion, fingerprint, mapFindings, movedModel, printOf, samePrint, WORKSPACE_RULES, type EditRegion, type Finding, type Model, type Options, type ParsedFile, type RuleRecord, type WorkspaceAnalysis } from '../core/index.ts';

const WORKSPACE_CODES = new Set(WORKSPACE_RULES.map((r) => r.code));

/** The one file that differs between two input lists (same files otherwise, same order), if exactly one does. */
export function singleChange(before: readonly ParsedFile[], after: readonly ParsedFile[]): { before: ParsedFile; after: ParsedFile } | undefined {
  if (before.length !== after.length) return undefined;
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
 * documents themselves changed (opened, closed), so the folder is listed again.
 */
export function withNewVersions(before: readonly ParsedFile[], after: readonly ParsedFile[], files: readonly ParsedFile[]): ParsedFile[] | undefined {
  if (before.length !== after.length) return undefined;
  const next = new Map<string, ParsedFile>();
  for (let i = 0; i < after.length; i++) {
    const a = before[i] as ParsedFile;
    const b = after[i] as ParsedFile;
    if (a.uri !== b.uri) return undefined;
    if (a !== b) next.set(a.uri, b);
  }
  let found = 0;
  const out = files.map((f) => {
    const b = next.get(f.uri);
    if (!b) return f;
    found++;
    return b;
  });
  return found === next.size ? out : undefined;
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

const byPlace = (a: Finding, b: Finding): number => a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code);

/**
 * Findings per uri after a neutral edit `r`: every list moved, the edited file's file-rule findings taken from its
 * current parse (`fileFindings`), its workspace-rule findings moved. Undefined when a finding touches the region.
 */
export function remapFindings(findings: ReadonlyMap<string, Finding[]>, r: EditRegion, fileFindings: () => readonly Finding[]): Map<string, Finding[]> | undefined {
  const out = new Map<string, Finding[]>();
  for (const [uri, list] of findings) {
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

/** A workspace analysis whose findings are known and whose model is built only if someone reads it. */
export function lazyAnalysis(findings: Map<string, Finding[]>, ruleErrors: WorkspaceAnalysis['ruleErrors'], build: () => Model, rules?: RuleRecord): WorkspaceAnalysis {
  let model: Model | undefined;
  return {
    findings,
    ruleErrors,
    ...(rules ? { rules } : {}),
    get model(): Model {
      return (model ??= build());
    },
  };
}

/**
 * The files of an input list by uri, one map per list: every open document's analysis of one version of the
 * inputs (ten open documents after each keystroke) shares it. Read only.
 */
const BY_URI = new WeakMap<readonly ParsedFile[], Map<string, ParsedFile>>();
export function filesByUri(inputs: readonly ParsedFile[]): Map<string, ParsedFile> {
  let map = BY_URI.get(inputs);
  if (!map) {
    map = new Map(inputs.map((f) => [f.uri, f]));
    BY_URI.set(inputs, map);
  }
  return map;
}
