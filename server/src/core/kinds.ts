// Which objects are ours, by kind and apiVersion.
import type { ManifestObject } from './parse/parse.ts';

export const NETWORK_POLICY_API = 'networking.k8s.io/v1';

/** A NetworkPolicy we validate: the stable API. Calico's projectcalico.org NetworkPolicy is not ours. */
export function isNetworkPolicy(obj: Pick<ManifestObject, 'kind' | 'apiVersion'>): boolean {
  return obj.kind === 'NetworkPolicy' && obj.apiVersion === NETWORK_POLICY_API;
}

/** A `kind: NetworkPolicy` whose apiVersion is Kubernetes' but not the served one (removed or misspelt). */
export function isKubernetesNetworkPolicyKind(obj: Pick<ManifestObject, 'kind' | 'apiVersion'>): boolean {
  if (obj.kind !== 'NetworkPolicy') return false;
  const api = obj.apiVersion;
  // Other vendors' NetworkPolicy kinds (Calico, Antrea, ...) live in their own API groups.
  return api === undefined || api === 'extensions/v1beta1' || api.startsWith('networking.k8s.io/') || api === 'v1';
}

/** Kinds whose text mentions make a templated file worth an information diagnostic. */
export const OUR_KINDS_RE = /^\s*kind:\s*["']?(NetworkPolicy|CiliumNetworkPolicy|CiliumClusterwideNetworkPolicy|Gateway|HTTPRoute|GRPCRoute|ReferenceGrant)["']?\s*$/m;

export const CILIUM_API = 'cilium.io/v2';
export const GATEWAY_GROUP = 'gateway.networking.k8s.io';

/** A CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy of the served cilium.io/v2 API. */
export function isCiliumPolicy(obj: Pick<ManifestObject, 'kind' | 'apiVersion'>): boolean {
  return obj.apiVersion === CILIUM_API && (obj.kind === 'CiliumNetworkPolicy' || obj.kind === 'CiliumClusterwideNetworkPolicy');
}

/** A Gateway API object of the group (any served version; the schema registry knows which versions exist). */
export function isGatewayApiObject(obj: Pick<ManifestObject, 'kind' | 'apiVersion'>): boolean {
  return obj.apiVersion?.startsWith(`${GATEWAY_GROUP}/`) === true;
}

/**
 * Kinds the model reads (namespaces, workloads, Services, policies, routes): template syntax in one of their
 * fields makes a document a template; in other kinds (ConfigMaps, CRDs, ...) it is just text.
 */
const MODELLED_KINDS = new Set([
  'Namespace', 'Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Rollout', 'ReplicationController', 'Service',
  'NetworkPolicy', 'CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy', 'CiliumCIDRGroup', 'Gateway', 'HTTPRoute', 'GRPCRoute', 'ReferenceGrant',
]);

export function isModelledKind(kind: string): boolean {
  return MODELLED_KINDS.has(kind);
}

/**
 * Network kinds NetLens reads but does not analyse yet: `check` and the editor count them as skipped. Remove a
 * kind here when its folder lands in the kind registry.
 */
const NOT_ANALYSED: Record<string, (apiVersion: string | undefined) => boolean> = {
  TLSRoute: (v) => v?.startsWith('gateway.networking.k8s.io/') ?? false,
  TCPRoute: (v) => v?.startsWith('gateway.networking.k8s.io/') ?? false,
  UDPRoute: (v) => v?.startsWith('gateway.networking.k8s.io/') ?? false,
  AdminNetworkPolicy: (v) => v?.startsWith('policy.networking.k8s.io/') ?? false,
  BaselineAdminNetworkPolicy: (v) => v?.startsWith('policy.networking.k8s.io/') ?? false,
  NetworkPolicy: (v) => v?.startsWith('projectcalico.org/') || v?.startsWith('crd.projectcalico.org/') || false,
  GlobalNetworkPolicy: (v) => v?.includes('projectcalico.org/') ?? false,
  AuthorizationPolicy: (v) => v?.startsWith('security.istio.io/') ?? false,
  ReplicationController: (v) => v === 'v1' || v === undefined,
};

export function notAnalysedKind(obj: Pick<ManifestObject, 'kind' | 'apiVersion'>): boolean {
  const test = obj.kind !== undefined && Object.hasOwn(NOT_ANALYSED, obj.kind) ? NOT_ANALYSED[obj.kind] : undefined;
  return test ? test(obj.apiVersion) : false;
}
