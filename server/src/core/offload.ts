// One file's share of an analysis as plain data, so an adapter can compute it on another thread: the file rules'
// findings and each object's validation problems; adopting it seeds the caches of a parse of the same text.
import { checkFile } from './analyze.ts';
import type { Options } from './options.ts';
import type { ParsedFile } from './parse/parse.ts';
import type { Finding } from './types.ts';
import { objectProblems, seedObjectProblems, type Problem } from './validate/index.ts';
import type { WorkspaceCache } from './workspace.ts';

/** Structured-clonable: strings, numbers, arrays and plain objects only (findings and problems are data). */
export interface FileAnalysisData {
  uri: string;
  /** Length of the text analysed: a guard that both sides parsed the same text. */
  length: number;
  /** checkFile's findings (file and object rules, validation included). */
  findings: Finding[];
  /** objectProblems of each object of `objects`, in order. */
  problems: (readonly Problem[])[];
}

/** Analyses one parsed file as far as it goes without the rest of the workspace. */
export function fileAnalysisData(file: ParsedFile, options: Options): FileAnalysisData {
  const findings = checkFile(file, options);
  return { uri: file.uri, length: file.text.length, findings, problems: file.objects.map((o) => objectProblems(o, options)) };
}

/**
 * Takes `data` (computed from the same uri and text under equal options) as this parse's file findings and
 * validation, so neither runs again here. The parse is deterministic, so objects correspond by position; on
 * any mismatch nothing is adopted (the caller's analysis then computes them itself). Returns whether it was.
 */
export function adoptFileAnalysis(file: ParsedFile, options: Options, cache: WorkspaceCache, data: FileAnalysisData): boolean {
  if (data.uri !== file.uri || data.length !== file.text.length || data.problems.length !== file.objects.length) return false;
  file.objects.forEach((obj, i) => seedObjectProblems(obj, options, data.problems[i] ?? []));
  cache.findings.set(file, { options, findings: data.findings });
  return true;
}
