// Cilium policies for the workspace rules that began with NetworkPolicy (missing-dns-egress, unknown-named-port):
// the source spans of a lowered Cilium rule (its section key, its port scalars) and the pods its ports are about.
import { isMap, isSeq, type Node, type YAMLSeq } from 'yaml';
import { get, getPair } from '../parse/access.ts';
import type { ManifestObject, ParsedFile } from '../parse/parse.ts';
import type { Model, Workload } from '../model/types.ts';
import { CILIUM_CLUSTER_KEY, CILIUM_NS_KEY, CILIUM_NS_LABELS_PREFIX, CILIUM_SA_KEY, irPeerWorkloads, isValidIR, scopeNamespaces, selectedWorkloads, subjectSelects } from '../policy/select.ts';
import type { IRPort, IRRule, PolicyIR } from '../policy/types.ts';
import type { Span } from '../source.ts';
import type { Fix } from '../types.ts';
import { appendToSeq, detectStyle, type YMap } from '../fixes/yaml-text.ts';
import { isEmptySelector } from '../connectivity/selectors.ts';
import { ciliumEgressKeys, ciliumPortKey, ciliumPortSpans, forEachRulePort, type CiliumPortSpans } from './object-spans.ts';
import { indexModel, namespaceHasWorkloads, policyObject, standInLabels } from './ws-policy.ts';

export const isCilium = (p: PolicyIR): boolean => p.kind === 'CiliumNetworkPolicy' || p.kind === 'CiliumClusterwideNetworkPolicy';

/** Valid Cilium policies (CNP and CCNP) of the model. */
export function ciliumPolicies(model: Model): PolicyIR[] {
  return model.policyIR.filter((p) => isCilium(p) && isValidIR(p));
}

/** The object a lowered policy was read from. */
export function irObject(files: ReadonlyMap<string, ParsedFile>, p: PolicyIR): ManifestObject | undefined {
  return policyObject(files, p);
}

/**
 * The rule map this IR came from, for the fixes to edit: `spec`, or `specs[specIndex]` as written. An item written
 * as an alias stays an alias (not a map), so the fixes leave it alone: an edit at the anchored text would change
 * every item that names it. (The spans read the items as the reader does: object-spans.ts specItems.)
 */
export function ciliumSpec(obj: ManifestObject, p: PolicyIR): Node | undefined {
  if (p.specIndex === undefined) return get(obj.doc, obj.node, 'spec');
  const specs = get(obj.doc, obj.node, 'specs');
  return isSeq(specs) ? (specs.items[p.specIndex] as Node | undefined) : undefined;
}

/** Where egress findings about a Cilium policy go: its `egress` key, else `egressDeny`, else its name. */
export function ciliumEgressSpan(obj: ManifestObject, p: PolicyIR): Span {
  const keys = ciliumEgressKeys(obj);
  const key = p.specIndex === undefined ? keys.spec : keys.specs[p.specIndex];
  return key ?? (p.origin.kind === 'file' ? (p.origin.nameSpan ?? obj.span) : obj.span);
}

/**
 * The source of the rule's port with flat index `port.index` (the reader numbers toPorts[*].ports[*] in order):
 * the `ports` list holding it and the port item, for a fix to edit (the spans: portSpans).
 */
export function portEntry(obj: ManifestObject, p: PolicyIR, rule: IRRule, port: IRPort): { list: YAMLSeq; item: Node } | undefined {
  const spec = ciliumSpec(obj, p);
  const section = isMap(spec) ? get(obj.doc, spec, rule.section) : undefined;
  let out: { list: YAMLSeq; item: Node } | undefined;
  forEachRulePort(obj.doc, isSeq(section) ? section.items[rule.index] : undefined, (list, item, flat) => {
    if (flat === port.index) out = { list, item };
  });
  return out;
}

/** The `port:` scalar of the rule's port with flat index `port.index`. */
export function portScalar(obj: ManifestObject, p: PolicyIR, rule: IRRule, port: IRPort): { span: Span; path: string } | undefined {
  const e = portSpans(obj, p, rule, port);
  return e?.port ? { span: e.port, path: e.path } : undefined;
}

/** The spans of the rule's port with flat index `port.index` (portEntry's, kept without the trees: object-spans.ts). */
export function portSpans(obj: ManifestObject, p: PolicyIR, rule: IRRule, port: IRPort): CiliumPortSpans | undefined {
  return ciliumPortSpans(obj)[ciliumPortKey(p.specIndex, rule.section, rule.index, port.index)];
}

/**
 * The pods a Cilium rule's ports are about, when the workspace knows them: for ingress the policy's own pods,
 * for egress the pods of its endpoint peers. Empty (no finding) when any peer is an entity, CIDR, FQDN or
 * Service, when the rule has no peers (every destination), or when an endpoint peer without a label selector
 * spans namespaces the repository does not fill.
 */
export function ciliumDestinations(model: Model, p: PolicyIR, rule: IRRule): Workload[] {
  if (rule.direction === 'ingress') return [...selectedWorkloads(model, p)];
  if (!rule.peers || rule.peers.length === 0) return [];
  const ix = indexModel(model);
  const out = new Set<Workload>();
  for (const peer of rule.peers) {
    if (peer.kind !== 'endpoints') return [];
    if ((!peer.selector || isEmptySelector(peer.selector)) && (peer.namespaces.kind === 'all' || !scopeNamespaces(model, peer.namespaces).every((n) => namespaceHasWorkloads(ix, n)))) return [];
    for (const w of irPeerWorkloads(model, peer)) out.add(w);
  }
  return [...out];
}

/**
 * "Add DNS egress" in Cilium form: appends to the policy's own `egress` list a rule to the DNS pods on 53/ANY
 * with a `rules.dns` section (so toFQDNs keeps working). Only when `egress` is a block or flow list written in
 * place; anything else (egressDeny only, aliases) gets no fix rather than a risky edit.
 */
export function ciliumDnsFix(file: ParsedFile, obj: ManifestObject, p: PolicyIR, target: { namespace: string; labels: Record<string, string> }): Fix | undefined {
  const spec = p.specIndex === undefined ? getPair(obj.node as never, 'spec')?.value : ciliumSpec(obj, p);
  if (!isMap(spec)) return undefined;
  const egress = getPair(spec, 'egress')?.value;
  if (!isSeq(egress)) return undefined;
  const rule: YMap = {
    toEndpoints: [{ matchLabels: { [`k8s:${CILIUM_NS_KEY}`]: target.namespace, ...target.labels } }],
    toPorts: [{ ports: [{ port: '53', protocol: 'ANY' }], rules: { dns: [{ matchPattern: '*' }] } }],
  };
  const edit = appendToSeq(file.text, egress, rule, detectStyle(file.text, [obj.doc, ...file.docs]));
  return edit ? { title: `Add DNS egress (port 53 to ${target.namespace} pods ${Object.entries(target.labels).map(([k, v]) => `${k}=${v}`).join(',')}, with a rules.dns section)`, edits: [edit], isPreferred: true } : undefined;
}

/**
 * A stand-in pod for a Cilium policy that selects no workload of the workspace, so that the other policies that
 * would select the same pods (a cluster-wide DNS rule, most often) are asked too: the pod labels its
 * endpointSelector requires (matchLabels, one value of each `In`, a placeholder for `Exists`), in the policy's
 * namespace (a CCNP's from its namespace key), with the service account it names. Undefined when the namespace is
 * unknown or the stand-in does not satisfy the selector (namespace labels, NotIn on the namespace, a node policy).
 */
export function hypotheticalCiliumPod(model: Model, p: PolicyIR): Workload | undefined {
  const s = p.subject;
  if (s.nodes || s.selector.invalid) return undefined;
  const wanted = standInLabels(s.selector);
  const namespace = s.namespaces.kind === 'names' && s.namespaces.names.length === 1 ? s.namespaces.names[0] : wanted[CILIUM_NS_KEY];
  if (namespace === undefined) return undefined;
  const podLabels: Record<string, string> = {};
  for (const [k, v] of Object.entries(wanted)) {
    // Identity labels Cilium derives from the pod's namespace, service account and cluster, not pod labels.
    if (k !== CILIUM_NS_KEY && k !== CILIUM_SA_KEY && k !== CILIUM_CLUSTER_KEY && !k.startsWith(CILIUM_NS_LABELS_PREFIX)) podLabels[k] = v;
  }
  const name = `(pods of ${p.name})`;
  const sa = wanted[CILIUM_SA_KEY];
  const w: Workload = { id: `${namespace}/${name}`, kind: 'Pod', namespace, name, podLabels, ports: [], origin: { kind: 'implied' }, ...(sa !== undefined ? { serviceAccountName: sa } : {}) };
  return subjectSelects(model, s, w) ? w : undefined;
}
