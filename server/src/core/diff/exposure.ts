// Exposure: which hostnames and paths a workspace serves from outside, through which entry (Gateway listener,
// Ingress, IngressRoute, LoadBalancer/NodePort Service) to which Service port, and whether the policies let
// the entry's traffic reach a pod. Two revisions' exposures compared give what a change exposes or hides.
import { resolveNamedPort } from '../connectivity/ports.ts';
import { reach } from '../connectivity/reach.ts';
import type { Model } from '../model/types.ts';
import { backendHops, serviceWorkloads } from '../routing/dataplane-reach.ts';
import type { Span } from '../source.ts';
import type { WayInInput } from '../topology/wayin.ts';
import { cmp } from '../topology/traffic.ts';

export interface Exposure {
  /** `Gateway infra/edge`, `Ingress apps/web`, `LoadBalancer media/jellyfin`. */
  entry: string;
  /** `http://app.example.com/api` (a `*` host: any hostname), or `192.168.1.40:8096` for a Service entry. */
  url: string;
  /** `apps/web:80`. */
  service: string;
  /** The route (or Ingress) that routes it, with its location, for links. */
  via?: string;
  uri?: string;
  span?: Span;
  /**
   * Whether a request gets to a pod: false when every backend pod is isolated against the entry's traffic.
   * Undefined when NetLens cannot tell (data plane unknown, no pod in the workspace).
   */
  reaches?: boolean;
}

export interface ExposureChange extends Exposure {
  /** `exposed`: new, or reachable again; `hidden`: gone (removed, detached); `blocked`: still routed, now dropped by a policy. */
  change: 'exposed' | 'hidden' | 'blocked';
}

export const exposureKey = (e: Exposure): string => `${e.entry}\n${e.url}\n${e.service}`;

function url(protocol: string, port: number | undefined, host: string, path: string): string {
  const scheme = protocol === 'HTTPS' || protocol === 'TLS' ? 'https' : protocol === 'HTTP' ? 'http' : protocol.toLowerCase();
  const standard = (scheme === 'http' && port === 80) || (scheme === 'https' && port === 443);
  return `${scheme}://${host}${standard || port === undefined ? '' : `:${port}`}${path}`;
}

function where(origin: { kind: string; uri?: string; span?: Span; nameSpan?: Span }): { uri?: string; span?: Span } {
  return origin.kind === 'file' && origin.uri && origin.span ? { uri: origin.uri, span: origin.nameSpan ?? origin.span } : {};
}

/** Every exposed (entry, URL, Service port), sorted and deduplicated by key. */
export function exposures(model: Model, input: WayInInput): Exposure[] {
  const { routing } = input;
  const out = new Map<string, Exposure>();
  const add = (e: Exposure) => {
    const k = exposureKey(e);
    const prev = out.get(k);
    // The same URL to the same Service through two rules: reachable if either path is.
    if (!prev) out.set(k, e);
    else if (e.reaches === true || (prev.reaches === false && e.reaches === undefined)) prev.reaches = e.reaches;
  };
  for (const p of routing.parents) {
    if (!p.gateway || p.attached.length === 0) continue;
    const gw = p.gateway;
    for (const b of routing.backends) {
      // A weight-0 backendRef receives no traffic (BackendRef.weight): no URL reaches it.
      if (b.route !== p.route || b.backend.filter || b.backend.weight === 0 || !b.service || !b.servicePort) continue;
      const rule = p.route.rules.find((r) => r.index === b.backend.ruleIndex);
      const paths = rule && rule.matches.length > 0 ? rule.matches.map((m) => m.path ?? (m.method ? `/${m.service ?? '*'}/${m.method}` : '/')) : ['/'];
      const hop = backendHops(model, routing, b, input.options).find((h) => h.gateway === gw);
      const reaches = hop?.dataPlane && hop.pods.length > 0 ? hop.pods.some((x) => x.allowed) : undefined;
      for (const v of p.attached) {
        for (const host of v.hostnames.length > 0 ? v.hostnames : ['*']) {
          for (const path of paths) {
            add({ entry: `Gateway ${gw.id}`, url: url(v.listener.protocol, v.listener.port, host, path), service: `${b.service.id}:${b.servicePort.port}`, via: `${p.route.kind} ${p.route.id}`, ...where(p.route.origin), ...(reaches !== undefined ? { reaches } : {}) });
          }
        }
      }
    }
  }
  for (const ing of routing.gw.ingresses) {
    for (const p of ing.paths) {
      if (p.serviceName === undefined) continue;
      const https = ing.tlsHosts.length > 0 && (p.host === undefined || ing.tlsHosts.includes(p.host));
      add({ entry: `${ing.kind} ${ing.id}`, url: `${https ? 'https' : 'http'}://${p.host ?? '*'}${p.path ?? '/'}`, service: `${ing.namespace}/${p.serviceName}:${p.servicePort ?? '?'}`, via: `${ing.kind} ${ing.id}`, ...where(ing.origin) });
    }
  }
  for (const e of routing.gw.entryServices) {
    const svc = model.services.find((s) => s.id === e.id);
    for (const port of e.ports) {
      const exposed = e.type === 'NodePort' ? port.nodePort : port.port;
      const address = e.type === 'LoadBalancer' && e.addresses.length > 0 ? e.addresses.join(', ') : e.type === 'NodePort' ? 'every node' : 'its load-balancer address';
      // Asked as the world reaching the pods on the target port (the caveat is the graph's: the node may SNAT).
      const sp = svc?.ports.find((x) => x.port === port.port && x.protocol === port.protocol);
      const pods = svc ? serviceWorkloads(model, svc) : [];
      const verdicts = sp
        ? pods.flatMap((w) => {
            const target = typeof sp.targetPort === 'number' ? sp.targetPort : resolveNamedPort(w, sp.targetPort, sp.protocol);
            return target === undefined ? [] : [reach(model, { from: { kind: 'entity', entity: 'world' }, to: { kind: 'workload', workload: w }, port: target, protocol: sp.protocol }).allowed];
          })
        : [];
      add({ entry: `${e.type} ${e.id}`, url: `${port.protocol.toLowerCase()}://${address}:${exposed ?? '?'}`, service: `${e.id}:${port.port}`, ...where(e.origin), ...(verdicts.length > 0 ? { reaches: verdicts.some(Boolean) } : {}) });
    }
  }
  return [...out.values()].sort((a, b) => cmp(a.entry, b.entry) || cmp(a.url, b.url) || cmp(a.service, b.service));
}

/**
 * What a change exposes and hides, as seen by a request: exposed = served now (not known to be dropped) and
 * not before (absent, or dropped by a policy); hidden = served before and now gone (`hidden`) or still routed
 * but dropped by a policy (`blocked`: the route is fine, the entry cannot reach the pods). A URL added or
 * removed while dropped changes nothing for a request, so it is not listed.
 */
export function diffExposure(base: readonly Exposure[], head: readonly Exposure[]): { exposed: ExposureChange[]; hidden: ExposureChange[] } {
  const served = (e: Exposure | undefined) => e !== undefined && e.reaches !== false;
  const before = new Map(base.map((e) => [exposureKey(e), e]));
  const after = new Map(head.map((e) => [exposureKey(e), e]));
  const exposed: ExposureChange[] = [];
  const hidden: ExposureChange[] = [];
  for (const [k, e] of after) {
    const b = before.get(k);
    if (served(e) && !served(b)) exposed.push({ ...e, change: 'exposed' });
    else if (!served(e) && served(b)) hidden.push({ ...e, change: 'blocked' });
  }
  for (const [k, e] of before) if (!after.has(k) && served(e)) hidden.push({ ...e, change: 'hidden' });
  return { exposed, hidden };
}
