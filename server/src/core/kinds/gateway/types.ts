// The way in from outside as typed data: Gateway API objects (Gateway, GatewayClass, HTTPRoute, GRPCRoute,
// ReferenceGrant), the Secrets listeners use, and the other entry points (Ingress, Traefik IngressRoute,
// LoadBalancer/NodePort Services). Schema defaults are applied when read; spans point at what the user wrote.
import type { Origin, Selector } from '../../model/types.ts';
import type { Span } from '../../source.ts';

export const GATEWAY_GROUP = 'gateway.networking.k8s.io';

/** A value as written (after defaulting) and where it sits; `span` is absent for defaulted values. */
export interface Located<T> {
  value: T;
  span?: Span;
}

export interface GatewayClassInfo {
  name: string;
  controllerName?: string;
  origin: Origin;
}

export type ListenerProtocol = 'HTTP' | 'HTTPS' | 'TLS' | 'TCP' | 'UDP' | string;

export interface RouteKindRef {
  group: string;
  kind: string;
  span?: Span;
}

export interface CertificateRef {
  index: number;
  group: string;
  kind: string;
  name: string;
  /** Resolved: written namespace, else the Gateway's. */
  namespace: string;
  span?: Span;
}

export interface ListenerInfo {
  index: number;
  name: string;
  port: number | undefined;
  protocol: ListenerProtocol;
  hostname?: string;
  /** `tls.mode` after defaulting (Terminate) when tls is set; undefined without tls. */
  tlsMode?: 'Terminate' | 'Passthrough' | string;
  certificateRefs: CertificateRef[];
  /** allowedRoutes.namespaces.from after defaulting (Same). */
  from: 'Same' | 'All' | 'Selector' | 'None' | string;
  /** allowedRoutes.namespaces.selector (from: Selector). */
  selector?: Selector;
  /** allowedRoutes.kinds when written (else the protocol's defaults apply). */
  kinds?: RouteKindRef[];
  span?: Span;
  nameSpan?: Span;
  allowedRoutesSpan?: Span;
}

export interface GatewayAddress {
  type: string;
  value: string;
}

export interface GatewayInfo {
  id: string;
  namespace: string;
  name: string;
  className: string;
  addresses: GatewayAddress[];
  /** `spec.infrastructure.annotations` (MetalLB / LB-IPAM annotations for the generated Service). */
  infraAnnotations: Record<string, string>;
  listeners: ListenerInfo[];
  origin: Origin;
  uri: string;
}

export interface ParentRefInfo {
  index: number;
  group: string;
  kind: string;
  name: string;
  namespace: string;
  sectionName?: string;
  port?: number;
  span?: Span;
  nameSpan?: Span;
  sectionSpan?: Span;
  portSpan?: Span;
}

export interface BackendRefInfo {
  /** Rule index; `filter` set when the ref sits in a RequestMirror filter. */
  ruleIndex: number;
  index: number;
  filter?: 'mirror';
  group: string;
  kind: string;
  name: string;
  namespace: string;
  /** Whether `namespace` was written (cross-namespace needs a ReferenceGrant). */
  port?: number;
  weight: number;
  span?: Span;
  nameSpan?: Span;
  portSpan?: Span;
  kindSpan?: Span;
}

/**
 * A part of a match that a URL does not carry (HTTP method, a header, a query parameter): the match takes a
 * request only if the request has it, so trace shows the rule as a conditional path.
 */
export interface MatchCondition {
  kind: 'method' | 'header' | 'query';
  /** Header or query parameter name (absent for a method). */
  name?: string;
  value: string;
  /** `Exact` (the default) or `RegularExpression` for headers and query parameters. */
  type?: string;
  /** e.g. `method GET`, `header version: two`, `query param page=2`, `header x-env matching ^prod`. */
  text: string;
  span?: Span;
}

export interface RouteMatchInfo {
  /** Human summary: the path then the conditions, e.g. `PathPrefix /api, header x-env: prod`. */
  text: string;
  pathType?: string;
  path?: string;
  /** Method, header and query parameter matches, in that order (HTTPRoute and GRPCRoute headers). */
  conditions: MatchCondition[];
  /** GRPCRoute method match. */
  service?: string;
  method?: string;
  span?: Span;
  pathSpan?: Span;
}

export interface RouteRuleInfo {
  index: number;
  matches: RouteMatchInfo[];
  /** Filter types in order (RequestRedirect, URLRewrite, ...). */
  filters: string[];
  backendRefs: BackendRefInfo[];
  span?: Span;
}

export type RouteKind = 'HTTPRoute' | 'GRPCRoute';

export interface RouteInfo {
  id: string;
  kind: RouteKind;
  namespace: string;
  name: string;
  hostnames: Located<string>[];
  parentRefs: ParentRefInfo[];
  rules: RouteRuleInfo[];
  /** `metadata.creationTimestamp` in ms when the manifest carries it (exports do): ties go to the older route. */
  createdAt?: number;
  /** No metadata.namespace: `namespace` is the default one, and `kubectl apply -n` may place the route elsewhere. */
  namespaceImplied?: true;
  origin: Origin;
  uri: string;
}

export interface GrantFrom {
  group: string;
  /** The written group's value span (absent: the group is not written). */
  groupSpan?: Span;
  kind: string;
  namespace: string;
  span?: Span;
}

export interface GrantTo {
  group: string;
  /** The written group's value span (absent: the group is not written). */
  groupSpan?: Span;
  kind: string;
  name?: string;
  span?: Span;
}

export interface ReferenceGrantInfo {
  id: string;
  namespace: string;
  name: string;
  apiVersion: string;
  from: GrantFrom[];
  to: GrantTo[];
  origin: Origin;
  uri: string;
}

/** A Secret a listener may reference, or a Secret another object produces (cert-manager Certificate). */
export interface SecretInfo {
  id: string;
  namespace: string;
  name: string;
  /** Why it cannot serve as a TLS certificate (undefined = usable or unknown contents). */
  unusable?: string;
  /** `Certificate` (cert-manager) when the Secret is produced by another object: contents not checked. */
  producedBy?: string;
  origin: Origin;
}

export interface IngressPath {
  /** The Ingress' default backend (v1 spec.defaultBackend, beta spec.backend): only requests no rule matches. */
  default?: true;
  host?: string;
  path?: string;
  pathType?: string;
  serviceName?: string;
  servicePort?: number | string;
  span?: Span;
}

/** Ingress (networking.k8s.io/v1) or Traefik IngressRoute: another way in, read for trace and inventory. */
export interface IngressInfo {
  id: string;
  kind: 'Ingress' | 'IngressRoute';
  namespace: string;
  name: string;
  className?: string;
  /** IngressRoute entryPoints, or Ingress TLS hosts ("https") when set. */
  entryPoints: string[];
  tlsHosts: string[];
  paths: IngressPath[];
  origin: Origin;
  uri: string;
}

/** A Service of type LoadBalancer or NodePort: an address reachable from outside the cluster. */
export interface EntryServiceInfo {
  id: string;
  namespace: string;
  name: string;
  type: 'LoadBalancer' | 'NodePort';
  /** Requested addresses: spec.loadBalancerIP, MetalLB and Cilium LB-IPAM annotations. */
  addresses: string[];
  ports: { port: number; nodePort?: number; protocol: string; name?: string }[];
  origin: Origin;
}

export interface GatewayModel {
  classes: Map<string, GatewayClassInfo>;
  gateways: GatewayInfo[];
  routes: RouteInfo[];
  grants: ReferenceGrantInfo[];
  /** Secrets by `namespace/name`. */
  secrets: Map<string, SecretInfo>;
  ingresses: IngressInfo[];
  entryServices: EntryServiceInfo[];
}
