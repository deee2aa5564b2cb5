// "Add default-deny" in Cilium form, as a new document or file: in a CNP, a CNP selecting every pod of its namespace;
// in a CCNP, a CCNP selecting every pod outside kube-system. Per missing direction one rule whose only peer is the
// `none` entity (isolates, allows nothing: the explicit form of Cilium's documented `- {}` idiom, which
// cilium-empty-rule warns about).
import type { Direction, Model } from '../model/types.ts';
import type { Options } from '../options.ts';
import type { ManifestObject, ParsedFile } from '../parse/parse.ts';
import type { PolicyIR } from '../policy/types.ts';
import type { Fix } from '../types.ts';
import { CILIUM_NS_KEY } from '../policy/select.ts';
import { appendDocument, missingDefaultDeny, siblingUri } from './default-deny.ts';
import { detectStyle, mapLines, type YMap, type YamlStyle } from './yaml-text.ts';

const TYPE: Record<Direction, string> = { ingress: 'Ingress', egress: 'Egress' };

/** `default-deny` or `default-deny-N`, free among the CNPs of the namespaces (or the CCNPs, for `undefined`). */
export function freeCnpName(model: Model, namespaces: string[] | undefined): string {
  const taken = new Set(
    model.policyIR.filter((p) => (namespaces ? p.kind === 'CiliumNetworkPolicy' && namespaces.includes(p.namespace ?? '') : p.kind === 'CiliumClusterwideNetworkPolicy')).map((p) => p.name),
  );
  if (!taken.has('default-deny')) return 'default-deny';
  for (let i = 2; ; i++) if (!taken.has(`default-deny-${i}`)) return `default-deny-${i}`;
}

/** A namespace governed by Cilium: CiliumNetworkPolicies are written in it and no NetworkPolicy is. */
export function governedByCilium(model: Model, ns: string): boolean {
  return model.policyIR.some((p) => p.kind === 'CiliumNetworkPolicy' && p.namespace === ns) && !model.policyIR.some((p) => p.kind === 'NetworkPolicy' && p.namespace === ns);
}

/** Left out of the cluster-wide default-deny: the cluster's own components (DNS, the API server's helpers) live there. */
const SYSTEM_NAMESPACE = 'kube-system';

/** The CNP's text (block style, no trailing line break); with `clusterWide`, the CCNP for every pod outside kube-system. */
export function ciliumDefaultDenyText(name: string, namespace: string | undefined, dirs: Direction[], st: YamlStyle, clusterWide = false): string {
  const metadata: YMap = { name };
  if (namespace !== undefined && !clusterWide) metadata.namespace = namespace;
  // A CCNP's selector is not limited to pods: `Exists` keeps reserved endpoints (health, host) out of it.
  const spec: YMap = {
    endpointSelector: clusterWide
      ? { matchExpressions: [{ key: CILIUM_NS_KEY, operator: 'Exists' }, { key: CILIUM_NS_KEY, operator: 'NotIn', values: [SYSTEM_NAMESPACE] }] }
      : {},
  };
  if (dirs.includes('ingress')) spec.ingress = [{ fromEntities: ['none'] }];
  if (dirs.includes('egress')) spec.egress = [{ toEntities: ['none'] }];
  const kind = clusterWide ? 'CiliumClusterwideNetworkPolicy' : 'CiliumNetworkPolicy';
  return mapLines({ apiVersion: 'cilium.io/v2', kind, metadata, spec }, 0, st).join(st.eol);
}

/** In a CCNP: one cluster-wide default-deny for the namespaces (but kube-system) with workloads not isolated yet. */
function clusterWideAction(file: ParsedFile, obj: ManifestObject, model: Model, options: Options, exists: (uri: string) => boolean): Fix[] {
  // The namespaces the repository runs workloads in (not the cluster workloads of the settings).
  const namespaces = [...new Set(model.workloads.filter((w) => w.kind !== 'ClusterWorkload').map((w) => w.namespace))].filter((ns) => ns !== SYSTEM_NAMESPACE).sort();
  const dirs = (['ingress', 'egress'] as const).filter((d) => namespaces.some((ns) => missingDefaultDeny(model, ns).includes(d)));
  if (dirs.length === 0) return [];
  const st = detectStyle(file.text, [obj.doc, ...file.docs]);
  const text = ciliumDefaultDenyText(freeCnpName(model, undefined), undefined, dirs, st, true);
  const which = dirs.length === 2 ? 'default-deny' : `default-deny ${TYPE[dirs[0] as Direction]}`;
  const t = `Add ${which} CiliumClusterwideNetworkPolicy for every namespace but ${SYSTEM_NAMESPACE}`;
  if (options.defaultDenyTarget === 'newFile') {
    const uri = siblingUri(file.uri, 'cluster', exists);
    return [{ title: `${t} (new file ${uri.slice(uri.lastIndexOf('/') + 1)})`, uri, createFile: true, edits: [{ span: { start: 0, end: 0 }, newText: text + st.eol }] }];
  }
  return [appendDocument(file, text, st, t)];
}

function title(namespaces: string[], dirs: Direction[]): string {
  const which = dirs.length === 2 ? 'default-deny' : `default-deny ${TYPE[dirs[0] as Direction]}`;
  return `Add ${which} CiliumNetworkPolicy for namespace ${namespaces.join(', ')}`;
}

/**
 * The actions for the CNP object `obj` (its lowered rules `irs`, placed in their namespaces): one per namespace
 * not default-deny yet, or one for all when the new document inherits the object's placement. In a CCNP: one
 * cluster-wide default-deny for every namespace of the workspace but kube-system (whose DNS everyone needs).
 */
export function ciliumDefaultDenyActions(file: ParsedFile, obj: ManifestObject, irs: PolicyIR[], model: Model, options: Options, exists: (uri: string) => boolean): Fix[] {
  if (obj.kind === 'CiliumClusterwideNetworkPolicy') return clusterWideAction(file, obj, model, options, exists);
  if (obj.kind !== 'CiliumNetworkPolicy') return [];
  const st = detectStyle(file.text, [obj.doc, ...file.docs]);
  const namespaces = [...new Set(irs.map((p) => p.namespace).filter((n): n is string => n !== undefined))].sort();
  const out: Fix[] = [];
  if (options.defaultDenyTarget === 'newDocument' && obj.namespace === undefined) {
    // No metadata.namespace: the new document lands where this one does (kustomization or default namespace).
    const dirs = (['ingress', 'egress'] as const).filter((d) => namespaces.some((ns) => missingDefaultDeny(model, ns).includes(d)));
    if (dirs.length > 0) out.push(appendDocument(file, ciliumDefaultDenyText(freeCnpName(model, namespaces), undefined, dirs, st), st, title(namespaces, dirs)));
    return out;
  }
  for (const ns of namespaces) {
    const dirs = missingDefaultDeny(model, ns);
    if (dirs.length === 0) continue;
    const text = ciliumDefaultDenyText(freeCnpName(model, [ns]), ns, dirs, st);
    if (options.defaultDenyTarget === 'newFile') {
      const uri = siblingUri(file.uri, `cilium-${ns}`, exists);
      out.push({ title: `${title([ns], dirs)} (new file ${uri.slice(uri.lastIndexOf('/') + 1)})`, uri, createFile: true, edits: [{ span: { start: 0, end: 0 }, newText: text + st.eol }] });
    } else out.push(appendDocument(file, text, st, title([ns], dirs)));
  }
  return out;
}
