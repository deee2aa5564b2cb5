// Which pods send a Gateway's traffic to its backends, per implementation (`netlens.gateway.dataPlanes`):
// a GatewayClass's controllerName (or, when the class is not in the workspace, its name) picks an entry.
import type { GatewayClassInfo, GatewayInfo } from './types.ts';

export interface DataPlane {
  /** Display name, e.g. "Envoy Gateway". */
  name: string;
  controllerName: string;
  /** GatewayClass names that imply this implementation when the class itself is not in the workspace. */
  classNames: string[];
  /** Namespace of the data-plane pods; "" = the Gateway's own namespace. */
  namespace: string;
  /** Labels of the data-plane pods; `{gateway}` and `{namespace}` stand for the Gateway's name and namespace. */
  podLabels: Record<string, string>;
  /**
   * `ingress`: the traffic carries Cilium's reserved `ingress` identity, not a pod's: only a rule that admits
   * every source (no `from`) lets it in through a NetworkPolicy.
   */
  identity?: 'ingress';
}

export const DEFAULT_DATA_PLANES: readonly DataPlane[] = [
  {
    name: 'Envoy Gateway',
    controllerName: 'gateway.envoyproxy.io/gatewayclass-controller',
    classNames: ['eg', 'envoy', 'envoy-gateway', 'envoy-gateway-class'],
    namespace: 'envoy-gateway-system',
    podLabels: {
      'app.kubernetes.io/name': 'envoy',
      'app.kubernetes.io/managed-by': 'envoy-gateway',
      'gateway.envoyproxy.io/owning-gateway-name': '{gateway}',
      'gateway.envoyproxy.io/owning-gateway-namespace': '{namespace}',
    },
  },
  { name: 'Cilium', controllerName: 'io.cilium/gateway-controller', classNames: ['cilium'], namespace: '', podLabels: {}, identity: 'ingress' },
  { name: 'Istio', controllerName: 'istio.io/gateway-controller', classNames: ['istio'], namespace: '', podLabels: { 'gateway.networking.k8s.io/gateway-name': '{gateway}' } },
  { name: 'NGINX Gateway Fabric', controllerName: 'gateway.nginx.org/nginx-gateway-controller', classNames: ['nginx'], namespace: '', podLabels: { 'gateway.networking.k8s.io/gateway-name': '{gateway}' } },
  { name: 'Traefik', controllerName: 'traefik.io/gateway-controller', classNames: ['traefik'], namespace: 'traefik', podLabels: { 'app.kubernetes.io/name': 'traefik' } },
];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `netlens.gateway.dataPlanes` from raw settings: entries replace the defaults with the same controllerName. */
export function dataPlanesFromRaw(raw: unknown): DataPlane[] {
  const out = [...DEFAULT_DATA_PLANES];
  if (!Array.isArray(raw)) return out;
  for (const e of raw) {
    if (!isRecord(e) || typeof e.controllerName !== 'string') continue;
    const labels: Record<string, string> = {};
    if (isRecord(e.podLabels)) for (const [k, v] of Object.entries(e.podLabels)) if (typeof v === 'string') labels[k] = v;
    const dp: DataPlane = {
      name: typeof e.name === 'string' ? e.name : e.controllerName,
      controllerName: e.controllerName,
      classNames: Array.isArray(e.classNames) ? e.classNames.filter((x): x is string => typeof x === 'string') : [],
      namespace: typeof e.namespace === 'string' ? e.namespace : '',
      podLabels: labels,
      ...(e.identity === 'ingress' ? { identity: 'ingress' as const } : {}),
    };
    const i = out.findIndex((x) => x.controllerName === dp.controllerName);
    if (i >= 0) out[i] = dp;
    else out.unshift(dp);
  }
  return out;
}

/** The data plane of a Gateway: by its class's controllerName, else by the class name; undefined = unknown. */
export function dataPlaneOf(gw: GatewayInfo, classes: ReadonlyMap<string, GatewayClassInfo>, planes: readonly DataPlane[]): DataPlane | undefined {
  const controller = classes.get(gw.className)?.controllerName;
  if (controller) return planes.find((p) => p.controllerName === controller);
  return planes.find((p) => p.classNames.includes(gw.className));
}

/** The data plane's pod namespace and labels for one Gateway. */
export function dataPlanePods(dp: DataPlane, gw: GatewayInfo): { namespace: string; labels: Record<string, string> } {
  const sub = (v: string): string => v.replaceAll('{gateway}', gw.name).replaceAll('{namespace}', gw.namespace);
  return { namespace: dp.namespace || gw.namespace, labels: Object.fromEntries(Object.entries(dp.podLabels).map(([k, v]) => [k, sub(v)])) };
}
