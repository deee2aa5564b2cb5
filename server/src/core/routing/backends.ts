// BackendRef resolution as a controller decides it (route status ResolvedRefs): the kind must be a core
// Service (InvalidKind), a cross-namespace ref needs a ReferenceGrant (RefNotPermitted), the Service must
// exist (BackendNotFound) and expose the port.
import { GATEWAY_GROUP, type BackendRefInfo, type RouteInfo } from '../kinds/gateway/types.ts';
import type { ServiceInfo } from '../model/types.ts';
import type { GrantIndex } from './grants.ts';
import type { BackendStatus, RoutingIssue } from './types.ts';

/**
 * Backend kinds some implementations define themselves; a controller that supports them resolves them, one that
 * does not reports InvalidKind. NetLens cannot tell which controller runs, so it does not judge these.
 */
const FOREIGN_BACKENDS = new Set([
  'multicluster.x-k8s.io/ServiceImport',
  // AWS's controller documents its ServiceImport routes without a group.
  '/ServiceImport',
  'net.gke.io/ServiceImport',
  'application-networking.k8s.aws/ServiceImport',
  'inference.networking.k8s.io/InferencePool',
  'inference.networking.x-k8s.io/InferencePool',
  'gateway.envoyproxy.io/Backend',
  'traefik.io/TraefikService',
  'networking.istio.io/Hostname',
  'networking.istio.io/ServiceEntry',
  'agentgateway.dev/AgentgatewayBackend',
  'gateway.kgateway.dev/Backend',
  'gloo.solo.io/Upstream',
  'gloo.solo.io/Backend',
]);

export function refText(b: BackendRefInfo): string {
  return b.filter === 'mirror' ? `rules[${b.ruleIndex}] RequestMirror backendRef` : `rules[${b.ruleIndex}].backendRefs[${b.index}]`;
}

export function resolveBackend(route: RouteInfo, b: BackendRefInfo, services: Map<string, ServiceInfo[]>, grants: GrantIndex, issues: RoutingIssue[]): BackendStatus {
  const status: BackendStatus = { route, backend: b, grants: [] };
  // A backendRef a kustomize patch wrote has no place in the route's file: the route's name stands for it.
  const span = b.nameSpan ?? b.span ?? (route.origin.kind === 'file' ? (route.origin.nameSpan ?? route.origin.span) : { start: 0, end: 0 });
  const push = (code: string, message: string, at = span, extra: Partial<RoutingIssue> = {}): void => {
    status.problem = code;
    issues.push({ code, uri: route.uri, span: at, message, ...extra });
  };
  if (b.group !== '' || b.kind !== 'Service') {
    if (FOREIGN_BACKENDS.has(`${b.group}/${b.kind}`)) {
      status.foreign = true;
      return status;
    }
    push('invalid-backend-kind', `${route.kind} "${route.name}" ${refText(b)} refers to ${b.group ? `${b.kind}.${b.group}` : b.kind}, which is not a kind a Gateway can route to (a core Service): the controller reports InvalidKind and requests to this backend fail.`, b.kindSpan ?? span);
    return status;
  }
  if (b.namespace !== route.namespace) {
    const from = { group: GATEWAY_GROUP, kind: route.kind, namespace: route.namespace };
    const to = { group: '', kind: 'Service', namespace: b.namespace, name: b.name };
    if (!grants.check(from, to)) {
      // When the workspace holds nothing of the target namespace, its grants may simply live elsewhere.
      const unseen = !services.has(`${b.namespace}/${b.name}`) && grants.inNamespace(b.namespace).length === 0;
      const where = unseen ? `the workspace holds no ReferenceGrant (nor the Service) of "${b.namespace}"` : `no ReferenceGrant in "${b.namespace}" permits it`;
      push('backend-ref-not-permitted', `${route.kind} "${route.name}" in namespace "${route.namespace}" refers to Service "${b.name}" in namespace "${b.namespace}", and ${where} (from ${route.kind} in "${route.namespace}" to Service${b.name ? ` "${b.name}"` : ''}): without one the controller reports RefNotPermitted.`, span, {
        ...(unseen ? { severity: 'information' as const } : {}),
        data: { namespace: b.namespace, fromKind: route.kind, fromNamespace: route.namespace, name: b.name },
        related: grants.inNamespace(b.namespace).map((g) => ({ uri: g.uri, span: g.origin.kind === 'file' ? (g.origin.nameSpan ?? g.origin.span) : { start: 0, end: 0 }, message: `ReferenceGrant ${g.namespace}/${g.name} does not match` })),
      });
      return status;
    }
    status.grants = grants.permitting(from, to);
  }
  // Several Services of one namespace/name (overlays, copies): the one exposing the port is the one meant.
  const all = services.get(`${b.namespace}/${b.name}`) ?? [];
  const svc = all.find((x) => x.ports.some((p) => p.port === b.port)) ?? all[0];
  if (!svc) {
    push('unknown-backend', `Service "${b.name}" in namespace "${b.namespace}" is not in the workspace: NetLens cannot check its port or the pods behind it (a controller reports BackendNotFound if it does not exist).`);
    return status;
  }
  status.service = svc;
  if (b.port === undefined) return status; // the CRD's own rule requires it for Services
  const sp = svc.ports.find((p) => p.port === b.port);
  if (!sp) {
    const ports = svc.ports.map((p) => p.port).join(', ') || 'none';
    push('unknown-backend-port', `Service "${b.namespace}/${b.name}" has no port ${b.port} (its ports: ${ports}): requests to this backend fail.`, b.portSpan ?? span, {
      related: svc.origin.kind === 'file' ? [{ uri: svc.origin.uri, span: svc.origin.nameSpan ?? svc.origin.span, message: `Service ${svc.id}` }] : [],
    });
    return status;
  }
  status.servicePort = sp;
  return status;
}
