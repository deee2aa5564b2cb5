// Hover on an object's metadata: which kustomization(s) built it and how (namespace, name prefix/suffix, labels
// added, patches), and where else the same object is declared. Works for workloads, Services and policies.
import type { Model, Origin, PlacementStep, Provenance } from '../model/types.ts';
import { dirname, normalizePath, splitUri } from '../model/kustomize/paths.ts';
import type { ManifestObject, ParsedFile } from '../parse/parse.ts';
import { code, joinAnd } from './format.ts';

interface Placed extends Provenance {
  id: string;
  origin: Origin;
}

/** A posix path from the hovered file's folder to `uri` (same scheme and authority), else the uri. */
export function relativeTo(fromUri: string, uri: string): string {
  const a = splitUri(fromUri);
  const b = splitUri(uri);
  if (a.prefix !== b.prefix) return uri;
  const from = dirname(normalizePath(a.path)).split('/').filter(Boolean);
  const to = normalizePath(b.path).split('/').filter(Boolean);
  let i = 0;
  while (i < from.length && i < to.length - 1 && from[i] === to[i]) i++;
  return [...from.slice(i).map(() => '..'), ...to.slice(i)].join('/');
}

function stepText(file: ParsedFile, s: PlacementStep): string {
  const did: string[] = [];
  if (s.namespace) did.push(`namespace ${code(s.namespace)}`);
  if (s.namePrefix) did.push(`name prefix ${code(s.namePrefix)}`);
  if (s.nameSuffix) did.push(`name suffix ${code(s.nameSuffix)}`);
  if (s.labels) did.push(`labels ${joinAnd(Object.entries(s.labels).map(([k, v]) => code(`${k}=${v}`)))}`);
  if (s.patchedBy) did.push(`patches ${joinAnd(s.patchedBy.map((u) => code(relativeTo(file.uri, u))))}`);
  return `${code(relativeTo(file.uri, s.uri))}${did.length > 0 ? `: ${did.join(', ')}` : ' (no change)'}`;
}

const isThis = (o: Origin, file: ParsedFile, obj: ManifestObject): boolean =>
  o.kind === 'file' && o.uri === file.uri && o.docIndex === obj.docIndex && o.listIndex === obj.listIndex;

/** Markdown about how the model places `obj`, or undefined when it is taken as written and declared once. */
export function placementHover(file: ParsedFile, obj: ManifestObject, model: Model): string | undefined {
  const all: Placed[] = [...model.workloads, ...model.services, ...model.policies];
  const mine = all.filter((x) => isThis(x.origin, file, obj) || x.origins?.some((o) => isThis(o, file, obj)));
  const lines: string[] = [];
  for (const x of mine) {
    if (x.placement && x.placement.length > 0) {
      lines.push(`**Built as ${code(x.id)}** by ${x.placement.map((s) => stepText(file, s)).join(' → ')}.`);
    }
    const others = (x.origins ?? []).filter((o) => !isThis(o, file, obj) && o.kind === 'file');
    if (others.length > 0) lines.push(`${code(x.id)} is also declared in ${joinAnd(others.map((o) => code(o.kind === 'file' ? relativeTo(file.uri, o.uri) : '')))}.`);
  }
  return lines.length > 0 ? lines.join('\n\n') : undefined;
}
