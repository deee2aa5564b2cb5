// Reads HTTPRoute and GRPCRoute: hostnames, parentRefs, rules with matches, filters and backendRefs (also
// the backendRef of RequestMirror filters), with the CRD defaults (parent kind Gateway, backend kind Service).
import { isMap, isScalar, type Document, type Node } from 'yaml';
import { get, seqItems, spanOf } from '../../parse/access.ts';
import type { ManifestObject } from '../../parse/parse.ts';
import { fileOrigin } from '../../model/read.ts';
import { groupOf, int, str } from './fields.ts';
import { isGatewayApi } from './read-gateway.ts';
import { GATEWAY_GROUP, type BackendRefInfo, type Located, type MatchCondition, type ParentRefInfo, type RouteInfo, type RouteKind, type RouteMatchInfo, type RouteRuleInfo } from './types.ts';

export function isRoute(obj: Pick<ManifestObject, 'kind' | 'apiVersion'>): obj is { kind: RouteKind; apiVersion: string } {
  return (obj.kind === 'HTTPRoute' || obj.kind === 'GRPCRoute') && isGatewayApi(obj);
}

export function readRoute(obj: ManifestObject, namespace: string): RouteInfo | undefined {
  if (!isRoute(obj) || !obj.name) return undefined;
  const doc = obj.doc;
  const spec = get(doc, obj.node, 'spec');
  const hostnames: Located<string>[] = [];
  for (const h of seqItems(doc, get(doc, spec, 'hostnames'))) {
    const v = h && 'value' in h && typeof h.value === 'string' ? h.value : undefined;
    const span = spanOf(h);
    if (v !== undefined) hostnames.push(span ? { value: v.toLowerCase(), span } : { value: v.toLowerCase() });
  }
  const parentRefs: ParentRefInfo[] = [];
  seqItems(doc, get(doc, spec, 'parentRefs')).forEach((node, index) => {
    if (isMap(node)) parentRefs.push(readParentRef(doc, node, index, namespace));
  });
  const rules: RouteRuleInfo[] = [];
  const written = get(doc, spec, 'rules');
  seqItems(doc, written).forEach((node, index) => {
    if (isMap(node)) rules.push(readRule(doc, node, index, namespace, obj.kind as RouteKind));
  });
  // The HTTPRoute CRD defaults an absent spec.rules to one rule matching PathPrefix / (no backendRefs, so a request
  // it takes gets an error status); GRPCRoute has no such default.
  if (obj.kind === 'HTTPRoute' && (written === undefined || (isScalar(written) && written.value === null))) rules.push({ index: 0, matches: [], filters: [], backendRefs: [] });
  const route: RouteInfo = { id: `${namespace}/${obj.name}`, kind: obj.kind as RouteKind, namespace, name: obj.name, hostnames, parentRefs, rules, origin: fileOrigin(obj), uri: obj.uri };
  const createdAt = timestamp(get(doc, get(doc, obj.node, 'metadata'), 'creationTimestamp'));
  if (createdAt !== undefined) route.createdAt = createdAt;
  if (obj.namespace === undefined) route.namespaceImplied = true;
  return route;
}

/** An RFC 3339 time (a string, or a Date under the YAML 1.1 schema) in ms; `null` and other values read as absent. */
function timestamp(node: Node | undefined): number | undefined {
  const v = isScalar(node) ? node.value : undefined;
  const ms = v instanceof Date ? v.getTime() : typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) ? Date.parse(v) : Number.NaN;
  return Number.isFinite(ms) ? ms : undefined;
}

function readParentRef(doc: Document, node: Node, index: number, namespace: string): ParentRefInfo {
  const name = str(doc, node, 'name');
  const section = str(doc, node, 'sectionName');
  const port = int(doc, node, 'port');
  const p: ParentRefInfo = {
    index,
    // ParentReference defaults: group gateway.networking.k8s.io, kind Gateway, namespace of the route.
    group: str(doc, node, 'group').value ?? GATEWAY_GROUP,
    kind: str(doc, node, 'kind').value ?? 'Gateway',
    name: name.value ?? '',
    namespace: str(doc, node, 'namespace').value ?? namespace,
  };
  if (section.value !== undefined) p.sectionName = section.value;
  if (port.value !== undefined) p.port = port.value;
  const span = spanOf(node);
  if (span) p.span = span;
  if (name.span) p.nameSpan = name.span;
  if (section.span) p.sectionSpan = section.span;
  if (port.span) p.portSpan = port.span;
  return p;
}

function readRule(doc: Document, node: Node, index: number, namespace: string, kind: RouteKind): RouteRuleInfo {
  const rule: RouteRuleInfo = { index, matches: [], filters: [], backendRefs: [] };
  const span = spanOf(node);
  if (span) rule.span = span;
  for (const m of seqItems(doc, get(doc, node, 'matches'))) rule.matches.push(kind === 'GRPCRoute' ? grpcMatch(doc, m) : httpMatch(doc, m));
  for (const f of seqItems(doc, get(doc, node, 'filters'))) {
    const type = str(doc, f, 'type').value;
    if (type) rule.filters.push(type);
    // A mirror's backendRef is a reference like any other: it needs its Service and, across namespaces, a grant.
    const mirror = get(doc, get(doc, f, 'requestMirror'), 'backendRef');
    if (type === 'RequestMirror' && isMap(mirror)) rule.backendRefs.push({ ...readBackendRef(doc, mirror, index, -1, namespace), filter: 'mirror' });
  }
  seqItems(doc, get(doc, node, 'backendRefs')).forEach((b, i) => {
    if (isMap(b)) rule.backendRefs.push(readBackendRef(doc, b, index, i, namespace));
  });
  return rule;
}

function readBackendRef(doc: Document, node: Node, ruleIndex: number, index: number, namespace: string): BackendRefInfo {
  const name = str(doc, node, 'name');
  const port = int(doc, node, 'port');
  const kind = str(doc, node, 'kind');
  const b: BackendRefInfo = {
    ruleIndex,
    index,
    group: groupOf(doc, node),
    kind: kind.value ?? 'Service',
    name: name.value ?? '',
    namespace: str(doc, node, 'namespace').value ?? namespace,
    weight: int(doc, node, 'weight').value ?? 1,
  };
  if (port.value !== undefined) b.port = port.value;
  const span = spanOf(node);
  if (span) b.span = span;
  if (name.span) b.nameSpan = name.span;
  if (port.span) b.portSpan = port.span;
  if (kind.span) b.kindSpan = kind.span;
  return b;
}

function httpMatch(doc: Document, m: Node | undefined): RouteMatchInfo {
  const path = get(doc, m, 'path');
  // HTTPRouteMatch defaults: path {type: PathPrefix, value: "/"}; header and query matches {type: Exact}.
  const pathType = str(doc, path, 'type').value ?? 'PathPrefix';
  const value = str(doc, path, 'value');
  const conditions: MatchCondition[] = [];
  const method = str(doc, m, 'method');
  if (method.value) conditions.push({ kind: 'method', value: method.value, text: `method ${method.value}`, ...(method.span ? { span: method.span } : {}) });
  conditions.push(...nameValueMatches(doc, get(doc, m, 'headers'), 'header'));
  conditions.push(...nameValueMatches(doc, get(doc, m, 'queryParams'), 'query'));
  const out: RouteMatchInfo = { text: [`${pathType} ${value.value ?? '/'}`, ...conditions.map((c) => c.text)].join(', '), pathType, path: value.value ?? '/', conditions };
  const span = spanOf(m);
  if (span) out.span = span;
  if (value.span) out.pathSpan = value.span;
  return out;
}

/** HTTPHeaderMatch / HTTPQueryParamMatch / GRPCHeaderMatch items: name, value, type (default Exact). */
function nameValueMatches(doc: Document, seq: Node | undefined, kind: 'header' | 'query'): MatchCondition[] {
  return seqItems(doc, seq).map((h) => {
    const name = str(doc, h, 'name').value ?? '?';
    const value = str(doc, h, 'value').value ?? '';
    const type = str(doc, h, 'type').value ?? 'Exact';
    const label = kind === 'header' ? `header ${name}` : `query param ${name}`;
    const text = type === 'Exact' ? (kind === 'header' ? `${label}: ${value}` : `${label}=${value}`) : `${label} matching ${value}${type === 'RegularExpression' ? '' : ` (${type})`}`;
    const span = spanOf(h);
    return { kind, name, value, type, text, ...(span ? { span } : {}) };
  });
}

function grpcMatch(doc: Document, m: Node | undefined): RouteMatchInfo {
  const method = get(doc, m, 'method');
  const service = str(doc, method, 'service').value;
  const name = str(doc, method, 'method').value;
  const conditions = nameValueMatches(doc, get(doc, m, 'headers'), 'header');
  const out: RouteMatchInfo = { text: [`gRPC ${service ?? '*'}/${name ?? '*'}`, ...conditions.map((c) => c.text)].join(', '), conditions };
  if (service) out.service = service;
  if (name) out.method = name;
  const span = spanOf(m);
  if (span) out.span = span;
  return out;
}
