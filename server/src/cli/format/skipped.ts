// What `check` did not analyse, as text lines after the summary and as the JSON `skipped` object.
import { skippedLines, skippedTotal, type SkippedSummary } from '../../core/index.ts';

/** `Not analysed:` and one indented line per reason; empty when nothing was skipped. */
export function skippedText(s: SkippedSummary): string {
  const lines = skippedLines(s);
  return lines.length === 0 ? '' : `Not analysed:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
}

/** Counts per reason (kinds by name, external deployments by name); undefined when nothing was skipped. */
export function skippedJson(s: SkippedSummary): object | undefined {
  if (skippedTotal(s) === 0) return undefined;
  return {
    templatedDocuments: s.templated.length,
    invalidYamlDocuments: s.unparsable.length,
    kindsNotAnalysed: Object.fromEntries([...s.kinds].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, l]) => [k, l.length])),
    undecodableFiles: s.undecodable.length,
    externalDeployments: s.external.map((e) => e.what),
  };
}
