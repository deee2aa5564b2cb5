// Cilium entities and DNS names as endpoints: which entity peers match an endpoint (a workload is in the
// cluster; an address outside it is world), and FQDN selectors (matchName, matchPattern) against a name.
import type { Endpoint } from './types.ts';

/** Entities every cluster endpoint that is not a pod belongs to (Cilium's `cluster` entity covers them all). */
export const CLUSTER_ENTITIES: ReadonlySet<string> = new Set(['host', 'remote-node', 'kube-apiserver', 'ingress', 'health', 'init', 'unmanaged', 'cluster']);
export const WORLD_ENTITIES: ReadonlySet<string> = new Set(['world', 'world-ipv4', 'world-ipv6']);

/** What each entity stands for, in plain words (hover, reach output). */
export const ENTITY_DOCS: Readonly<Record<string, string>> = {
  all: 'every endpoint: the cluster and the world',
  world: 'everything outside the cluster (any address not of a cluster endpoint)',
  'world-ipv4': 'everything outside the cluster, IPv4 only',
  'world-ipv6': 'everything outside the cluster, IPv6 only',
  cluster: 'every endpoint of this cluster: pods of all namespaces, nodes, the API server, the ingress and health identities',
  host: 'the local node (and host-network pods on it)',
  'remote-node': 'the other nodes of the cluster',
  'kube-apiserver': 'the Kubernetes API server',
  ingress: "Cilium's Ingress/Gateway proxy (traffic it forwards arrives with this identity)",
  health: "Cilium's health-check endpoints",
  init: 'endpoints whose identity is not resolved yet (while they start)',
  unmanaged: 'pods Cilium does not manage',
  none: 'no endpoint at all',
};

function entityOf(ep: Endpoint): string | undefined {
  if (ep.kind === 'entity') return ep.entity;
  if (ep.kind === 'ip' || ep.kind === 'fqdn') return 'world';
  return undefined;
}

/** Whether the entity peer `entity` matches the endpoint. */
export function entityMatches(entity: string, ep: Endpoint): boolean {
  if (entity === 'all') return true;
  if (entity === 'none') return false;
  if (ep.kind === 'workload') return entity === 'cluster';
  const e = entityOf(ep);
  if (e === undefined) return false;
  if (e === entity) return true;
  if (entity === 'cluster') return CLUSTER_ENTITIES.has(e);
  if (entity === 'world') return WORLD_ENTITIES.has(e);
  if (entity === 'world-ipv4' || entity === 'world-ipv6') return e === 'world' && (ep.kind !== 'ip' || ep.address.includes(':') === (entity === 'world-ipv6'));
  return false;
}

const normalise = (name: string): string => name.trim().toLowerCase().replace(/\.$/, '');

/**
 * Cilium's FQDN matching: matchName exactly (case-insensitive, trailing dot optional); matchPattern where `*`
 * alone is every name, `*` inside a label is any run of label characters (one label at most), and a leading
 * `**.` is any number (one or more) of subdomain labels.
 */
export function fqdnMatches(sel: { matchName?: string; matchPattern?: string }, name: string): boolean {
  const n = normalise(name);
  if (sel.matchName !== undefined) return normalise(sel.matchName) === n;
  if (sel.matchPattern === undefined) return false;
  const p = normalise(sel.matchPattern);
  if (p === '*') return true;
  let re = '';
  let rest = p;
  if (rest.startsWith('**.')) {
    re = '(?:[-a-z0-9_]+\\.)+';
    rest = rest.slice(3);
  }
  re += rest.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[-a-z0-9_]*');
  return new RegExp(`^${re}$`).test(n);
}
