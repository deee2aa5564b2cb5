// A file's findings of the file rules through the adapter's cache: raw once per parse (analyze.ts rawFileFindings),
// judged once per Options (judgeFindings), so a settings change of severities re-judges without running a rule.
import { isIncomplete, judgeFindings, rawFileFindings } from './analyze.ts';
import { sameModelOptions, type Options } from './options.ts';
import type { ParsedFile } from './parse/parse.ts';
import type { Finding } from './types.ts';
import type { WorkspaceCache } from './workspace.ts';

/**
 * A file's findings of the file rules, through the cache: its raw findings (analyze.ts rawFileFindings) are
 * computed once per ParsedFile under options that differ in severities only, and judged once per Options.
 */
export function fileFindings(file: ParsedFile, options: Options, cache: WorkspaceCache | undefined): Finding[] {
  const hit = cachedRawFindings(file, options, cache);
  if (hit) return judged(hit, options);
  const raw = rawFileFindings(file, options);
  if (!isIncomplete(raw)) cache?.findings.set(file, { options, findings: raw });
  return judged(raw, options);
}

/** The file findings the cache holds for `file` judged under `options` (undefined: none that hold for them). */
export function cachedFileFindings(file: ParsedFile, options: Options, cache: WorkspaceCache | undefined): Finding[] | undefined {
  const hit = cachedRawFindings(file, options, cache);
  return hit && judged(hit, options);
}

/** The raw findings the cache holds for `file` that hold under `options` (kept under options equal but in severities). */
export function cachedRawFindings(file: ParsedFile, options: Options, cache: WorkspaceCache | undefined): Finding[] | undefined {
  const hit = cache?.findings.get(file);
  return hit && sameModelOptions(hit.options, options) ? hit.findings : undefined;
}

// Per raw list, its judgement under the last Options asked: every analysis of an unchanged file reads the same list
// (the adapters convert a list to diagnostics once), and without configured severities the raw list is the judged one.
const JUDGED = new WeakMap<readonly Finding[], { options: Options; findings: Finding[] }>();

function judged(raw: Finding[], options: Options): Finding[] {
  if (Object.keys(options.rules).length === 0) return raw;
  const hit = JUDGED.get(raw);
  if (hit && hit.options === options) return hit.findings;
  const findings = judgeFindings(raw, options);
  JUDGED.set(raw, { options, findings });
  return findings;
}
