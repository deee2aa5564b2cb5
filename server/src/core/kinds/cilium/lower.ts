// Cilium drafts -> the policy IR, one PolicyIR per rule of `spec`/`specs`:
// - a CNP's subject is pinned to its namespace: a `k8s:io.kubernetes.pod.namespace` matchLabel is replaced by it,
//   any other namespace requirement stays (naming another namespace, the policy then selects nothing);
// - a CNP peer selector gets the policy's namespace unless it names io.kubernetes.pod.namespace or (Cilium 1.16
//   and later, per netlens.ciliumVersion) selects by io.cilium.k8s.namespace.labels.* (pkg/k8s/apis/cilium.io/utils
//   getEndpointSelector; before 1.16 such a peer was pinned too, its label requirement kept); a CCNP peer without a
//   namespace key matches pods of every namespace (never the host or world);
// - a toServices peer takes Services of every namespace when it names none; before Cilium 1.17 (per
//   netlens.ciliumVersion) only Services without a selector, whose addresses never match pods;
// - selectors naming `reserved:` labels select those entities;
// - fromRequires/toRequires (before Cilium 1.19) are lowered like peers, onto IRRule.requires;
// - isolation per direction: enableDefaultDeny when set, else "the rule has ingress/ingressDeny (egress/...)".
import type { Selector } from '../../model/types.ts';
import { CILIUM_NS_KEY, CILIUM_NS_LABELS_PREFIX } from '../../policy/select.ts';
import type { IRRule, PolicyIR, PolicyPeer, PolicySubject } from '../../policy/types.ts';
import type { CiliumDraft, DraftPeer, DraftRule, DraftSpec } from './read.ts';
import { selectorKeys } from './names.ts';

const hasKey = (sel: Selector, key: string): boolean => selectorKeys(sel).includes(key);
const hasPrefix = (sel: Selector, prefix: string): boolean => selectorKeys(sel).some((k) => k.startsWith(prefix));

function subjectOf(spec: DraftSpec, namespace: string | undefined): PolicySubject {
  const none: Selector = { matchLabels: {}, matchExpressions: [] };
  if (!spec.endpointSelector) return { namespaces: { kind: 'all' }, selector: none, labels: 'identity', nodes: true };
  if (namespace === undefined) return { namespaces: { kind: 'all' }, selector: spec.endpointSelector, labels: 'identity' };
  // pkg/k8s/apis/cilium.io/utils ParseToCiliumRule: AddMatch sets `k8s:io.kubernetes.pod.namespace` to the policy's
  // namespace; a bare/`any:` namespace matchLabel or a namespace matchExpression is left in place, and the
  // identity's namespace label must meet it too (so another namespace there selects nothing).
  return { namespaces: { kind: 'names', names: [namespace] }, selector: spec.pinnedSelector ?? spec.endpointSelector, labels: 'identity' };
}

/** What the configured Cilium release changes in the lowering (netlens.ciliumVersion). */
interface Release {
  nsLabelsPinned: boolean;
  toServicesSelectorlessOnly: boolean;
  requiresApplied: boolean;
}

function lowerPeer(p: DraftPeer, namespace: string | undefined, release: Release): PolicyPeer {
  if (p.kind === 'service' && release.toServicesSelectorlessOnly) return { ...p, selectorlessOnly: true };
  if (p.kind !== 'cilium-endpoints') return p;
  const base = { index: p.index, field: p.field, ...(p.span ? { span: p.span } : {}) };
  const reserved = selectorKeys(p.selector).filter((k) => k.startsWith('reserved:'));
  if (reserved.length > 0) {
    // `reserved:host` and friends select Cilium's reserved identities, i.e. entities.
    const only = reserved.length === 1 && selectorKeys(p.selector).length === 1 && p.selector.matchExpressions.length === 0;
    return only ? { kind: 'entity', entity: reserved[0]!.slice('reserved:'.length), ...base } : { kind: 'nothing', reason: 'a selector over reserved labels that NetLens does not analyse', ...base };
  }
  const explicitNs = hasKey(p.selector, CILIUM_NS_KEY);
  if (explicitNs || namespace === undefined) {
    // CCNP without a namespace key: every namespace, but only namespaced (pod) endpoints.
    return { kind: 'endpoints', namespaces: { kind: 'all' }, selector: p.selector, labels: 'identity', ...base };
  }
  if (!release.nsLabelsPinned && hasPrefix(p.selector, CILIUM_NS_LABELS_PREFIX)) return { kind: 'endpoints', namespaces: { kind: 'all' }, selector: p.selector, labels: 'identity', ...base };
  return { kind: 'endpoints', namespaces: { kind: 'names', names: [namespace] }, selector: p.selector, labels: 'identity', ...base };
}

function lowerRule(r: DraftRule, namespace: string | undefined, release: Release): IRRule {
  const out: IRRule = { direction: r.direction, section: r.section, action: r.action, index: r.index, peers: r.peers?.map((p) => lowerPeer(p, namespace, release)), ports: r.ports };
  if (r.span) out.span = r.span;
  if (r.icmps) out.icmps = r.icmps;
  // Requirements are namespaced as peers are (getEndpointSelector, called for FromRequires/ToRequires too).
  if (release.requiresApplied && r.requires?.length) out.requires = r.requires.map((p) => lowerPeer(p, namespace, release));
  return out;
}

export function lowerCilium(d: CiliumDraft, namespace: string | undefined): PolicyIR[] {
  const id = namespace === undefined ? d.name : `${namespace}/${d.name}`;
  const release: Release = { nsLabelsPinned: d.nsLabelsPinned === true, toServicesSelectorlessOnly: d.toServicesSelectorlessOnly === true, requiresApplied: d.requiresApplied === true };
  return d.specs.map((spec) => {
    const written = spec.written;
    const ir: PolicyIR = {
      id,
      kind: d.kind,
      name: d.name,
      subject: subjectOf(spec, namespace),
      isolates: {
        ingress: spec.enableDefaultDeny.ingress ?? (written.ingress > 0 || written.ingressDeny > 0),
        egress: spec.enableDefaultDeny.egress ?? (written.egress > 0 || written.egressDeny > 0),
      },
      rules: spec.rules.map((r) => lowerRule(r, namespace, release)),
      origin: d.origin,
      source: spec,
    };
    if (namespace !== undefined) ir.namespace = namespace;
    if (spec.specIndex !== undefined) ir.specIndex = spec.specIndex;
    if (d.invalid) ir.invalid = d.invalid;
    const notes = spec.rules.flatMap((r) => r.notes.map((n) => `${id} ${r.section}[${r.index}]: ${n}`));
    if (spec.nodeSelector) notes.push(`${id} selects nodes (nodeSelector): host policies govern node traffic, which NetLens does not model.`);
    if (notes.length > 0) ir.notes = notes;
    return ir;
  });
}
