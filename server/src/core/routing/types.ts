// What attachment and reference resolution decide, per parentRef, backendRef and listener: the data the
// rules, hover, trace and inventory read (one computation per analysis).
import type { ServiceInfo, ServicePort } from '../model/types.ts';
import type { BackendRefInfo, GatewayInfo, GatewayModel, ListenerInfo, ParentRefInfo, ReferenceGrantInfo, RouteInfo } from '../kinds/gateway/types.ts';
import type { Span } from '../source.ts';
import type { RelatedInfo, Severity } from '../types.ts';

/** A problem found by routing, reported by the rule whose code it carries. */
export interface RoutingIssue {
  code: string;
  uri: string;
  span: Span;
  message: string;
  related?: RelatedInfo[];
  /** Overrides the rule's default severity when the evidence is weaker (e.g. an undeclared namespace). */
  severity?: Severity;
  data?: unknown;
}

export interface ListenerVerdict {
  listener: ListenerInfo;
  /** Why the listener does not take the route (undefined = attached). */
  refused?: 'section' | 'port' | 'namespace' | 'kind' | 'hostname' | 'conflict' | 'conflicted' | 'no-tls';
  detail?: string;
  /**
   * Refused for its namespace only because the namespace is not declared in the workspace (a Selector saw just
   * its name label): the cluster may well admit the route.
   */
  unknownNamespace?: boolean;
  /** Hostnames the route serves through this listener when attached. */
  hostnames: string[];
}

export interface ParentStatus {
  route: RouteInfo;
  parent: ParentRefInfo;
  /** undefined when the parent is not a Gateway in the workspace. */
  gateway?: GatewayInfo;
  /** The parent is not a Gateway (a Service for mesh, a ListenerSet): not analysed. */
  unsupported?: boolean;
  verdicts: ListenerVerdict[];
  attached: ListenerVerdict[];
}

export interface BackendStatus {
  route: RouteInfo;
  backend: BackendRefInfo;
  service?: ServiceInfo;
  servicePort?: ServicePort;
  /** A code of the problem, if any. */
  problem?: string;
  /** The backend kind is an implementation's own (not analysed). */
  foreign?: boolean;
  grants: ReferenceGrantInfo[];
}

export interface ListenerStatus {
  gateway: GatewayInfo;
  listener: ListenerInfo;
  /** Indistinct from the `conflictWith` listeners: Conflicted, not accepted, serves no route. */
  conflict?: 'HostnameConflict' | 'ProtocolConflict';
  conflictWith: ListenerInfo[];
  /** Distinct, but plain HTTP beside HTTPS/TLS on one port: whether both are served is implementation-specific. */
  mixedWith?: ListenerInfo[];
}

export interface RoutingAnalysis {
  gw: GatewayModel;
  parents: ParentStatus[];
  backends: BackendStatus[];
  listeners: ListenerStatus[];
  usedGrants: Set<ReferenceGrantInfo>;
  issues: RoutingIssue[];
}
