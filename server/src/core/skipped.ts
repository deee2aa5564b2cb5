// What NetLens did not analyse, counted per reason, so `check`, the editor's status and its output can say it:
// templated documents, documents that are not YAML, objects of network kinds not analysed yet, files it could
// not decode, and Helm, Argo CD and Prometheus Operator deployments whose workloads are not in the repository.
import { notAnalysedKind } from './kinds.ts';
import { DEPLOYERS, deployerLabel } from './model/deployers.ts';
import type { ParsedFile } from './parse/parse.ts';
import { finish } from './steps.ts';

export interface SkippedItem {
  uri: string;
  /** e.g. `Deployment "web"`, `HelmRelease media/plex`, or the reason a file was not decoded. */
  what: string;
}

export interface SkippedSummary {
  templated: SkippedItem[];
  /** Documents whose YAML does not parse (yaml-syntax reports them). */
  unparsable: SkippedItem[];
  /** Objects of network kinds NetLens does not analyse yet, by kind. */
  kinds: Map<string, SkippedItem[]>;
  /** Files not read: not UTF-8, binary, too large, alias bombs. */
  undecodable: SkippedItem[];
  /** HelmRelease, Argo CD and Prometheus Operator objects: they run workloads the repository does not hold. */
  external: SkippedItem[];
}

// The kinds whose pods run in namespaces the rules then leave alone (model/deployers.ts), and Argo CD's
// ApplicationSet, whose generated Applications name their namespaces through templates.
const EXTERNAL: Readonly<Record<string, string>> = { ...DEPLOYERS, ApplicationSet: 'argoproj.io/' };

export function skippedSummary(files: readonly ParsedFile[], undecodable: readonly SkippedItem[] = []): SkippedSummary {
  return finish(skippedSummarySteps(files, undecodable));
}

/** Files looked at between two stops (the editor's summary after its index: 10,000 objects took 15 ms at once). */
const FILES_PER_STEP = 100;

/** skippedSummary, stopping between files (core/steps.ts). */
export function* skippedSummarySteps(files: readonly ParsedFile[], undecodable: readonly SkippedItem[] = []): Generator<void, SkippedSummary, void> {
  const out: SkippedSummary = { templated: [], unparsable: [], kinds: new Map(), undecodable: [...undecodable], external: [] };
  for (const [index, f] of files.entries()) {
    if (index > 0 && index % FILES_PER_STEP === 0) yield;
    for (const t of f.templated) out.templated.push({ uri: f.uri, what: `document ${t.docIndex + 1}${t.objectKind ? ` (${t.objectKind}${t.name ? ` "${t.name}"` : ''})` : ''}` });
    for (const i of f.issues) {
      if (i.kind === 'too-large' || i.kind === 'binary' || i.kind === 'alias-limit' || i.kind === 'too-large-document') out.undecodable.push({ uri: f.uri, what: i.message });
    }
    const broken = new Set(f.issues.filter((i) => i.kind === 'syntax').map((i) => f.docs.findIndex((d) => i.span.start >= d.range[0] && i.span.start <= d.range[2])));
    for (const d of broken) if (d >= 0) out.unparsable.push({ uri: f.uri, what: `document ${d + 1}` });
    for (const obj of f.objects) {
      if (!obj.kind) continue;
      const name = `${obj.namespace ? `${obj.namespace}/` : ''}${obj.name ?? '?'}`;
      const ext = Object.hasOwn(EXTERNAL, obj.kind) ? EXTERNAL[obj.kind] : undefined;
      if (ext && obj.apiVersion?.startsWith(ext)) {
        out.external.push({ uri: f.uri, what: deployerLabel(obj) });
      } else if (notAnalysedKind(obj)) {
        const list = out.kinds.get(obj.kind) ?? [];
        list.push({ uri: f.uri, what: `${obj.kind} ${name}` });
        out.kinds.set(obj.kind, list);
      }
    }
  }
  return out;
}

const n = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;

/** One line per reason (empty when nothing was skipped), e.g. `2 templated documents (render them ...)`. */
export function skippedLines(s: SkippedSummary): string[] {
  const lines: string[] = [];
  if (s.templated.length > 0) lines.push(`${n(s.templated.length, 'templated document')} (Helm/Jinja; render them and check the output, or add them to netlens.exclude)`);
  if (s.unparsable.length > 0) lines.push(`${n(s.unparsable.length, 'document')} that ${s.unparsable.length === 1 ? 'is' : 'are'} not valid YAML`);
  const kinds = [...s.kinds].sort(([a], [b]) => (a < b ? -1 : 1));
  if (kinds.length > 0) {
    const total = kinds.reduce((sum, [, l]) => sum + l.length, 0);
    lines.push(`${n(total, 'object')} of kinds NetLens does not analyse yet: ${kinds.map(([k, l]) => `${k} ×${l.length}`).join(', ')}`);
  }
  if (s.undecodable.length > 0) lines.push(`${n(s.undecodable.length, 'file')} not decoded (not UTF-8, binary, too large or an alias bomb)`);
  if (s.external.length > 0) {
    const names = s.external.slice(0, 5).map((e) => e.what);
    if (s.external.length > 5) names.push(`${s.external.length - 5} more`);
    lines.push(`${n(s.external.length, 'deployment')} whose workloads are not in the repository: ${names.join(', ')}`);
  }
  return lines;
}

export function skippedTotal(s: SkippedSummary): number {
  return s.templated.length + s.unparsable.length + [...s.kinds.values()].reduce((a, l) => a + l.length, 0) + s.undecodable.length + s.external.length;
}
