// `--format json` for check: one object, the contract later tools and tests depend on.
import type { CliFinding } from './findings.ts';

/** `{"findings":[{file, range, severity, code, message}]}`, keys in that order, with a final newline. */
export function findingsJson(findings: readonly CliFinding[], skipped?: object): string {
  const list = findings.map((f) => ({ file: f.file, range: f.range, severity: f.severity, code: f.code, message: f.message }));
  // `skipped` (what was not analysed, counts per reason) only when something was.
  return JSON.stringify(skipped ? { findings: list, skipped } : { findings: list }, null, 2) + '\n';
}
