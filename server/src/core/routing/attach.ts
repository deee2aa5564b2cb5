// Route attachment as a controller decides it (route status Accepted): the parentRef names a Gateway, its
// sectionName and port select listeners (NoMatchingParent), a Conflicted listener is not accepted, their
// allowedRoutes admit the route's namespace and kind (NotAllowedByListeners), and the hostnames intersect
// (NoMatchingListenerHostname).
import { matchesSelector } from '../connectivity/selectors.ts';
import { GATEWAY_GROUP, type GatewayInfo, type ListenerInfo, type ParentRefInfo, type RouteInfo } from '../kinds/gateway/types.ts';
import type { Model } from '../model/types.ts';
import type { Span } from '../source.ts';
import { effectiveHostnames } from './hostnames.ts';
import type { ListenerStatus, ListenerVerdict, ParentStatus, RoutingIssue } from './types.ts';

/** Route kinds a listener takes by default, per protocol (HTTPRoute and GRPCRoute share HTTP and HTTPS). */
const DEFAULT_KINDS: Record<string, readonly string[]> = {
  HTTP: ['HTTPRoute', 'GRPCRoute'],
  HTTPS: ['HTTPRoute', 'GRPCRoute'],
  TLS: ['TLSRoute'],
  TCP: ['TCPRoute'],
  UDP: ['UDPRoute'],
};

export function kindAllowed(l: ListenerInfo, routeKind: string): boolean {
  const compatible = DEFAULT_KINDS[l.protocol];
  // An implementation-specific protocol (`example.com/proto`): its kinds are the implementation's, not judged.
  if (!compatible) return true;
  if (!compatible.includes(routeKind)) return false;
  return l.kinds === undefined || l.kinds.some((k) => k.group === GATEWAY_GROUP && k.kind === routeKind);
}

export interface NamespaceCheck {
  allowed: boolean;
  /** The namespace is not declared in the workspace: a selector saw only its name label. */
  guessed?: boolean;
}

export function namespaceAllowed(model: Model, gw: GatewayInfo, l: ListenerInfo, routeNs: string): NamespaceCheck {
  switch (l.from) {
    case 'All':
      return { allowed: true };
    case 'Same':
      return { allowed: routeNs === gw.namespace };
    case 'Selector': {
      const info = model.namespaces.get(routeNs);
      const labels = info?.labels ?? { 'kubernetes.io/metadata.name': routeNs };
      const allowed = l.selector ? matchesSelector(l.selector, labels) : false;
      return allowed ? { allowed } : { allowed, guessed: !info || info.origin.kind === 'implied' };
    }
    default:
      return { allowed: false };
  }
}

function listenerLabel(l: ListenerInfo): string {
  return `"${l.name}" (${l.protocol} ${l.port ?? '?'}${l.hostname ? ` ${l.hostname}` : ''})`;
}

/**
 * Decides one parentRef of a route; pushes the finding when the route does not attach through it. Several
 * Gateways of one namespace/name (overlays, copies across folders) are alternatives: attaching to one is enough.
 */
export function attachParent(
  model: Model,
  gateways: Map<string, GatewayInfo[]>,
  route: RouteInfo,
  parent: ParentRefInfo,
  issues: RoutingIssue[],
  conflicted: ReadonlyMap<ListenerInfo, ListenerStatus> = new Map(),
): ParentStatus {
  const status: ParentStatus = { route, parent, verdicts: [], attached: [] };
  if (parent.group !== GATEWAY_GROUP || parent.kind !== 'Gateway') {
    status.unsupported = true;
    return status;
  }
  const span = parent.nameSpan ?? parent.span ?? (route.origin.kind === 'file' ? route.origin.span : { start: 0, end: 0 });
  const candidates = gateways.get(`${parent.namespace}/${parent.name}`) ?? [];
  if (candidates.length === 0) {
    issues.push({ code: 'unknown-parent', uri: route.uri, span, message: `Gateway "${parent.name}" in namespace "${parent.namespace}" is not in the workspace, so NetLens cannot check that ${route.kind} "${route.name}" attaches to it.` });
    return status;
  }
  let first: { status: ParentStatus; issues: RoutingIssue[] } | undefined;
  for (const gw of candidates) {
    const own: RoutingIssue[] = [];
    const s = attachTo(model, gw, route, parent, span, own, conflicted);
    if (own.length === 0) return s;
    first ??= { status: s, issues: own };
  }
  issues.push(...(first?.issues ?? []));
  return first?.status ?? status;
}

function attachTo(model: Model, gw: GatewayInfo, route: RouteInfo, parent: ParentRefInfo, span: Span, issues: RoutingIssue[], conflicted: ReadonlyMap<ListenerInfo, ListenerStatus>): ParentStatus {
  const status: ParentStatus = { route, parent, verdicts: [], attached: [] };
  status.gateway = gw;
  const related = gw.origin.kind === 'file' ? [{ uri: gw.uri, span: gw.origin.nameSpan ?? gw.origin.span, message: `Gateway ${gw.namespace}/${gw.name}` }] : [];
  const routeHosts = route.hostnames.map((h) => h.value);
  let candidates = gw.listeners;
  if (parent.sectionName !== undefined) {
    candidates = candidates.filter((l) => l.name === parent.sectionName);
    if (candidates.length === 0) {
      const names = gw.listeners.map((l) => `"${l.name}"`).join(', ') || 'none';
      issues.push({ code: 'unknown-section', uri: route.uri, span: parent.sectionSpan ?? span, message: `Gateway "${gw.name}" has no listener named "${parent.sectionName}" (its listeners: ${names}), so the route does not attach to it.`, related, ...(parent.sectionSpan ? { data: { listeners: gw.listeners.map((l) => l.name) } } : {}) });
      return status;
    }
  }
  if (parent.port !== undefined) {
    const onPort = candidates.filter((l) => l.port === parent.port);
    if (onPort.length === 0) {
      const ports = [...new Set(gw.listeners.map((l) => l.port))].join(', ');
      const which = parent.sectionName !== undefined ? `Listener "${parent.sectionName}" of Gateway "${gw.name}" is on port ${candidates[0]?.port ?? '?'}, not ${parent.port}` : `Gateway "${gw.name}" has no listener on port ${parent.port} (its ports: ${ports})`;
      issues.push({ code: 'unknown-parent-port', uri: route.uri, span: parent.portSpan ?? span, message: `${which}, so the route does not attach to it.`, related });
      return status;
    }
    candidates = onPort;
  }
  let guessed = false;
  for (const l of candidates) {
    const v: ListenerVerdict = { listener: l, hostnames: [] };
    const ns = namespaceAllowed(model, gw, l, route.namespace);
    const conflict = conflicted.get(l);
    // "ALL indistinct Listeners must not be accepted for processing": whatever else it admits, it serves nothing.
    if (conflict) {
      v.refused = 'conflicted';
      v.detail = `listener ${listenerLabel(l)} is Conflicted (${conflict.conflict}) with ${conflict.conflictWith.map((o) => `"${o.name}"`).join(', ')} and not accepted`;
    } else if (l.protocol === 'HTTPS' && l.tlsMode === undefined) {
      // No certificate to terminate TLS with (listener-tls-missing): it serves nothing, whatever it admits.
      v.refused = 'no-tls';
      v.detail = `listener ${listenerLabel(l)} is HTTPS without tls (no certificate to terminate TLS with)`;
    } else if (!ns.allowed) {
      v.refused = 'namespace';
      guessed ||= ns.guessed === true;
      // Not decided only when the namespace is all that is unknown: a kind or hostname the listener refuses
      // keeps the route out whatever the namespace's labels are (found in review).
      if (ns.guessed === true && kindAllowed(l, route.kind) && effectiveHostnames(l.hostname, routeHosts).length > 0) v.unknownNamespace = true;
      v.detail = `listener ${listenerLabel(l)} admits routes from ${l.from === 'Same' ? `namespace "${gw.namespace}" only` : l.from === 'Selector' ? 'namespaces its selector matches' : 'no namespace'}`;
    } else if (!kindAllowed(l, route.kind)) {
      v.refused = 'kind';
      v.detail = `listener ${listenerLabel(l)} admits ${l.kinds ? l.kinds.map((k) => k.kind).join(', ') || 'no route kind' : (DEFAULT_KINDS[l.protocol] ?? []).join(', ')}, not ${route.kind}`;
    } else {
      v.hostnames = effectiveHostnames(l.hostname, routeHosts);
      if (v.hostnames.length === 0) {
        v.refused = 'hostname';
        v.detail = `listener ${listenerLabel(l)} serves ${l.hostname}, which none of the route's hostnames (${routeHosts.join(', ')}) matches`;
      }
    }
    status.verdicts.push(v);
    if (!v.refused) status.attached.push(v);
  }
  if (status.attached.length > 0 || candidates.length === 0) return status;
  // Listeners the controller does not accept (Conflicted, HTTPS without tls): said on the route too, under the
  // listener's own rule; the Gateway's warning names the listeners, this names what stops working.
  const unaccepted = (v: ListenerVerdict): boolean => v.refused === 'conflicted' || v.refused === 'no-tls';
  const clash = status.verdicts.filter(unaccepted);
  const rest = status.verdicts.filter((v) => !unaccepted(v));
  if (rest.length === 0) {
    const code = clash.every((v) => v.refused === 'no-tls') ? 'listener-tls-missing' : 'listener-conflict';
    issues.push({ code, uri: route.uri, span, message: `${route.kind} "${route.name}" attaches to no listener of Gateway "${gw.name}": ${clash.map((v) => v.detail).join('; ')}, so it serves no request.`, related: [...related, ...listenerRelated(gw, clash.map((v) => v.listener))] });
    return status;
  }
  const allowed = rest.filter((v) => v.refused === 'hostname');
  if (allowed.length === 0) {
    const reasons = rest.map((v) => v.detail).join('; ');
    const nsNote = guessed ? ` Namespace "${route.namespace}" is not declared in the workspace, so NetLens only knows its name label.` : '';
    issues.push({ code: 'route-not-allowed', uri: route.uri, span, message: `Gateway "${gw.name}" does not allow ${route.kind} "${route.name}" from namespace "${route.namespace}": ${reasons}.${nsNote}`, related: [...related, ...listenerRelated(gw, rest.map((v) => v.listener))], ...(guessed ? { severity: 'information' as const } : {}) });
  } else {
    const reasons = allowed.map((v) => v.detail).join('; ');
    issues.push({ code: 'hostname-mismatch', uri: route.uri, span, message: `${route.kind} "${route.name}" attaches to no listener of Gateway "${gw.name}": ${reasons}.`, related: [...related, ...listenerRelated(gw, allowed.map((v) => v.listener))] });
  }
  return status;
}

function listenerRelated(gw: GatewayInfo, listeners: ListenerInfo[]): { uri: string; span: { start: number; end: number }; message: string }[] {
  return listeners.flatMap((l) => (l.span ? [{ uri: gw.uri, span: l.nameSpan ?? l.span, message: `listener ${listenerLabel(l)}` }] : []));
}
