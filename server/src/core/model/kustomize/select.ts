// Which objects a kustomize build's selectors pick: a patch target (reswrangler Select), and the manifests beside a
// kustomization that no build lists (never deployed: not-in-kustomization).
import type { ManifestObject, ParsedFile } from '../../parse/parse.ts';
import type { Span } from '../../source.ts';
import type { Instance } from './build.ts';
import { KUSTOMIZATION_NAMES, basename, dirname, normalizePath, splitUri } from './paths.ts';
import type { Kustomization, PatchRef } from './read.ts';

export const isFluxKustomization = (o: ManifestObject): boolean => o.kind === 'Kustomization' && o.apiVersion?.startsWith('kustomize.toolkit.fluxcd.io/') === true;
/** A Flux GitRepository: its URL tells whether the Kustomizations that read it build this repository (flux.ts). */
export const isFluxGitRepository = (o: ManifestObject): boolean => o.kind === 'GitRepository' && o.apiVersion?.startsWith('source.toolkit.fluxcd.io/') === true;

/** Manifest uri -> the kustomization beside it and the first line of its first object. */
export type Unlisted = Map<string, { kustomization: string; span: Span }>;

/** The manifests beside a kustomization (`kusts` by folder key) that no build covered; they join `covered`. */
export function unlistedFiles(files: readonly ParsedFile[], kusts: ReadonlyMap<string, Kustomization>, covered: Set<string>): Unlisted {
  // A manifest in a kustomization's own folder that no build reached: whoever applies the folder applies its
  // kustomization, which leaves the file out. (Files in subfolders without a kustomization of their own may be
  // applied by another route, a Flux or Argo CD path naming that subfolder: they stay objects.)
  const unlisted: Unlisted = new Map();
  for (const f of files) {
    const first = f.objects[0];
    if (!first || covered.has(f.uri) || KUSTOMIZATION_NAMES.has(basename(f.uri))) continue;
    const { prefix, path } = splitUri(f.uri);
    const k = kusts.get(prefix + dirname(normalizePath(path)));
    // Not judged: a Component's folder (a build outside the workspace, an Argo CD application, may include it), a
    // kustomization with plugins (they read files NetLens cannot tell: a SOPS generator's Secrets), and Flux
    // Kustomization objects (they are roots of builds above).
    if (!k || k.component || k.plugins || f.objects.some(isFluxKustomization)) continue;
    covered.add(f.uri);
    const eol = f.text.indexOf('\n', first.span.start);
    unlisted.set(f.uri, { kustomization: k.uri, span: { start: first.span.start, end: eol === -1 ? first.span.end : Math.min(eol, first.span.end) } });
  }
  return unlisted;
}

/**
 * reswrangler Select: each field the target sets is a regular expression anchored at both ends, matched against the
 * object's group, version and kind, its current or original name, and its current or original namespace (`default`
 * when none is set); a field left out matches every object.
 */
export function targetMatches(t: NonNullable<PatchRef['target']>, i: Instance): boolean {
  const api = i.obj.apiVersion ?? '';
  const slash = api.lastIndexOf('/');
  const [group, version] = slash === -1 ? ['', api] : [api.slice(0, slash), api.slice(slash + 1)];
  const ns = (x: string | undefined): string => x || 'default';
  return (
    (t.group === undefined || nameMatches(t.group, group)) &&
    (t.version === undefined || nameMatches(t.version, version)) &&
    (t.kind === undefined || nameMatches(t.kind, i.obj.kind ?? '')) &&
    (t.name === undefined || nameMatches(t.name, i.name) || nameMatches(t.name, i.obj.name ?? '')) &&
    (t.namespace === undefined || nameMatches(t.namespace, ns(i.namespace ?? i.obj.namespace)) || nameMatches(t.namespace, ns(i.obj.namespace)))
  );
}

/** kustomize reads a target name as a regular expression anchored at both ends. */
export function nameMatches(pattern: string | undefined, name: string): boolean {
  if (pattern === undefined) return true;
  if (pattern === name) return true;
  try {
    return new RegExp(`^(?:${pattern})$`).test(name);
  } catch {
    return false;
  }
}
