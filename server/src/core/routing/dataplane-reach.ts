// From the gateway to the pods: for each backend of an attached route, whether the Gateway's data plane may
// reach the Service's pods on the target port through the policies (the connectivity engine decides).
import { resolveNamedPort } from '../connectivity/ports.ts';
import { reach } from '../connectivity/reach.ts';
import { podsMatching } from '../policy/select.ts';
import type { Endpoint, RuleRef, Verdict } from '../connectivity/types.ts';
import { dataPlaneOf, dataPlanePods, type DataPlane } from '../kinds/gateway/dataplanes.ts';
import type { GatewayInfo } from '../kinds/gateway/types.ts';
import type { Model, ServiceInfo, Workload } from '../model/types.ts';
import type { Options } from '../options.ts';
import type { BackendStatus, ParentStatus, RoutingAnalysis } from './types.ts';

export interface PodReach {
  workload: Workload;
  /** The container port the Service's targetPort means on these pods (undefined: a name they do not declare). */
  port?: number;
  allowed: boolean;
  /** Policies that isolate the pods for ingress (to name in messages). */
  isolatedBy: RuleRef[];
  /** Rules that let the data plane in. */
  allowedBy: RuleRef[];
  /** The data plane's own egress is blocked (not the backend's ingress). */
  egressBlocked?: boolean;
  caveats: string[];
}

export interface GatewayHop {
  gateway: GatewayInfo;
  dataPlane?: DataPlane;
  pods: PodReach[];
}

/** Workloads a Service selects (none for a Service without selector: its endpoints are managed by hand). */
export function serviceWorkloads(model: Model, svc: ServiceInfo): readonly Workload[] {
  const sel = svc.selector;
  if (!sel || Object.keys(sel).length === 0) return [];
  return podsMatching(model, svc.namespace, sel);
}

/** The data plane of a Gateway as a workload the connectivity engine can ask about. */
function dataPlaneWorkload(dp: DataPlane, gw: GatewayInfo): Workload {
  const pods = dataPlanePods(dp, gw);
  return { id: `${pods.namespace}/${gw.name} data plane`, kind: 'ClusterWorkload', namespace: pods.namespace, name: `${dp.name} data plane of ${gw.name}`, podLabels: pods.labels, ports: [], origin: { kind: 'implied' } };
}

// A routing analysis's parent references by route, in their order: each backend asked for its route's parents,
// and scanning every parent per backend was quadratic in the routes (499 routes: a quarter of a million visits).
// Keyed by the list, which an analysis builds once and never changes after.
const PARENTS_BY_ROUTE = new WeakMap<readonly ParentStatus[], Map<ParentStatus['route'], ParentStatus[]>>();

function parentsOf(routing: RoutingAnalysis, route: ParentStatus['route']): readonly ParentStatus[] {
  let byRoute = PARENTS_BY_ROUTE.get(routing.parents);
  if (!byRoute) {
    byRoute = new Map();
    for (const p of routing.parents) {
      const list = byRoute.get(p.route);
      if (list) list.push(p);
      else byRoute.set(p.route, [p]);
    }
    PARENTS_BY_ROUTE.set(routing.parents, byRoute);
  }
  return byRoute.get(route) ?? [];
}

/** For one resolved backend: per Gateway the route is attached to, whether its data plane reaches each pod. */
export function backendHops(model: Model, routing: RoutingAnalysis, b: BackendStatus, options: Pick<Options, 'gatewayDataPlanes'>): GatewayHop[] {
  const svc = b.service;
  const sp = b.servicePort;
  if (!svc || !sp) return [];
  const gateways = new Map<string, GatewayInfo>();
  for (const p of parentsOf(routing, b.route)) if (p.gateway && p.attached.length > 0) gateways.set(p.gateway.id, p.gateway);
  const workloads = serviceWorkloads(model, svc);
  const out: GatewayHop[] = [];
  for (const gw of gateways.values()) {
    const dp = dataPlaneOf(gw, routing.gw.classes, options.gatewayDataPlanes);
    const hop: GatewayHop = { gateway: gw, pods: [] };
    if (dp) hop.dataPlane = dp;
    for (const w of workloads) {
      const port = typeof sp.targetPort === 'number' ? sp.targetPort : resolveNamedPort(w, sp.targetPort, sp.protocol);
      if (!dp || port === undefined) {
        hop.pods.push({ workload: w, ...(port !== undefined ? { port } : {}), allowed: true, isolatedBy: [], allowedBy: [], caveats: port === undefined ? [`pods of ${w.name} declare no port named "${sp.targetPort}"`] : [] });
        continue;
      }
      // Cilium's proxy forwards with the reserved `ingress` identity: the engine knows which peers match it.
      const from: Endpoint = dp.identity === 'ingress' ? { kind: 'entity', entity: 'ingress' } : { kind: 'workload', workload: dataPlaneWorkload(dp, gw) };
      const v: Verdict = reach(model, { from, to: { kind: 'workload', workload: w }, port, protocol: sp.protocol });
      hop.pods.push({ workload: w, port, allowed: v.allowed, isolatedBy: v.ingress.isolatedBy, allowedBy: [...v.egress.allowedBy, ...v.ingress.allowedBy], ...(v.egress.allowed ? {} : { egressBlocked: true }), caveats: v.caveats });
    }
    out.push(hop);
  }
  return out;
}
