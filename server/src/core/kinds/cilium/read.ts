// CiliumNetworkPolicy / CiliumClusterwideNetworkPolicy (cilium.io/v2) as drafts: every rule of `spec` and
// `specs`, with its subject, enableDefaultDeny, sections, peers (endpoint selectors with their source prefixes
// dropped, CIDRs, entities, services, FQDNs), ports (strings, named ports, endPort, ANY), ICMP types and L7 rules.
// Namespaces are applied later (lower.ts); whether the API server or agent rejects the object comes from validate/.
import { isMap, isScalar, isSeq, type Document } from 'yaml';
import type { Direction, Origin, Selector } from '../../model/types.ts';
import { fileOrigin, readSelector, trimmedSpan } from '../../model/read.ts';
import type { Options } from '../../options.ts';
import { get, getPair, scalarString, scalarValue, seqItems } from '../../parse/access.ts';
import type { ManifestObject } from '../../parse/parse.ts';
import type { Span } from '../../source.ts';
import { rejectionReasons } from '../../validate/index.ts';
import type { IcmpType, IRPort, L7Rules, PolicyPeer, PortProtocol, RuleAction, RuleSection } from '../../policy/types.ts';
import { bareSelector, ciliumPortName, K8S_NAMESPACE_LABEL, ciliumRelease, ICMP_V4, ICMP_V6, nsLabelsPinned, requiresApplied, toServicesSelectorlessOnly } from './names.ts';

/** An endpoint selector peer before namespaces are applied (CNP pins it to the policy's namespace). */
export type DraftPeer = PolicyPeer | { kind: 'cilium-endpoints'; selector: Selector; index: number; span?: Span; field: string };

export interface DraftRule {
  direction: Direction;
  section: RuleSection;
  action: RuleAction;
  index: number;
  span?: Span;
  /** undefined = no L3 field (every peer); [] = L3 fields that select nothing. */
  peers: DraftPeer[] | undefined;
  ports: IRPort[] | undefined;
  icmps?: IcmpType[];
  /** The rule has no field at all (`- {}`): Cilium's documented default-deny form, allowing nothing. */
  empty: boolean;
  /** What NetLens does not analyse in this rule (groups, nodes...), or applies in a way worth saying (requires). */
  notes: string[];
  /** fromRequires/toRequires selectors (prefix-free), namespaced like peers when lowered. */
  requires?: DraftPeer[];
  /** What those requirements do in the configured release (the hover says it; verdicts say it where it decides). */
  requiresNote?: string;
}

export interface DraftSpec {
  specIndex?: number;
  span?: Span;
  /** Prefix-free endpointSelector; undefined with nodeSelector (a host policy) or with neither. */
  endpointSelector?: Selector;
  /** In a CNP, the endpointSelector as the agent keeps it besides its own namespace (lower.ts subjectOf). */
  pinnedSelector?: Selector;
  nodeSelector: boolean;
  enableDefaultDeny: { ingress?: boolean; egress?: boolean };
  description?: string;
  rules: DraftRule[];
  /** Which sections are written with at least one entry (isolation defaults follow them). */
  written: Record<RuleSection, number>;
}

export interface CiliumDraft {
  kind: 'CiliumNetworkPolicy' | 'CiliumClusterwideNetworkPolicy';
  name: string;
  specs: DraftSpec[];
  origin: Origin;
  invalid?: string[];
  /** Cilium before 1.16 (netlens.ciliumVersion): a CNP peer selecting by namespace labels stays in the policy's namespace. */
  nsLabelsPinned?: boolean;
  /** Cilium before 1.17 (netlens.ciliumVersion): toServices takes only Services without a selector. */
  toServicesSelectorlessOnly?: boolean;
  /** Cilium before 1.19 (netlens.ciliumVersion): fromRequires/toRequires are enforced. */
  requiresApplied?: boolean;
}

const isNull = (n: unknown): boolean => n === undefined || (isScalar(n) && n.value === null);
const SECTIONS: readonly { key: RuleSection; direction: Direction; action: RuleAction }[] = [
  { key: 'ingress', direction: 'ingress', action: 'allow' },
  { key: 'ingressDeny', direction: 'ingress', action: 'deny' },
  { key: 'egress', direction: 'egress', action: 'allow' },
  { key: 'egressDeny', direction: 'egress', action: 'deny' },
];

export function readCilium(obj: ManifestObject, text: string, options: Options): CiliumDraft | undefined {
  if (obj.apiVersion !== 'cilium.io/v2' || (obj.kind !== 'CiliumNetworkPolicy' && obj.kind !== 'CiliumClusterwideNetworkPolicy') || !obj.name) return undefined;
  const doc = obj.doc;
  const specs: DraftSpec[] = [];
  const spec = get(doc, obj.node, 'spec');
  if (isMap(spec)) specs.push(readSpec(doc, text, spec, undefined));
  seqItems(doc, get(doc, obj.node, 'specs')).forEach((s, i) => {
    if (isMap(s)) specs.push(readSpec(doc, text, s, i));
  });
  const draft: CiliumDraft = { kind: obj.kind, name: obj.name, specs, origin: fileOrigin(obj) };
  const release = ciliumRelease(options);
  if (obj.kind === 'CiliumNetworkPolicy' && nsLabelsPinned(release)) draft.nsLabelsPinned = true;
  if (toServicesSelectorlessOnly(release)) draft.toServicesSelectorlessOnly = true;
  if (requiresApplied(release)) draft.requiresApplied = true;
  for (const r of specs.flatMap((x) => x.rules)) if (r.requires) r.requiresNote = requiresNote(r, draft.requiresApplied === true);
  const invalid = rejectionReasons(obj, options);
  if (invalid.length > 0) draft.invalid = invalid;
  return draft;
}

/**
 * Up to 1.18 a requirement is not the rule's own: resolveL4IngressPolicy (pkg/policy rules.go) gathers the
 * FromRequires of every rule selecting the endpoint and appends them to each FromEndpoints selector of every rule
 * (GetSourceEndpointSelectorsWithRequirements), allow and deny requirements apart. Removed in 1.19 (#42615).
 */
function requiresNote(r: DraftRule, applied: boolean): string {
  const pre = r.direction === 'ingress' ? 'from' : 'to';
  if (!applied) return `**${pre}Requires** was removed in Cilium 1.19 (your \`netlens.ciliumVersion\`): it is not enforced, and NetLens does not apply it.`;
  return (
    `**${pre}Requires** (deprecated since Cilium 1.17) does not narrow this rule alone: Cilium adds its selectors to every ${pre}Endpoints selector ` +
    `of every ${r.action} ${r.direction} rule of every policy selecting these endpoints, NetworkPolicy rules included, and NetLens does the same. ` +
    `CIDR, entity, FQDN and port-only rules are not narrowed, and a requirement grants nothing by itself.`
  );
}

function readSpec(doc: Document, text: string, node: unknown, specIndex: number | undefined): DraftSpec {
  const es = readSelector(doc, get(doc, node, 'endpointSelector'), text);
  const out: DraftSpec = {
    nodeSelector: !isNull(get(doc, node, 'nodeSelector')),
    enableDefaultDeny: {},
    rules: [],
    written: { ingress: 0, ingressDeny: 0, egress: 0, egressDeny: 0 },
  };
  if (specIndex !== undefined) out.specIndex = specIndex;
  const span = trimmedSpan(text, node);
  if (span) out.span = span;
  if (es) {
    out.endpointSelector = bareSelector(es);
    // ParseToCiliumRule overwrites only the matchLabel keyed `k8s:io.kubernetes.pod.namespace` (AddMatch); every
    // other namespace requirement (bare or `any:` key, matchExpressions) stays and is ANDed with the policy's.
    const { [K8S_NAMESPACE_LABEL]: _overwritten, ...kept } = es.matchLabels;
    out.pinnedSelector = bareSelector({ ...es, matchLabels: kept });
  }
  const desc = scalarString(get(doc, node, 'description'));
  if (desc) out.description = desc;
  const edd = get(doc, node, 'enableDefaultDeny');
  for (const d of ['ingress', 'egress'] as const) {
    const v = scalarValue(get(doc, edd, d));
    if (typeof v === 'boolean') out.enableDefaultDeny[d] = v;
  }
  for (const s of SECTIONS) {
    const items = get(doc, node, s.key);
    if (!isSeq(items)) continue;
    out.written[s.key] = items.items.length;
    seqItems(doc, items).forEach((item, index) => out.rules.push(readRule(doc, text, item, s, index)));
  }
  return out;
}

function readRule(doc: Document, text: string, item: unknown, s: (typeof SECTIONS)[number], index: number): DraftRule {
  const rule: DraftRule = { direction: s.direction, section: s.key, action: s.action, index, peers: undefined, ports: undefined, empty: false, notes: [] };
  const span = trimmedSpan(text, item);
  if (span) rule.span = span;
  if (!isMap(item) || item.items.length === 0) {
    // `- {}` (or a null item): no peer and no port. Cilium documents it as "allow nothing".
    rule.empty = true;
    rule.peers = [];
    return rule;
  }
  const peers: DraftPeer[] = [];
  let anyL3 = false;
  const seen = (field: string): unknown[] | undefined => {
    const n = get(doc, item, field);
    if (n === undefined || !getPair(item, field)) return undefined;
    anyL3 = true;
    return isSeq(n) ? seqItems(doc, n) : [];
  };
  const push = (p: DraftPeer) => peers.push(p);
  const pre = s.direction === 'ingress' ? 'from' : 'to';
  (seen(`${pre}Endpoints`) ?? []).forEach((n, i) => {
    const sel = readSelector(doc, n, text) ?? { matchLabels: {}, matchExpressions: [] };
    push({ kind: 'cilium-endpoints', selector: bareSelector(sel), index: i, ...(sel.span ? { span: sel.span } : {}), field: `${pre}Endpoints` });
  });
  (seen(`${pre}CIDR`) ?? []).forEach((n, i) => {
    const cidr = scalarString(n);
    push(cidr ? { kind: 'cidr', cidr, except: [], pods: 'never', index: i, field: `${pre}CIDR`, ...spanned(text, n) } : { kind: 'nothing', reason: 'not a CIDR', index: i, field: `${pre}CIDR` });
  });
  (seen(`${pre}CIDRSet`) ?? []).forEach((n, i) => {
    const cidr = scalarString(get(doc, n, 'cidr'));
    const except = seqItems(doc, get(doc, n, 'except')).map(scalarString).filter((x): x is string => !!x);
    const ref = scalarString(get(doc, n, 'cidrGroupRef'));
    const bySel = readSelector(doc, get(doc, n, 'cidrGroupSelector'), text);
    const base = { except, index: i, field: `${pre}CIDRSet`, ...spanned(text, n) };
    // One of the three is set (cilium-schema rejects the rest); a group peer resolves against the workspace's groups.
    if (cidr) push({ kind: 'cidr', cidr, pods: 'never', ...base });
    else if (ref) push({ kind: 'cidr-group', ref, ...base });
    else if (bySel) push({ kind: 'cidr-group', selector: bareSelector(bySel), ...base });
    else push({ kind: 'nothing', reason: 'no cidr, cidrGroupRef or cidrGroupSelector', index: i, field: `${pre}CIDRSet`, ...spanned(text, n) });
  });
  (seen(`${pre}Entities`) ?? []).forEach((n, i) => {
    const e = scalarString(n);
    push(e ? { kind: 'entity', entity: e, index: i, field: `${pre}Entities`, ...spanned(text, n) } : { kind: 'nothing', reason: 'not an entity', index: i });
  });
  if (s.direction === 'egress') {
    (seen('toServices') ?? []).forEach((n, i) => {
      const named = get(doc, n, 'k8sService');
      const bySel = get(doc, n, 'k8sServiceSelector');
      if (isMap(named)) {
        const name = scalarString(get(doc, named, 'serviceName'));
        const ns = scalarString(get(doc, named, 'namespace'));
        push({ kind: 'service', ...(name ? { name } : {}), ...(ns ? { namespace: ns } : {}), index: i, field: 'toServices', ...spanned(text, n) });
      } else if (isMap(bySel)) {
        const sel = readSelector(doc, get(doc, bySel, 'selector'), text) ?? { matchLabels: {}, matchExpressions: [] };
        const ns = scalarString(get(doc, bySel, 'namespace'));
        push({ kind: 'service', selector: sel, ...(ns ? { namespace: ns } : {}), index: i, field: 'toServices', ...spanned(text, n) });
      } else push({ kind: 'nothing', reason: 'unsupported toServices entry', index: i, field: 'toServices' });
    });
    (seen('toFQDNs') ?? []).forEach((n, i) => {
      const matchName = scalarString(get(doc, n, 'matchName'));
      const matchPattern = scalarString(get(doc, n, 'matchPattern'));
      push({ kind: 'fqdn', ...(matchName !== undefined ? { matchName } : matchPattern !== undefined ? { matchPattern } : {}), index: i, field: 'toFQDNs', ...spanned(text, n) });
    });
  }
  for (const field of [`${pre}Nodes`, `${pre}Groups`]) {
    const list = seen(field);
    if (list === undefined) continue;
    list.forEach((_, i) => push({ kind: 'nothing', reason: `${field} is not analysed`, index: i, field }));
    if (list.length > 0) rule.notes.push(`${field} selects ${field.endsWith('Nodes') ? 'nodes' : 'cloud provider groups'}, which NetLens does not model: treated as matching nothing.`);
  }
  const requires = get(doc, item, `${pre}Requires`);
  if (isSeq(requires) && requires.items.length > 0) {
    rule.requires = seqItems(doc, requires).map((n, i) => {
      const sel = readSelector(doc, n, text) ?? { matchLabels: {}, matchExpressions: [] };
      return { kind: 'cilium-endpoints', selector: bareSelector(sel), index: i, ...(sel.span ? { span: sel.span } : {}), field: `${pre}Requires` };
    });
  }
  // Requirements grant nothing by themselves (Cilium's AllowsWildcarding is false while a Requires list is set): a
  // rule whose only L3 part is a non-empty Requires list selects no peer, not every peer.
  if (!anyL3 && isSeq(requires) && requires.items.length > 0) {
    anyL3 = true;
    push({ kind: 'nothing', reason: `${pre}Requires grants nothing by itself and this rule has no ${pre}Endpoints`, index: 0, field: `${pre}Requires` });
  }
  if (anyL3) rule.peers = peers;
  readPorts(doc, text, item, rule);
  // Mutual authentication gates an allow rule on a handshake NetLens cannot see (SPIRE identities).
  const auth = scalarString(get(doc, get(doc, item, 'authentication'), 'mode'));
  if (auth === 'required') rule.notes.push('authentication mode "required": Cilium lets this traffic through only after a mutual-authentication handshake between the two endpoints succeeds; NetLens assumes it does.');
  if (auth === 'test-always-fail') rule.notes.push('authentication mode "test-always-fail": Cilium drops the traffic this rule allows (the handshake always fails); NetLens does not model authentication and still counts it as allowed.');
  return rule;
}

function spanned(text: string, n: unknown): { span?: Span } {
  const span = trimmedSpan(text, n);
  return span ? { span } : {};
}

const PROTOCOLS = new Set(['TCP', 'UDP', 'SCTP', 'ANY']);

function readPorts(doc: Document, text: string, item: unknown, rule: DraftRule): void {
  const toPorts = get(doc, item, 'toPorts');
  if (isSeq(toPorts) && toPorts.items.length > 0) {
    const ports: IRPort[] = [];
    let index = 0;
    for (const pr of seqItems(doc, toPorts)) {
      const l7 = readL7(doc, get(doc, pr, 'rules'));
      const list = get(doc, pr, 'ports');
      if (!isSeq(list) || list.items.length === 0) {
        // A port rule without ports covers every port (its L7 rules then apply to all of them).
        ports.push({ protocol: 'ANY', index: index++, ...(l7 ? { l7 } : {}), ...spanned(text, pr) });
        continue;
      }
      for (const pn of seqItems(doc, list)) {
        const port: IRPort = { protocol: 'ANY', index: index++, ...spanned(text, pn) };
        const proto = scalarString(get(doc, pn, 'protocol'));
        if (proto !== undefined) {
          if (PROTOCOLS.has(proto)) port.protocol = proto as PortProtocol;
          else port.invalid = `protocol ${proto} is not analysed`;
        }
        const raw = scalarValue(get(doc, pn, 'port'));
        const s = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : undefined;
        if (s !== undefined && s !== '') port.port = /^\d+$/.test(s) ? Number(s) : ciliumPortName(s);
        const end = scalarValue(get(doc, pn, 'endPort'));
        if (typeof end === 'number' && end > 0) port.endPort = end;
        if (l7) port.l7 = l7;
        ports.push(port);
      }
    }
    rule.ports = ports;
  }
  const icmps = get(doc, item, 'icmps');
  if (isSeq(icmps) && icmps.items.length > 0) {
    const out: IcmpType[] = [];
    for (const r of seqItems(doc, icmps)) {
      for (const f of seqItems(doc, get(doc, r, 'fields'))) {
        const family = scalarString(get(doc, f, 'family')) === 'IPv6' ? 'IPv6' : 'IPv4';
        const t = scalarValue(get(doc, f, 'type'));
        const type = typeof t === 'number' ? t : typeof t === 'string' ? (/^\d+$/.test(t) ? Number(t) : (family === 'IPv6' ? ICMP_V6 : ICMP_V4)[t]) : undefined;
        if (type !== undefined && type >= 0 && type <= 255) out.push({ family, type, ...spanned(text, f) });
      }
    }
    rule.icmps = out;
  }
}

function readL7(doc: Document, rules: unknown): L7Rules | undefined {
  if (!isMap(rules)) return undefined;
  const http = get(doc, rules, 'http');
  if (isSeq(http)) {
    const parts = seqItems(doc, http).map((h) => {
      const method = scalarString(get(doc, h, 'method')) ?? 'any method';
      const path = scalarString(get(doc, h, 'path')) ?? 'any path';
      const host = scalarString(get(doc, h, 'host'));
      const headers = seqItems(doc, get(doc, h, 'headers')).length + seqItems(doc, get(doc, h, 'headerMatches')).length;
      return `${method} ${path}${host ? ` on host ${host}` : ''}${headers ? ` with ${headers} header condition${headers > 1 ? 's' : ''}` : ''}`;
    });
    return { kind: 'http', summary: parts.length > 0 ? parts.join('; ') : 'any HTTP request' };
  }
  const dns = get(doc, rules, 'dns');
  if (isSeq(dns)) {
    const sels = seqItems(doc, dns).map((d) => ({ matchName: scalarString(get(doc, d, 'matchName')), matchPattern: scalarString(get(doc, d, 'matchPattern')) }));
    const names = sels.map((x) => x.matchName ?? x.matchPattern ?? '?');
    const selectors = sels.map((x) => (x.matchName !== undefined ? { matchName: x.matchName } : x.matchPattern !== undefined ? { matchPattern: x.matchPattern } : {}));
    return { kind: 'dns', summary: `lookups of ${names.length > 0 ? names.join(', ') : 'no name'}`, dns: selectors };
  }
  const kafka = get(doc, rules, 'kafka');
  if (isSeq(kafka)) return { kind: 'kafka', summary: `${seqItems(doc, kafka).length} Kafka rule(s)` };
  const proto = scalarString(get(doc, rules, 'l7proto'));
  if (proto) return { kind: 'l7', summary: `${proto} rules` };
  return undefined;
}
