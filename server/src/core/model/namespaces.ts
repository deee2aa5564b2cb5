// Namespaces: declared ones, ones from settings, and ones only referenced (implied), each with the
// `kubernetes.io/metadata.name` label the API server sets on every namespace.
import { get } from '../parse/access.ts';
import type { ManifestObject } from '../parse/parse.ts';
import type { ClusterNamespace } from '../options.ts';
import { fileOrigin, readLabels } from './read.ts';
import type { NamespaceInfo } from './types.ts';

export const NAME_LABEL = 'kubernetes.io/metadata.name';

export function isNamespace(obj: Pick<ManifestObject, 'kind' | 'apiVersion'>): boolean {
  return obj.kind === 'Namespace' && (obj.apiVersion === undefined || obj.apiVersion === 'v1');
}

export function readNamespace(obj: ManifestObject): NamespaceInfo | undefined {
  if (!isNamespace(obj) || !obj.name) return undefined;
  const labels = readLabels(obj.doc, get(obj.doc, get(obj.doc, obj.node, 'metadata'), 'labels'));
  return { name: obj.name, labels: withNameLabel(obj.name, labels), origin: fileOrigin(obj) };
}

/** The API server always sets this label to the namespace's name, whatever the manifest says. */
export function withNameLabel(name: string, labels: Record<string, string>): Record<string, string> {
  return { ...labels, [NAME_LABEL]: name };
}

/**
 * Final namespace table: declared namespaces win (first declaration by uri order), then those from settings,
 * then every other namespace some object lives in (implied, labelled with their name only).
 */
export function namespaceTable(declared: NamespaceInfo[], cluster: ClusterNamespace[], referenced: Iterable<string>): Map<string, NamespaceInfo> {
  const out = new Map<string, NamespaceInfo>();
  for (const ns of declared) if (!out.has(ns.name)) out.set(ns.name, ns);
  for (const ns of cluster) {
    if (!out.has(ns.name)) out.set(ns.name, { name: ns.name, labels: withNameLabel(ns.name, ns.labels), origin: { kind: 'settings' } });
  }
  for (const name of referenced) {
    if (!out.has(name)) out.set(name, { name, labels: withNameLabel(name, {}), origin: { kind: 'implied' } });
  }
  return out;
}
