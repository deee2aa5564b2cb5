// The way in as graph nodes and edges: outside -> Gateway (or Ingress / IngressRoute / LoadBalancer or NodePort
// Service) -> route -> Service -> pods, with the policy verdict on the last hop (a gateway whose traffic a
// policy drops is drawn as a blocked step). Attachment and references are routing's; verdicts the engine's.
import { resolveNamedPort } from '../connectivity/ports.ts';
import { reach } from '../connectivity/reach.ts';
import { lbAddresses } from '../kinds/gateway/read-entry.ts';
import type { GatewayInfo, RouteInfo } from '../kinds/gateway/types.ts';
import type { Model, ServiceInfo, ServicePort, Workload } from '../model/types.ts';
import type { Options } from '../options.ts';
import type { RuleRef } from '../policy/types.ts';
import { backendHops, serviceWorkloads } from '../routing/dataplane-reach.ts';
import { exposure, type Exposure } from '../routing/exposure.ts';
import type { BackendStatus, RoutingAnalysis } from '../routing/types.ts';
import { encodeIdPart, workloadNodeId } from './ids.ts';
import { cmp, mergeRules, unionTraffic } from './traffic.ts';
import type { EdgeTraffic, TopologyNode } from './types.ts';

/** What the adapters pass to draw the way in: the workspace's routing analysis and the data-plane settings. */
export interface WayInInput {
  routing: RoutingAnalysis;
  options: Pick<Options, 'gatewayDataPlanes'>;
}

export interface WayEdge {
  from: string;
  to: string;
  label: string;
  kind: 'way' | 'blocked';
  traffic: EdgeTraffic;
  rules: RuleRef[];
  caveats: string[];
}

/** One port's answer: `blocked` says why the policies drop it (absent: let through). */
interface Verdict {
  blocked?: string;
  rules: RuleRef[];
  caveats: string[];
}

/** `TCP 80, 443 · UDP 53` from `TCP 80`, `TCP 443`, `UDP 53`. */
function portsText(ports: readonly string[]): string {
  const by = new Map<string, string[]>();
  for (const p of ports) {
    const [proto = '', port = ''] = p.split(' ');
    const list = by.get(proto) ?? by.set(proto, []).get(proto);
    if (list && !list.includes(port)) list.push(port);
  }
  return [...by].map(([proto, list]) => `${proto} ${list.join(', ')}`).join(' · ');
}

export interface WayIn {
  nodes: TopologyNode[];
  edges: WayEdge[];
  /** Workloads the way in ends at (they must be drawn). */
  workloads: Set<Workload>;
}

const OUTSIDE: Record<Exposure, { id: string; label: string }> = {
  external: { id: 'o_internet', label: 'internet' },
  internal: { id: 'o_private', label: 'private network' },
  unknown: { id: 'o_outside', label: 'outside the cluster' },
};

export const gatewayNodeId = (ns: string, name: string): string => `g_${encodeIdPart(ns)}__${encodeIdPart(name)}`;
export const routeNodeId = (kind: string, ns: string, name: string): string => `r_${encodeIdPart(kind.toLowerCase())}__${encodeIdPart(ns)}__${encodeIdPart(name)}`;
export const ingressNodeId = (kind: string, ns: string, name: string): string => `i_${encodeIdPart(kind.toLowerCase())}__${encodeIdPart(ns)}__${encodeIdPart(name)}`;
export const serviceNodeId = (ns: string, name: string): string => `s_${encodeIdPart(ns)}__${encodeIdPart(name)}`;

const NO_TRAFFIC: EdgeTraffic = { byProtocol: {}, other: false };
const portTraffic = (protocol: ServicePort['protocol'], port: number): EdgeTraffic => ({ byProtocol: { [protocol]: { all: false, ranges: [{ from: port, to: port }] } }, other: false });

/** At most `max` items, then `+N more`, so a node stays a box people can read. */
function few(items: readonly string[], max = 3): string[] {
  return items.length <= max ? [...items] : [...items.slice(0, max), `+${items.length - max} more`];
}

function locate(n: TopologyNode, origin: { kind: string; uri?: string; span?: { start: number; end: number }; nameSpan?: { start: number; end: number } }): TopologyNode {
  if (origin.kind === 'file' && origin.uri && origin.span) n.location = { uri: origin.uri, span: origin.nameSpan ?? origin.span };
  return n;
}

class Builder {
  readonly nodes = new Map<string, TopologyNode>();
  readonly edges = new Map<string, WayEdge>();
  readonly workloads = new Set<Workload>();

  constructor(
    readonly model: Model,
    readonly input: WayInInput,
  ) {}

  node(n: TopologyNode, origin?: Parameters<typeof locate>[1]): string {
    if (!this.nodes.has(n.id)) this.nodes.set(n.id, origin ? locate(n, origin) : n);
    return n.id;
  }

  /** Edges between the same two nodes are one edge: labels joined, rules merged; blocked wins over way. */
  edge(e: WayEdge): void {
    const key = `${e.from}\n${e.to}`;
    const prev = this.edges.get(key);
    if (!prev) return void this.edges.set(key, e);
    if (!prev.label.split(', ').includes(e.label)) prev.label = `${prev.label}, ${e.label}`;
    prev.rules = mergeRules(prev.rules, e.rules);
    prev.caveats = [...new Set([...prev.caveats, ...e.caveats])].sort();
    if (e.kind === 'blocked') prev.kind = 'blocked';
  }

  outside(addresses: readonly string[]): string {
    const o = OUTSIDE[exposure(addresses)];
    return this.node({ id: o.id, kind: 'outside', label: o.label });
  }

  service(svc: ServiceInfo, detail?: string): string {
    const id = serviceNodeId(svc.namespace, svc.name);
    const n = this.nodes.get(id);
    if (n) {
      if (detail && !n.details?.includes(detail)) n.details = [...(n.details ?? []), detail];
      return id;
    }
    const ports = svc.ports.map((p) => `${p.port}${p.targetPort !== p.port ? `→${p.targetPort}` : ''}`);
    return this.node({ id, kind: 'service', label: `Service ${svc.name}`, namespace: svc.namespace, details: [...(detail ? [detail] : []), ...(ports.length ? [`ports ${few(ports).join(', ')}`] : [])] }, svc.origin);
  }

  /**
   * Service -> pods, one edge per pod over every port's target port; `verdict` says whether the policies let
   * the entry's traffic in on one port (the edge is blocked when any port is).
   */
  pods(svc: ServiceInfo, sid: string, ports: readonly ServicePort[], verdict: (w: Workload, sp: ServicePort, port: number) => Verdict): void {
    for (const w of serviceWorkloads(this.model, svc)) {
      const open: string[] = [];
      const shut: string[] = [];
      const why = new Set<string>();
      let rules: RuleRef[] = [];
      const caveats = new Set<string>();
      let traffic: EdgeTraffic = NO_TRAFFIC;
      for (const sp of ports) {
        const port = typeof sp.targetPort === 'number' ? sp.targetPort : resolveNamedPort(w, sp.targetPort, sp.protocol);
        if (port === undefined) continue;
        const v = verdict(w, sp, port);
        (v.blocked === undefined ? open : shut).push(`${sp.protocol} ${port}`);
        if (v.blocked !== undefined) why.add(v.blocked);
        rules = mergeRules(rules, v.rules);
        for (const c of v.caveats) caveats.add(c);
        traffic = unionTraffic(traffic, portTraffic(sp.protocol, port));
      }
      if (open.length + shut.length === 0) continue;
      this.workloads.add(w);
      const label = shut.length > 0 ? `${portsText(shut)} blocked: ${[...why].sort().join('; ')}` : portsText(open);
      this.edge({ from: sid, to: workloadNodeId(w.kind, w.namespace, w.name), label, kind: shut.length > 0 ? 'blocked' : 'way', traffic, rules, caveats: [...caveats].sort() });
    }
  }

  gateway(gw: GatewayInfo): string {
    const addresses = [...gw.addresses.map((a) => a.value), ...lbAddresses(gw.infraAnnotations)];
    const listeners = gw.listeners.map((l) => `${l.protocol} ${l.port ?? '?'}${l.hostname ? ` ${l.hostname}` : ''}`);
    const known = gatewayNodeId(gw.namespace, gw.name);
    if (this.nodes.has(known)) return known;
    const from = this.outside(addresses);
    const id = this.node({ id: gatewayNodeId(gw.namespace, gw.name), kind: 'gateway', label: `Gateway ${gw.id}`, namespace: gw.namespace, details: [addresses.length ? few(addresses, 2).join(', ') : 'address from the cluster', ...few(listeners)] }, gw.origin);
    const ports = [...new Set(gw.listeners.map((l) => `${l.protocol} ${l.port ?? '?'}`))];
    this.edge({ from, to: id, label: ports.join(', '), kind: 'way', traffic: NO_TRAFFIC, rules: [], caveats: [] });
    return id;
  }

  /** `hostnames`: those served through attached listeners; the route's own when it attached nowhere. */
  route(r: RouteInfo, gid: string, hostnames: readonly string[]): string {
    const own = r.hostnames.map((h) => h.value);
    const shown = hostnames.length ? hostnames : own.length ? own : ['any hostname'];
    const id = this.node({ id: routeNodeId(r.kind, r.namespace, r.name), kind: 'route', label: `${r.kind} ${r.id}`, namespace: r.namespace, details: few(shown, 2), foldInto: gid }, r.origin);
    return id;
  }

  backend(b: BackendStatus, rid: string, gateways: ReadonlySet<GatewayInfo>): void {
    const route = b.route;
    const rule = route.rules.find((x) => x.index === b.backend.ruleIndex);
    const paths = rule?.matches.map((m) => m.path ?? m.method ?? m.text).filter((x): x is string => !!x) ?? [];
    const where = `${paths.length ? few(paths, 2).join(' ') : '/'}${b.backend.filter ? ' (mirror)' : ''}`;
    if (!b.service || !b.servicePort) {
      const n = this.nodes.get(rid);
      if (n) n.badges = [...(n.badges ?? []), `backend ${b.backend.namespace}/${b.backend.name}: ${b.problem ?? 'not resolved'}`];
      return;
    }
    const svc = b.service;
    const sp = b.servicePort;
    const sid = this.service(svc);
    this.edge({ from: rid, to: sid, label: `${where} → ${sp.port}`, kind: 'way', traffic: portTraffic(sp.protocol, sp.port), rules: [], caveats: [] });
    const hops = backendHops(this.model, this.input.routing, b, this.input.options).filter((h) => gateways.has(h.gateway));
    this.pods(svc, sid, [sp], (w) => {
      const rules: RuleRef[] = [];
      const caveats: string[] = [];
      const blockedFor: string[] = [];
      for (const h of hops) {
        const p = h.pods.find((x) => x.workload === w);
        if (!h.dataPlane) caveats.push(`Policies not checked for Gateway ${h.gateway.id}: NetLens does not know the data plane of GatewayClass "${h.gateway.className}" (netlens.gateway.dataPlanes).`);
        if (!p) continue;
        caveats.push(...p.caveats);
        if (p.allowed) rules.push(...p.allowedBy);
        else {
          rules.push(...p.isolatedBy);
          const dp = h.dataPlane?.name ?? 'the data plane';
          blockedFor.push(p.egressBlocked ? `${dp}'s own egress is denied` : `no rule admits ${dp}${hops.length > 1 ? ` (Gateway ${h.gateway.id})` : ''}`);
        }
      }
      return { ...(blockedFor.length > 0 ? { blocked: blockedFor.join('; ') } : {}), rules, caveats };
    });
  }
}

/** Everything that lets a request in, for the Services whose namespace `inFocus` accepts (all when absent). */
export function wayIn(model: Model, input: WayInInput, inFocus: (namespace: string) => boolean = () => true): WayIn {
  const b = new Builder(model, input);
  const { routing } = input;
  const routeGateways = new Map<RouteInfo, Set<GatewayInfo>>();
  for (const p of routing.parents) {
    if (!p.gateway || p.attached.length === 0) continue;
    (routeGateways.get(p.route) ?? routeGateways.set(p.route, new Set()).get(p.route))?.add(p.gateway);
  }
  const wanted = (r: RouteInfo) => inFocus(r.namespace) || routing.backends.some((x) => x.route === r && inFocus(x.backend.namespace));
  const parents = [...routing.parents].filter((p) => p.gateway && wanted(p.route)).sort((x, y) => cmp(x.route.id, y.route.id) || cmp(x.gateway?.id ?? '', y.gateway?.id ?? ''));
  for (const p of parents) {
    const gw = p.gateway as GatewayInfo;
    const gid = b.gateway(gw);
    const hostnames = [...new Set(p.attached.flatMap((v) => v.hostnames))].sort();
    const first = [...(routeGateways.get(p.route) ?? [])].sort((x, y) => cmp(x.id, y.id))[0];
    const rid = b.route(p.route, first ? gatewayNodeId(first.namespace, first.name) : gid, hostnames);
    if (p.attached.length > 0) {
      b.edge({ from: gid, to: rid, label: [...new Set(p.attached.map((v) => v.listener.name))].sort().join(', '), kind: 'way', traffic: NO_TRAFFIC, rules: [], caveats: [] });
    } else {
      // Attached to no listener of this Gateway: the route serves nothing through it; say why on the arrow.
      const why = [...new Set(p.verdicts.map((v) => v.refused).filter((x): x is NonNullable<typeof x> => x !== undefined))].sort();
      b.edge({ from: gid, to: rid, label: `not attached${why.length ? ` (${why.join(', ')})` : ''}`, kind: 'blocked', traffic: NO_TRAFFIC, rules: [], caveats: [] });
    }
  }
  const drawn = new Set(parents.map((p) => p.route));
  for (const x of routing.backends) if (drawn.has(x.route) && routeGateways.has(x.route)) b.backend(x, routeNodeId(x.route.kind, x.route.namespace, x.route.name), routeGateways.get(x.route) ?? new Set());

  for (const ing of [...routing.gw.ingresses].sort((x, y) => cmp(x.id, y.id) || cmp(x.kind, y.kind))) {
    const targets = ing.paths.filter((p) => p.serviceName !== undefined && inFocus(ing.namespace));
    if (targets.length === 0) continue;
    const hosts = [...new Set(ing.paths.map((p) => p.host ?? '*'))].sort();
    const from = b.outside([]);
    const iid = b.node({ id: ingressNodeId(ing.kind, ing.namespace, ing.name), kind: 'ingress', label: `${ing.kind} ${ing.id}`, namespace: ing.namespace, details: [...(ing.className ? [`class ${ing.className}`] : []), ...few(hosts, 2)] }, ing.origin);
    b.edge({ from, to: iid, label: ing.entryPoints.length ? ing.entryPoints.join(', ') : 'HTTP', kind: 'way', traffic: NO_TRAFFIC, rules: [], caveats: [] });
    for (const p of targets) {
      const svc = model.services.find((s) => s.namespace === ing.namespace && s.name === p.serviceName);
      if (!svc) continue;
      const sp = svc.ports.filter((x) => p.servicePort === undefined || x.port === p.servicePort || x.name === p.servicePort);
      const sid = b.service(svc);
      b.edge({ from: iid, to: sid, label: `${p.host ?? '*'}${p.path ?? ''}`, kind: 'way', traffic: NO_TRAFFIC, rules: [], caveats: [] });
      const caveat = `Policies not checked: NetLens does not know which pods run the ${ing.kind === 'IngressRoute' ? 'Traefik' : 'ingress controller'} for ${ing.kind} ${ing.id}.`;
      b.pods(svc, sid, sp, () => ({ rules: [], caveats: [caveat] }));
    }
  }

  for (const e of [...routing.gw.entryServices].sort((x, y) => cmp(x.id, y.id))) {
    const svc = model.services.find((s) => s.id === e.id);
    if (!svc || !inFocus(svc.namespace)) continue;
    const from = b.outside(e.type === 'LoadBalancer' ? e.addresses : []);
    const sid = b.service(svc, `${e.type}${e.addresses.length ? ` ${few(e.addresses, 2).join(', ')}` : ''}`);
    const ports = e.ports.map((p) => `${p.protocol} ${e.type === 'NodePort' && p.nodePort ? p.nodePort : p.port}`);
    b.edge({ from, to: sid, label: portsText(ports), kind: 'way', traffic: NO_TRAFFIC, rules: [], caveats: [] });
    // Clients outside the cluster are the `world`; whether their address survives to the pod depends on
    // externalTrafficPolicy and the data plane, so the verdict says what it assumes.
    const caveat = `Asked as traffic from outside the cluster (world); with externalTrafficPolicy: Cluster the pods may see a node's address instead of the client's.`;
    b.pods(svc, sid, svc.ports, (w, sp, port) => {
      const v = reach(model, { from: { kind: 'entity', entity: 'world' }, to: { kind: 'workload', workload: w }, port, protocol: sp.protocol });
      if (v.allowed) return { rules: v.ingress.allowedBy, caveats: [caveat, ...v.caveats] };
      return { blocked: v.ingress.deniedBy.length > 0 ? 'a deny rule drops clients outside the cluster' : 'no rule admits clients outside the cluster', rules: [...v.ingress.isolatedBy, ...v.ingress.deniedBy], caveats: [caveat, ...v.caveats] };
    });
  }
  // Where requests come from first, then what takes them, in the order they pass.
  const rank: Record<string, number> = { outside: 0, gateway: 1, ingress: 1, route: 2, service: 3 };
  const nodes = [...b.nodes.values()].sort((x, y) => (rank[x.kind] ?? 4) - (rank[y.kind] ?? 4));
  return { nodes, edges: [...b.edges.values()], workloads: b.workloads };
}
