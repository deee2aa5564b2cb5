// Cilium peers that are not pods or CIDRs, as graph nodes: entities (world, host, kube-apiserver, ...) and
// toFQDNs names and patterns, each with the endpoint the connectivity engine is asked about.
import type { Endpoint } from '../connectivity/types.ts';
import type { PolicyIR } from '../policy/types.ts';
import { encodeIdPart } from './ids.ts';
import { cmp } from './traffic.ts';

export interface IdentityPeer {
  kind: 'entity' | 'fqdn';
  /** The entity name, or the FQDN selector as written (`api.github.com`, `*.github.com`). */
  name: string;
  /** For FQDN selectors: whether `name` is a matchPattern. */
  pattern?: boolean;
  egress: boolean;
  ingress: boolean;
}

/**
 * Entities drawn as their own node. `cluster` and `all` are left out: their pods are drawn as workloads (and
 * `all` adds the `world` node); `none` matches nothing. The `world-ipv4/6` halves stay distinct.
 */
const DRAWN_ENTITIES = new Set(['world', 'world-ipv4', 'world-ipv6', 'host', 'remote-node', 'kube-apiserver', 'ingress', 'health', 'init', 'unmanaged']);

/** What the node says under the entity's name. */
const ENTITY_LABELS: Readonly<Record<string, string>> = {
  world: 'outside the cluster',
  'world-ipv4': 'outside the cluster, IPv4',
  'world-ipv6': 'outside the cluster, IPv6',
  host: 'the local node',
  'remote-node': 'the other nodes',
  'kube-apiserver': 'the API server',
  ingress: "Cilium's ingress/gateway proxy",
  health: 'Cilium health checks',
  init: 'endpoints still starting',
  unmanaged: 'pods Cilium does not manage',
};

export function entityNodeId(entity: string): string {
  return `y_${encodeIdPart(entity)}`;
}

export function fqdnNodeId(name: string, pattern: boolean): string {
  return `q_${pattern ? 'p' : 'n'}_${encodeIdPart(name.toLowerCase())}`;
}

/** The entities and FQDN selectors the allow rules of these policies name (sorted: entities, then names). */
export function collectIdentities(policies: readonly PolicyIR[]): IdentityPeer[] {
  const byKey = new Map<string, IdentityPeer>();
  const add = (kind: IdentityPeer['kind'], name: string, pattern: boolean, dir: 'ingress' | 'egress') => {
    const key = `${kind}\n${pattern ? 'p' : 'n'}\n${name.toLowerCase()}`;
    let x = byKey.get(key);
    if (!x) byKey.set(key, (x = { kind, name, ...(kind === 'fqdn' ? { pattern } : {}), egress: false, ingress: false }));
    x[dir] = true;
  };
  for (const p of policies) {
    for (const rule of p.rules) {
      if (rule.action !== 'allow') continue;
      for (const peer of rule.peers ?? []) {
        if (peer.kind === 'entity') {
          if (DRAWN_ENTITIES.has(peer.entity)) add('entity', peer.entity, false, rule.direction);
          else if (peer.entity === 'all') add('entity', 'world', false, rule.direction);
        } else if (peer.kind === 'fqdn' && rule.direction === 'egress') {
          if (peer.matchName !== undefined) add('fqdn', peer.matchName, false, 'egress');
          else if (peer.matchPattern !== undefined) add('fqdn', peer.matchPattern, true, 'egress');
        }
      }
    }
  }
  return [...byKey.values()].sort((a, b) => cmp(a.kind, b.kind) || cmp(a.name.toLowerCase(), b.name.toLowerCase()) || Number(a.pattern ?? false) - Number(b.pattern ?? false));
}

/**
 * A DNS name the pattern matches, standing for "a name of this pattern": `*` inside a label becomes `x`, a
 * leading `**.` one subdomain label, and the bare `*` (every name) a name no other selector is likely to name.
 */
export function representativeName(pattern: string): string {
  const p = pattern.trim().replace(/\.$/, '');
  if (p === '*' || p === '') return 'any-name.netlens.invalid';
  return p.replace(/^\*\*\./, 'sub.').replace(/\*/g, 'x');
}

export function identityEndpoint(x: IdentityPeer): Endpoint {
  if (x.kind === 'entity') return { kind: 'entity', entity: x.name };
  return { kind: 'fqdn', name: x.pattern ? representativeName(x.name) : x.name };
}

export function identityNodeId(x: IdentityPeer): string {
  return x.kind === 'entity' ? entityNodeId(x.name) : fqdnNodeId(x.name, x.pattern === true);
}

/** `world (outside the cluster)`, `kube-apiserver (the API server)`, `api.github.com`, `*.github.com (pattern)`. */
export function identityLabel(x: IdentityPeer): string {
  if (x.kind === 'entity') return `${x.name} (${ENTITY_LABELS[x.name] ?? 'entity'})`;
  return x.pattern ? (x.name.trim() === '*' ? '* (any DNS name)' : `${x.name} (pattern)`) : x.name;
}
