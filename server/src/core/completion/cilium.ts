// Completion for CiliumNetworkPolicy / CiliumClusterwideNetworkPolicy: keys from the generated CRD schema,
// enum values (entities, protocols, operators), `k8s:`-prefixed namespace keys in endpoint selectors and namespace
// names as their values.
import { get, scalarString } from '../parse/access.ts';
import type { PathSegment, YamlLocation } from '../parse/locate.ts';
import { isCiliumPolicy } from '../kinds.ts';
import { K8S_NAMESPACE_LABEL } from '../kinds/cilium/names.ts';
import type { Model } from '../model/types.ts';
import { crdSchema } from '../schema/crd.ts';
import { schemaAtPath, type FieldSchema } from '../schema/types.ts';
import type { Span } from '../source.ts';
import type { CompletionContext } from './context.ts';
import { keyEntries } from './keys.ts';
import type { CompletionEntry } from './types.ts';

/** The label that pins a Cilium endpoint selector to a namespace (with the `k8s:` source prefix Cilium writes). */
export const NAMESPACE_LABEL = K8S_NAMESPACE_LABEL;
/** In a CCNP, selects endpoints by their namespace's labels (ignored in a CNP). */
export const NAMESPACE_LABELS_PREFIX = 'k8s:io.cilium.k8s.namespace.labels.';

const ENTITY_DOCS: Record<string, string> = {
  all: 'Every endpoint: the cluster and the world.',
  world: 'Everything outside the cluster (any address not in the cluster), including the internet.',
  cluster: 'Every endpoint inside the cluster (pods, hosts, health, init, ingress, remote nodes).',
  host: 'The local node (host networking, the kubelet, node-local processes).',
  'remote-node': 'Every other node of the cluster (and of connected clusters).',
  'kube-apiserver': 'The Kubernetes API server, wherever it runs.',
  ingress: "Cilium's own Ingress/Gateway proxy: traffic it forwards carries this identity.",
  health: "Cilium's health-check endpoints.",
  init: 'Endpoints whose identity is not resolved yet (briefly, at start).',
  unmanaged: 'Pods Cilium does not manage (started before Cilium, or host-network).',
  none: 'Nothing: selects no endpoint.',
};

/** The CRD schema of the Cilium object at the cursor, or undefined for other objects. */
export function ciliumSchemaAt(loc: YamlLocation): { schema: FieldSchema; kind: string } | undefined {
  if (!loc.object) return undefined;
  const kind = scalarString(get(loc.doc, loc.object, 'kind'));
  const apiVersion = scalarString(get(loc.doc, loc.object, 'apiVersion'));
  if (!isCiliumPolicy({ kind, apiVersion })) return undefined;
  const schema = crdSchema(apiVersion, kind);
  return schema && kind ? { schema, kind } : undefined;
}

const isSelectorLabels = (path: readonly PathSegment[]): boolean => {
  const i = path.lastIndexOf('matchLabels');
  return i >= 1 && i === path.length - 1;
};

function value(label: string, span: Span, space: boolean, kind: CompletionEntry['kind'], detail?: string, documentation?: string): CompletionEntry {
  const e: CompletionEntry = { label, kind, insertText: `${space ? ' ' : ''}${label}`, snippet: false, span };
  if (detail) e.detail = detail;
  if (documentation) e.documentation = documentation;
  return e;
}

/** Completion entries inside a Cilium policy; undefined when the cursor is not in one. */
export function ciliumEntries(ctx: CompletionContext, model: Model, space: boolean): CompletionEntry[] | undefined {
  const found = ciliumSchemaAt(ctx.loc);
  if (!found) return undefined;
  const { schema: root, kind } = found;
  if (ctx.mode === 'key') {
    const s = schemaAtPath(root, ctx.path);
    if (!s) return [];
    if (s.type === 'object') {
      const isMeta = ctx.path.length === 1 && ctx.path[0] === 'metadata';
      return keyEntries(s, ctx.present, ctx.span, ctx.column - ctx.lineIndent, isMeta).filter((e) => !(s.fields?.[e.label]?.elsewhere));
    }
    const labelMap = s.type === 'string-map' || (s.type === 'map' && s.values?.type === 'string');
    if (labelMap && isSelectorLabels(ctx.path)) {
      const out: CompletionEntry[] = [];
      if (!ctx.present.has(NAMESPACE_LABEL)) {
        out.push({ label: NAMESPACE_LABEL, kind: 'label', insertText: `${NAMESPACE_LABEL}: $0`, snippet: true, span: ctx.span, retrigger: true, detail: 'namespace of the endpoint', documentation: kind === 'CiliumNetworkPolicy' ? 'Selects endpoints of this namespace. In a CiliumNetworkPolicy, peers without it are limited to the policy\'s namespace.' : 'Selects endpoints of this namespace. In a cluster-wide policy, peers without it match every namespace.' });
      }
      if (kind === 'CiliumClusterwideNetworkPolicy') {
        out.push({ label: NAMESPACE_LABELS_PREFIX, kind: 'label', insertText: `${NAMESPACE_LABELS_PREFIX}$1: $0`, snippet: true, span: ctx.span, detail: 'a label of the endpoint\'s namespace', documentation: 'Selects endpoints whose namespace carries this label (cluster-wide policies only; a CiliumNetworkPolicy ignores it).' });
      }
      return out;
    }
    // A scalar list item being typed (an entity, a protocol): completed as a value.
    if (s.type === 'list' || labelMap) return [];
  }
  // Values.
  const last = ctx.path[ctx.path.length - 1];
  if (last === NAMESPACE_LABEL || last === 'io.kubernetes.pod.namespace') {
    return [...model.namespaces.keys()].sort().map((ns) => value(ns, ctx.span, space, 'namespace', 'namespace'));
  }
  const s = schemaAtPath(root, ctx.path);
  if (s?.enum) {
    const isEntity = ctx.path.some((p) => p === 'toEntities' || p === 'fromEntities');
    return s.enum.map((v) => value(v, ctx.span, space, 'enum', isEntity ? 'entity' : undefined, isEntity ? ENTITY_DOCS[v] : s.doc));
  }
  return [];
}
