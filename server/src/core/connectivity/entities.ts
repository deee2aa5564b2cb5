// Cilium entities and DNS names as endpoints: which entity peers match an endpoint (a workload is in the
// cluster; an address outside it is world), and FQDN selectors (matchName, matchPattern) against a name or a pattern.
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

/** A pattern as a small automaton: edges on one character, or on `L` (any one label character). */
interface Nfa {
  edges: { on: string; to: number }[][];
  accept: number;
}

const LABEL_CHAR = /^[-a-z0-9_]$/;

function nfaOf(pattern: string): Nfa {
  const edges: Nfa['edges'] = [[]];
  const state = (): number => edges.push([]) - 1;
  let cur = 0;
  let rest = pattern;
  if (rest.startsWith('**.')) {
    // One or more labels, each followed by a dot.
    const inLabel = state();
    const afterDot = state();
    edges[cur]!.push({ on: 'L', to: inLabel });
    edges[inLabel]!.push({ on: 'L', to: inLabel }, { on: '.', to: afterDot });
    edges[afterDot]!.push({ on: 'L', to: inLabel });
    cur = afterDot;
    rest = rest.slice(3);
  }
  for (const ch of rest) {
    if (ch === '*') edges[cur]!.push({ on: 'L', to: cur });
    else {
      const next = state();
      edges[cur]!.push({ on: ch, to: next });
      cur = next;
    }
  }
  return { edges, accept: cur };
}

const compatible = (a: string, b: string): boolean => (a === 'L' ? b === 'L' || LABEL_CHAR.test(b) : b === 'L' ? LABEL_CHAR.test(a) : a === b);

/**
 * Whether some name matches both matchPatterns (fqdnMatches semantics): a walk of the two automata together,
 * exact for these patterns. Used to tell whether DNS rules let a pod look up any name a toFQDNs pattern allows.
 */
export function fqdnPatternsOverlap(a: string, b: string): boolean {
  const pa = normalise(a);
  const pb = normalise(b);
  if (pa === '*' || pb === '*') return true;
  const na = nfaOf(pa);
  const nb = nfaOf(pb);
  const seen = new Set<string>(['0,0']);
  const todo: [number, number][] = [[0, 0]];
  while (todo.length > 0) {
    const [x, y] = todo.pop()!;
    if (x === na.accept && y === nb.accept) return true;
    for (const ea of na.edges[x]!) {
      for (const eb of nb.edges[y]!) {
        const key = `${ea.to},${eb.to}`;
        if (!compatible(ea.on, eb.on) || seen.has(key)) continue;
        seen.add(key);
        todo.push([ea.to, eb.to]);
      }
    }
  }
  return false;
}
