// CiliumCIDRGroup (cilium.io/v2alpha1; cilium.io/v2 from Cilium 1.18): a cluster-scoped list of external CIDRs that
// CiliumNetworkPolicy CIDRSet entries name (cidrGroupRef) or select by label (cidrGroupSelector, Cilium 1.17).
// Read into the model so those peers match the group's addresses; what the workspace lacks is said, not guessed.
import { isSeq } from 'yaml';
import { fileOrigin, readLabels } from '../../model/read.ts';
import type { CidrGroupInfo, Model } from '../../model/types.ts';
import { matchesSelector } from '../../connectivity/selectors.ts';
import { get, scalarString, seqItems } from '../../parse/access.ts';
import type { ManifestObject } from '../../parse/parse.ts';
import type { PolicyPeer } from '../../policy/types.ts';
import { parseCidr } from '../../connectivity/addr.ts';
import type { Options } from '../../options.ts';
import { ciliumRelease } from './names.ts';
import type { CompletionEntry } from '../../completion/types.ts';
import type { KindValueCompletionArgs } from '../registry.ts';

export const CIDR_GROUP = 'CiliumCIDRGroup';
const APIS = new Set(['cilium.io/v2alpha1', 'cilium.io/v2']);

export function isCidrGroup(obj: Pick<ManifestObject, 'kind' | 'apiVersion'>): boolean {
  return obj.kind === CIDR_GROUP && obj.apiVersion !== undefined && APIS.has(obj.apiVersion);
}

/** cilium.io/v2 CiliumCIDRGroup is served from Cilium 1.18 (cilium#38940 promoted it and deprecated v2alpha1). */
export const V2_SINCE = 1018;

/** Whether the configured Cilium release serves the group's apiVersion (unset: 1.18, like every version gate). */
export function servedIn(apiVersion: string | undefined, options?: Pick<Options, 'ciliumVersion'>): boolean {
  return apiVersion !== 'cilium.io/v2' || ciliumRelease(options) >= V2_SINCE;
}

/** Cilium 1.17 selects a group's addresses by the labels its prefixes get in the ipcache (cilium#33441, #36087). */
const LABELLED_SINCE = 1017;

/**
 * The group as the API server stores it, or undefined when it is not created: no name, no spec.externalCIDRs (the
 * CRD requires spec and spec.externalCIDRs, an empty list being fine), or an entry that is not a CIDR (the CRD's
 * `format: cidr` rejects the whole object). The namespace is ignored (cluster-scoped).
 */
export function readCidrGroup(obj: ManifestObject, options?: Pick<Options, 'ciliumVersion'>): CidrGroupInfo | undefined {
  if (!isCidrGroup(obj) || !obj.name || !servedIn(obj.apiVersion, options)) return undefined;
  const list = get(obj.doc, get(obj.doc, obj.node, 'spec'), 'externalCIDRs');
  if (!isSeq(list)) return undefined;
  const cidrs = seqItems(obj.doc, list).map(scalarString);
  if (cidrs.some((c) => c === undefined || !parseCidr(c))) return undefined;
  const labels = readLabels(obj.doc, get(obj.doc, get(obj.doc, obj.node, 'metadata'), 'labels'));
  // A zero-length prefix resolves to the reserved world identity, which carries no group label: selected by label,
  // it matches nothing (cilium#39688; cilium#48366, still open, splits it in two /1 prefixes).
  const labelled = ciliumRelease(options) >= LABELLED_SINCE;
  const blind = labelled ? cidrs.filter((c) => c !== undefined && /\/0$/.test(c)) : [];
  return { name: obj.name, labels, cidrs: cidrs as string[], ...(blind.length > 0 ? { blind: blind as string[] } : {}), origin: fileOrigin(obj) };
}

type GroupPeer = Extract<PolicyPeer, { kind: 'cidr-group' }>;

/**
 * The groups a peer stands for: the named one, or every group whose labels the selector matches (an empty selector
 * is not a group selection: see selectsEverything). `unseen` when the workspace cannot answer: the named group is not in it, or no group of it
 * matches the selector (the cluster may hold ones that do).
 */
export function peerGroups(model: Model, peer: GroupPeer): { groups: CidrGroupInfo[]; unseen: boolean } {
  // An empty selector stands for every identity (selectsEverything), which callers handle first.
  if (selectsEverything(peer)) return { groups: [], unseen: false };
  const all = model.cidrGroups ?? new Map<string, CidrGroupInfo>();
  if (peer.ref !== undefined) {
    const g = all.get(peer.ref);
    return g ? { groups: [g], unseen: false } : { groups: [], unseen: true };
  }
  const sel = peer.selector;
  const groups = sel ? [...all.values()].filter((g) => matchesSelector(sel, g.labels)) : [];
  return { groups, unseen: groups.length === 0 };
}

/**
 * An empty cidrGroupSelector (no matchLabels, no matchExpressions): Cilium turns the selector into an endpoint
 * selector with no requirement (pkg/policy/api/cidr.go, CIDRRuleSlice.GetAsEndpointSelectors), which selects every
 * identity: the pods of every namespace, the nodes and the world, minus the `except` addresses. Not "every group".
 */
export function selectsEverything(peer: GroupPeer): boolean {
  const s = peer.selector;
  return peer.ref === undefined && s !== undefined && !s.invalid && Object.keys(s.matchLabels).length === 0 && s.matchExpressions.length === 0;
}

/** The world blocks an everything-selecting peer covers (its except taken out per family), as CIDR peers. */
export function everythingBlocks(peer: GroupPeer): { cidr: string; except: string[] }[] {
  return [
    { cidr: '0.0.0.0/0', except: peer.except.filter((e) => !e.includes(':')) },
    { cidr: '::/0', except: peer.except.filter((e) => e.includes(':')) },
  ];
}

/**
 * The blocks a group peer names, for rules that read addresses as written (the node-local DNS cache): its groups'
 * CIDRs that match addresses; none for an empty selector (every identity, not a block anyone wrote).
 */
export function groupCidrs(model: Model, peer: GroupPeer): string[] {
  if (selectsEverything(peer)) return [];
  return peerGroups(model, peer).groups.flatMap((g) => g.cidrs.filter((c) => !g.blind?.includes(c)));
}

/** How a peer names its groups, for caveats and hovers: `CiliumCIDRGroup "internet"` or `CiliumCIDRGroups labelled ...`. */
export function groupPeerText(peer: GroupPeer): string {
  return peer.ref !== undefined ? `CiliumCIDRGroup "${peer.ref}"` : 'CiliumCIDRGroups selected by cidrGroupSelector';
}

/** Value completion of `cidrGroupRef`: the workspace's groups with their CIDRs; undefined elsewhere (generic completion). */
export function completeGroupRef(a: KindValueCompletionArgs): CompletionEntry[] | undefined {
  if (a.path[a.path.length - 1] !== 'cidrGroupRef') return undefined;
  return [...(a.model.cidrGroups?.values() ?? [])].map((g) => ({
    label: g.name,
    kind: 'value' as const,
    insertText: `${a.space ? ' ' : ''}${g.name}`,
    snippet: false,
    span: a.span,
    detail: `CiliumCIDRGroup: ${g.cidrs.length > 3 ? `${g.cidrs.slice(0, 3).join(', ')} and ${g.cidrs.length - 3} more` : g.cidrs.join(', ') || 'no CIDRs'}`,
  }));
}
