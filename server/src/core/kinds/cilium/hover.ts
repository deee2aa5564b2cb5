// Hover for Cilium policies: what an endpointSelector selects (and that a CNP's stays in its namespace), one
// plain sentence per rule (peers with their namespace scope, ports, ICMP, L7, the `- {}` trap), entities explained.
import { nodeLocalDnsNote } from '../../connectivity/addr.ts';
import { describeSelector } from '../../connectivity/selectors.ts';
import { ENTITY_DOCS } from '../../connectivity/entities.ts';
import { groupCidrs, groupPeerText, peerGroups, selectsEverything } from './cidrgroup.ts';
import { inFile } from '../../model/byFile.ts';
import type { Model } from '../../model/types.ts';
import { scalarString } from '../../parse/access.ts';
import type { YamlLocation } from '../../parse/locate.ts';
import type { ManifestObject } from '../../parse/parse.ts';
import { CILIUM_NS_KEY, CILIUM_NS_LABELS_PREFIX, irPeerWorkloads, selectedWorkloads } from '../../policy/select.ts';
import type { IRPort, IRRule, PolicyIR, PolicyPeer } from '../../policy/types.ts';
import type { DraftSpec } from './read.ts';
import { NS_LABELS_IN_CNP_SINCE, TO_SERVICES_SELECTOR_SINCE } from './names.ts';
import { undeclaredPodsNote } from '../../hover/policy.ts';
import type { UndeclaredPodsIn } from '../../hover/context.ts';

const SECTIONS = new Set(['ingress', 'egress', 'ingressDeny', 'egressDeny']);

/** Why a toServices peer admits no pod before Cilium 1.17 (cilium-to-services-selector says it as a diagnostic). */
const SELECTORLESS_ONLY = `Before Cilium ${TO_SERVICES_SELECTOR_SINCE.major}.${TO_SERVICES_SELECTOR_SINCE.minor} toServices covers only Services without a selector (your \`netlens.ciliumVersion\`), whose endpoint addresses become CIDR rules, which never match pods.`;

export function isCiliumObject(obj: Pick<ManifestObject, 'kind' | 'apiVersion'>): boolean {
  return obj.apiVersion === 'cilium.io/v2' && (obj.kind === 'CiliumNetworkPolicy' || obj.kind === 'CiliumClusterwideNetworkPolicy');
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

function workloadList(ws: readonly { namespace: string; name: string }[]): string {
  const names = [...new Set(ws.map((w) => `\`${w.namespace}/${w.name}\``))];
  return names.length > 6 ? `${names.slice(0, 6).join(', ')} and ${names.length - 6} more` : names.join(', ');
}

function peerText(model: Model, p: PolicyPeer): string {
  switch (p.kind) {
    case 'endpoints': {
      const sel = p.selector ?? { matchLabels: {}, matchExpressions: [] };
      // A selector naming the namespace key is one namespace's pods, not "every namespace".
      const named = p.namespaces.kind === 'all' ? sel.matchLabels[CILIUM_NS_KEY] : undefined;
      const where = p.namespaces.kind === 'names' ? `namespace \`${p.namespaces.names.join(', ')}\`` : named !== undefined ? `namespace \`${named}\`` : usesNsLabels(p) ? 'every namespace whose labels match' : 'every namespace';
      const shown = named !== undefined ? { ...sel, matchLabels: Object.fromEntries(Object.entries(sel.matchLabels).filter(([k]) => k !== CILIUM_NS_KEY)) } : sel;
      const ws = irPeerWorkloads(model, p);
      const what = `pods matching \`${describeSelector(shown)}\``;
      return `${what} in ${where} (${count(ws.length, 'workload')} in the workspace${ws.length ? `: ${workloadList(ws)}` : ''})`;
    }
    case 'cidr':
      return `addresses in ${p.cidr}${p.except.length ? ` except ${p.except.join(', ')}` : ''} (never pods of the cluster)`;
    case 'entity':
      return `the \`${p.entity}\` entity (${ENTITY_DOCS[p.entity] ?? 'not an entity Cilium knows'})`;
    case 'fqdn':
      return p.matchName !== undefined ? `the DNS name \`${p.matchName}\`` : `DNS names matching \`${p.matchPattern ?? ''}\``;
    case 'service': {
      // No namespace: Cilium matches Services of that name (or labels) in every namespace (serviceRefMatches).
      const where = p.namespace !== undefined ? ` in namespace \`${p.namespace}\`` : ' in every namespace';
      const what = p.name !== undefined
        ? (p.namespace !== undefined ? `Service \`${p.namespace}/${p.name}\`` : `Service \`${p.name}\`${where}`)
        : `Services matching \`${describeSelector(p.selector ?? { matchLabels: {}, matchExpressions: [] })}\`${where}`;
      if (p.selectorlessOnly) return `no pod of ${what}`;
      return `the pods behind ${what}`;
    }
    case 'cidr-group': {
      const except = p.except.length ? ` except ${p.except.join(', ')}` : '';
      if (selectsEverything(p)) return `every endpoint: an empty \`cidrGroupSelector\` is a label selector with no requirement, which Cilium applies to every identity (the pods of every namespace, the nodes and the world${except ? `, world addresses${except}` : ''}), not just to CIDR groups`;
      const { groups, unseen } = peerGroups(model, p);
      if (unseen) return `the addresses of ${groupPeerText(p)}${except}, which ${p.ref !== undefined ? 'the workspace does not hold' : 'matches no group of the workspace'}: NetLens cannot tell which they are`;
      const cidrs = groups.flatMap((g) => g.cidrs);
      const blind = groups.flatMap((g) => g.blind ?? []);
      const note = blind.length ? `; Cilium 1.17 and later match no address through ${blind.join(', ')} (a zero-length prefix has the world identity, which carries no group label: cilium#39688)` : '';
      return `the addresses of ${groups.map((g) => `CiliumCIDRGroup \`${g.name}\``).join(', ')}: ${cidrs.length ? cidrs.join(', ') : 'none'}${except} (never pods of the cluster${note})`;
    }
    case 'nothing':
      return `nothing NetLens can match (${p.reason})`;
  }
}

/**
 * A port with its endPort. Cilium rejects no endPort below its port (only DNS rules refuse ranges) and reads it as the
 * port alone (PortRangeToMaskedPorts in pkg/policy: an end at or below the start is the start port alone), as connectivity does.
 */
function portText(p: IRPort): string {
  if (p.endPort === undefined || typeof p.port !== 'number' || p.endPort === p.port) return `${p.port}`;
  return p.endPort > p.port ? `${p.port}-${p.endPort}` : `${p.port} (endPort ${p.endPort} is below it, so Cilium reads port ${p.port} alone)`;
}

function portsText(r: IRRule): string {
  const parts = (r.ports ?? []).map((p) => `${p.protocol === 'ANY' ? 'any protocol' : p.protocol} ${p.port === undefined || p.port === 0 ? 'all ports' : portText(p)}${p.l7 ? ` (L7 ${p.l7.kind}: only ${p.l7.summary})` : ''}`);
  for (const t of r.icmps ?? []) parts.push(`${t.family === 'IPv6' ? 'ICMPv6' : 'ICMP'} type ${t.type}`);
  return parts.length > 0 ? `on ${parts.join(', ')}` : 'on every port and protocol';
}

function usesNsLabels(x: PolicyPeer): boolean {
  return x.kind === 'endpoints' && !!x.selector && [...Object.keys(x.selector.matchLabels), ...x.selector.matchExpressions.map((e) => e.key)].some((k) => k.startsWith(CILIUM_NS_LABELS_PREFIX));
}

/** What a CNP peer selecting by namespace labels means in the configured Cilium release (cnp-namespace-labels-ignored). */
function nsLabelsSentence(p: PolicyIR, r: IRRule): string {
  const peers = (r.peers ?? []).filter(usesNsLabels);
  if (peers.length === 0) return '';
  const since = `${NS_LABELS_IN_CNP_SINCE.major}.${NS_LABELS_IN_CNP_SINCE.minor}`;
  return peers.some((x) => x.kind === 'endpoints' && x.namespaces.kind === 'all')
    ? ` From Cilium ${since}, a selector over namespace labels (\`${CILIUM_NS_LABELS_PREFIX}*\`) is not limited to the policy's namespace: it matches pods of every namespace with those labels, although Cilium's documentation long said this works only in a CiliumClusterwideNetworkPolicy.`
    : ` Before Cilium ${since} (your \`netlens.ciliumVersion\`), the namespace-label key (\`${CILIUM_NS_LABELS_PREFIX}*\`) is ignored across namespaces: only pods of \`${p.namespace ?? ''}\` can match. Use a CiliumClusterwideNetworkPolicy to select other namespaces by their labels.`;
}

const HOST_POLICY = 'This is a host policy (`nodeSelector`): it governs the traffic of the nodes it selects, not of pods, and NetLens does not model node traffic.';

/** The CIDR blocks a peer names: its own, or those of the CiliumCIDRGroups it names (as the DNS rules read them). */
function blocksOf(model: Model, x: PolicyPeer): { cidr: string; except: string[] }[] {
  if (x.kind === 'cidr') return [{ cidr: x.cidr, except: x.except }];
  return x.kind === 'cidr-group' ? groupCidrs(model, x).map((cidr) => ({ cidr, except: x.except })) : [];
}

/** One plain sentence about a rule of the IR. */
export function ruleSentence(model: Model, p: PolicyIR, r: IRRule, empty: boolean): string {
  const verb = r.action === 'deny' ? 'Denies' : 'Allows';
  const dir = r.direction === 'ingress' ? 'traffic from' : 'traffic to';
  if (empty) {
    return `**${r.section}[${r.index}]** is empty (\`{}\`): it names no peer and no port, so it allows nothing, and its presence puts the selected endpoints in default-deny for ${r.direction}. Cilium's handling of an empty rule has varied across versions; prefer \`{${r.direction === 'ingress' ? 'fromEntities' : 'toEntities'}: [none]}\`.`;
  }
  const peers = r.peers === undefined ? 'every peer (in and outside the cluster)' : r.peers.length === 0 ? 'no peer at all (an explicit empty list selects nothing)' : r.peers.map((x) => peerText(model, x)).join('; or ');
  const pin = p.kind === 'CiliumNetworkPolicy' && r.peers?.some((x) => x.kind === 'endpoints' && x.namespaces.kind === 'names')
    ? ` Endpoint selectors of a CiliumNetworkPolicy are limited to its namespace \`${p.namespace ?? ''}\` unless they name \`k8s:io.kubernetes.pod.namespace\`.`
    : '';
  const nsLabels = p.kind === 'CiliumNetworkPolicy' ? nsLabelsSentence(p, r) : '';
  const services = r.peers?.some((x) => x.kind === 'service' && x.selectorlessOnly) ? ` ${SELECTORLESS_ONLY}` : '';
  const deny = r.action === 'deny' ? ' A deny wins over every allow, including NetworkPolicy allows on the same pods.' : '';
  const dns = r.direction === 'egress' && r.action === 'allow' && !(r.icmps?.length && !r.ports?.length) ? nodeLocalDnsNote((r.peers ?? []).flatMap((x) => blocksOf(model, x)), r.ports) : undefined;
  // With a Local Redirect Policy the queries go to the cache's pods, which a CIDR rule never selects.
  const lrp = dns ? ` ${dns} Under Cilium's Local Redirect Policy for the cache the queries reach its pods instead, which CIDR rules never select: allow those with toEndpoints.` : '';
  return `**${r.section}[${r.index}]** ${verb} ${dir} ${peers} ${portsText(r)}.${services}${pin}${nsLabels}${deny}${lrp}${(p.source as DraftSpec | undefined)?.nodeSelector === true ? ` ${HOST_POLICY}` : ''}`;
}

/**
 * The Markdown for a hover inside a Cilium policy, or undefined. `undeclared`: the objects that run pods the
 * workspace does not declare in a namespace (model/deployers.ts), when the hover has the workspace's files.
 */
export function ciliumHover(loc: YamlLocation, obj: ManifestObject, model: Model, undeclared?: UndeclaredPodsIn): string | undefined {
  const path = loc.path;
  let i = 0;
  let specIndex: number | undefined;
  if (path[0] === 'specs' && typeof path[1] === 'number') {
    specIndex = path[1];
    i = 2;
  } else if (path[0] === 'spec') i = 1;
  else return undefined;
  const ir = inFile(model.policyIR, obj.uri).find((p) => p.origin.kind === 'file' && p.origin.span.start === obj.span.start && p.specIndex === specIndex);
  if (!ir) return undefined;
  const key = path[i];
  if (key === 'endpointSelector') {
    const ws = selectedWorkloads(model, ir);
    const where = ir.namespace !== undefined ? `in \`${ir.namespace}\`` : 'in every namespace';
    // ParseToCiliumRule replaces only the `k8s:`-keyed matchLabel; other namespace requirements stay (lower.ts).
    const pinned = ir.namespace !== undefined ? ` A CiliumNetworkPolicy applies only to its own namespace: Cilium replaces a \`k8s:${CILIUM_NS_KEY}\` matchLabel with it, but keeps a namespace named with a bare or \`any:\` key or in matchExpressions, so naming another namespace that way selects nothing.` : '';
    const others = ws.length === 0 && ir.namespace !== undefined ? undeclaredPodsNote(undeclared?.(ir.namespace), ir.namespace) : '';
    return `**endpointSelector** selects ${count(ws.length, 'workload')} ${where}${ws.length ? `: ${workloadList(ws)}` : ''}.${others}${pinned}`;
  }
  if (key === 'enableDefaultDeny') return defaultDenyHover(ir);
  if (key === 'nodeSelector' && (ir.source as DraftSpec | undefined)?.nodeSelector === true) return `**nodeSelector** selects nodes. ${HOST_POLICY} Verdicts about pods leave this policy out.`;
  if (typeof key === 'string' && SECTIONS.has(key) && typeof path[i + 1] === 'number') {
    const index = path[i + 1] as number;
    const rule = ir.rules.find((r) => r.section === key && r.index === index);
    if (!rule) return undefined;
    const field = path[i + 2];
    if ((field === 'fromEntities' || field === 'toEntities') && typeof path[i + 3] === 'number') {
      const e = scalarString(loc.node);
      if (e) return `**${e}**: ${ENTITY_DOCS[e] ?? 'not an entity Cilium knows'}.`;
    }
    const draft = (ir.source as DraftSpec | undefined)?.rules.find((r) => r.section === key && r.index === index);
    // What the rule holds that NetLens does not apply (CIDR groups, nodes, requires, authentication): said, not dropped.
    const notes = draft?.notes ?? [];
    const requires = draft?.requiresNote ? `\n\n${draft.requiresNote}` : '';
    return ruleSentence(model, ir, rule, draft?.empty === true) + requires + (notes.length > 0 ? `\n\nNot analysed:\n${notes.map((n) => `- ${n}`).join('\n')}` : '');
  }
  return undefined;
}

/** Whether the policy puts its endpoints in default-deny, per direction, and why (enableDefaultDeny or its rules). */
function defaultDenyHover(p: PolicyIR): string {
  const set = (p.source as DraftSpec | undefined)?.enableDefaultDeny ?? {};
  const line = (d: 'ingress' | 'egress'): string => {
    const v = set[d];
    const why = v !== undefined ? `\`${d}: ${v}\`` : `not set, so it follows whether the policy has ${d} or ${d}Deny rules: it ${p.isolates[d] ? 'has' : 'has none'}`;
    return p.isolates[d]
      ? `- ${d}: **default-deny** (${why}): the selected endpoints get only the ${d} traffic some policy allows.`
      : `- ${d}: **not default-deny** (${why}): this policy's ${d} rules only add allowances (its deny rules still drop), and traffic no policy mentions stays allowed unless another policy isolates the endpoints.`;
  };
  return `**enableDefaultDeny**\n\n${line('ingress')}\n${line('egress')}`;
}
