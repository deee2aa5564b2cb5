// Coexisting with Red Hat YAML (and other YAML tools): which engine findings the editor shows.
//
// Decision: YAML-level findings (syntax errors, duplicate keys, files NetLens declines) are shown only for YAML
// documents that declare one of our kinds. Red Hat YAML already reports syntax errors and duplicate keys in
// every YAML file, so a user with both extensions would otherwise see each such error twice on every
// ConfigMap, workflow or compose file. In our own documents the duplicate is accepted: there the error decides
// whether the policy is valid, and NetLens's message and rule docs say what it means for the policy.
// The CLI has no such neighbour and reports them everywhere. Semantic rules only ever fire on our objects.
import { OUR_KINDS_RE, type Finding } from '../core/index.ts';
import type { Analysis } from './workspace.ts';

/** Codes about the YAML text itself rather than about our objects. */
export const YAML_LEVEL_CODES: ReadonlySet<string> = new Set(['yaml-syntax', 'duplicate-key', 'file-not-analyzed']);

// OUR_KINDS_RE wants `kind:` alone on its line; items of a `kind: List` (`- kind: X`) and flow maps
// (`{kind: X, ...}`) and minified JSON (`{"kind":"X",...}`: a declined 1 MB one-line manifest must still show its
// notice) declare our kinds too. The kind names come from the engine so new kinds follow.
const KIND_NAMES = /\(([^()]+)\)/.exec(OUR_KINDS_RE.source)?.[1];
const LENIENT_KINDS_RE = KIND_NAMES ? new RegExp(`(?:^|[\\s{,-])(?:kind|"kind"|'kind')\\s*:\\s*["']?(?:${KIND_NAMES})["']?(?=\\s*(?:[,}#]|$))`, 'm') : OUR_KINDS_RE;

export function declaresOurKind(text: string): boolean {
  return OUR_KINDS_RE.test(text) || LENIENT_KINDS_RE.test(text);
}

/** The text of the YAML document holding `offset` (the whole file when it has no documents). */
function documentTextAt(a: Analysis, offset: number): string {
  const docs = a.file.docs;
  let i = -1;
  for (let k = 0; k < docs.length; k++) if ((docs[k]?.range[0] ?? 0) <= offset) i = k;
  // Before the first document's content (a `---` or directive line): that document.
  if (i === -1) i = 0;
  const doc = docs[i];
  if (!doc) return a.file.text;
  const end = docs[i + 1]?.range[0] ?? a.file.text.length;
  return a.file.text.slice(Math.min(doc.range[0], offset), Math.max(end, offset));
}

/** The findings (the analysis's own by default) the editor shows for this analysis. */
export function visibleFindings(a: Analysis, findings: Finding[] = a.findings): Finding[] {
  if (!findings.some((f) => YAML_LEVEL_CODES.has(f.code))) return findings;
  const fileIsOurs = declaresOurKind(a.file.text);
  return findings.filter((f) => {
    if (!YAML_LEVEL_CODES.has(f.code)) return true;
    if (!fileIsOurs) return false;
    return a.file.docs.length <= 1 || declaresOurKind(documentTextAt(a, f.span.start));
  });
}
