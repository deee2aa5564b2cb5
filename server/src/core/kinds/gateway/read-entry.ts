// Other ways in from outside: Ingress (networking.k8s.io/v1, and the served betas), Traefik IngressRoute (routes[].services[]) and
// Services of type LoadBalancer or NodePort with the address they ask for (spec.loadBalancerIP, MetalLB and
// Cilium LB-IPAM annotations).
import { isMap } from 'yaml';
import { get, seqItems, spanOf } from '../../parse/access.ts';
import type { ManifestObject } from '../../parse/parse.ts';
import { fileOrigin, readStringMap } from '../../model/read.ts';
import { int, intOrString, str } from './fields.ts';
import type { EntryServiceInfo, IngressInfo, IngressPath } from './types.ts';

/** Annotations that request a LoadBalancer address (comma-separated lists), newest spelling first. */
export const LB_ADDRESS_ANNOTATIONS = ['metallb.io/loadBalancerIPs', 'metallb.universe.tf/loadBalancerIPs', 'lbipam.cilium.io/ips', 'io.cilium/lb-ipam-ips'];

export function lbAddresses(annotations: Record<string, string>, loadBalancerIP?: string): string[] {
  const out: string[] = [];
  if (loadBalancerIP) out.push(loadBalancerIP);
  for (const key of LB_ADDRESS_ANNOTATIONS) {
    for (const a of (annotations[key] ?? '').split(',')) if (a.trim() && !out.includes(a.trim())) out.push(a.trim());
  }
  return out;
}

export function readEntryService(obj: ManifestObject, namespace: string): EntryServiceInfo | undefined {
  if (obj.kind !== 'Service' || obj.apiVersion !== 'v1' || !obj.name) return undefined;
  const doc = obj.doc;
  const spec = get(doc, obj.node, 'spec');
  const type = str(doc, spec, 'type').value;
  if (type !== 'LoadBalancer' && type !== 'NodePort') return undefined;
  const annotations = readStringMap(doc, get(doc, get(doc, obj.node, 'metadata'), 'annotations')).map;
  const ports: EntryServiceInfo['ports'] = [];
  for (const p of seqItems(doc, get(doc, spec, 'ports'))) {
    const port = int(doc, p, 'port').value;
    if (port === undefined) continue;
    const nodePort = int(doc, p, 'nodePort').value;
    const name = str(doc, p, 'name').value;
    ports.push({ port, protocol: str(doc, p, 'protocol').value ?? 'TCP', ...(nodePort !== undefined ? { nodePort } : {}), ...(name ? { name } : {}) });
  }
  return { id: `${namespace}/${obj.name}`, namespace, name: obj.name, type, addresses: lbAddresses(annotations, str(doc, spec, 'loadBalancerIP').value), ports, origin: fileOrigin(obj) };
}

/**
 * The Ingress betas (extensions/v1beta1, networking.k8s.io/v1beta1): the same rules, paths and TLS as v1, but the
 * default backend is `spec.backend` and a backend is `serviceName` with `servicePort` (an IntOrString: an integer
 * is the port number, a string the port's name), which v1 spells `service.name` and `service.port.number|name`.
 * Whether the configured release still serves them is the routing model's question (removed-apis.ts).
 */
export const INGRESS_BETA_APIS: readonly string[] = ['extensions/v1beta1', 'networking.k8s.io/v1beta1'];

export function isIngress(obj: Pick<ManifestObject, 'kind' | 'apiVersion'>): boolean {
  return obj.kind === 'Ingress' && (obj.apiVersion === 'networking.k8s.io/v1' || INGRESS_BETA_APIS.includes(obj.apiVersion ?? ''));
}

export function readIngress(obj: ManifestObject, namespace: string): IngressInfo | undefined {
  if (!obj.name) return undefined;
  if (isIngress(obj)) return ingress(obj, namespace, obj.name, obj.apiVersion !== 'networking.k8s.io/v1');
  if (obj.kind === 'IngressRoute' && /^traefik\.(io|containo\.us)\/v1alpha1$/.test(obj.apiVersion ?? '')) return ingressRoute(obj, namespace, obj.name);
  return undefined;
}

function ingress(obj: ManifestObject, namespace: string, name: string, beta: boolean): IngressInfo {
  const doc = obj.doc;
  const spec = get(doc, obj.node, 'spec');
  const paths: IngressPath[] = [];
  const backend = (b: unknown, base: IngressPath): IngressPath => {
    const out: IngressPath = { ...base };
    let svcName: string | undefined;
    let p: number | string | undefined;
    if (beta) {
      svcName = str(doc, b, 'serviceName').value;
      p = intOrString(doc, b, 'servicePort').value;
    } else {
      const svc = get(doc, b, 'service');
      const port = get(doc, svc, 'port');
      svcName = str(doc, svc, 'name').value;
      p = int(doc, port, 'number').value ?? str(doc, port, 'name').value;
    }
    if (svcName) out.serviceName = svcName;
    if (p !== undefined) out.servicePort = p;
    return out;
  };
  const def = get(doc, spec, beta ? 'backend' : 'defaultBackend');
  if (isMap(def)) paths.push(backend(def, withSpan({ default: true }, def)));
  for (const r of seqItems(doc, get(doc, spec, 'rules'))) {
    const host = str(doc, r, 'host').value;
    for (const p of seqItems(doc, get(doc, get(doc, r, 'http'), 'paths'))) {
      const base: IngressPath = { path: str(doc, p, 'path').value ?? '/', pathType: str(doc, p, 'pathType').value ?? 'ImplementationSpecific', ...(host ? { host } : {}) };
      paths.push(backend(get(doc, p, 'backend'), withSpan(base, p)));
    }
  }
  const tlsHosts: string[] = [];
  for (const t of seqItems(doc, get(doc, spec, 'tls'))) for (const h of seqItems(doc, get(doc, t, 'hosts'))) if (h && 'value' in h && typeof h.value === 'string') tlsHosts.push(h.value);
  const className = str(doc, spec, 'ingressClassName').value ?? readStringMap(doc, get(doc, get(doc, obj.node, 'metadata'), 'annotations')).map['kubernetes.io/ingress.class'];
  return { id: `${namespace}/${name}`, kind: 'Ingress', namespace, name, ...(className ? { className } : {}), entryPoints: [], tlsHosts, paths, origin: fileOrigin(obj), uri: obj.uri };
}

function ingressRoute(obj: ManifestObject, namespace: string, name: string): IngressInfo {
  const doc = obj.doc;
  const spec = get(doc, obj.node, 'spec');
  const entryPoints = seqItems(doc, get(doc, spec, 'entryPoints')).flatMap((e) => (e && 'value' in e && typeof e.value === 'string' ? [e.value] : []));
  const paths: IngressPath[] = [];
  for (const r of seqItems(doc, get(doc, spec, 'routes'))) {
    const match = str(doc, r, 'match').value ?? '';
    // Traefik rules: Host(`a`, `b`) / Host(`a`) || Host(`b`), PathPrefix(`/x`) / Path(`/x`).
    const hosts = [...match.matchAll(/Host\(([^)]*)\)/g)].flatMap((m) => [...(m[1] ?? '').matchAll(/[`"]([^`"]+)[`"]/g)].map((x) => x[1] as string));
    const pm = /(PathPrefix|Path)\(\s*[`"]([^`"]+)[`"]/.exec(match);
    for (const s of seqItems(doc, get(doc, r, 'services'))) {
      const kind = str(doc, s, 'kind').value ?? 'Service';
      if (kind !== 'Service') continue;
      const svcName = str(doc, s, 'name').value;
      const port = intOrString(doc, s, 'port').value;
      for (const host of hosts.length ? hosts : [undefined]) {
        const p: IngressPath = withSpan({ ...(host ? { host } : {}), ...(pm ? { path: pm[2] as string, pathType: pm[1] === 'Path' ? 'Exact' : 'Prefix' } : {}) }, s);
        if (svcName) p.serviceName = svcName;
        if (port !== undefined) p.servicePort = port;
        paths.push(p);
      }
    }
  }
  const tls = get(doc, spec, 'tls');
  return { id: `${namespace}/${name}`, kind: 'IngressRoute', namespace, name, entryPoints, tlsHosts: isMap(tls) ? ['*'] : [], paths, origin: fileOrigin(obj), uri: obj.uri };
}

function withSpan(p: IngressPath, node: unknown): IngressPath {
  const span = spanOf(node);
  if (span) p.span = span;
  return p;
}
