// Test harness modelled on the Kubernetes netpol e2e suite: namespaces x, y, z with pods a, b, c each,
// every pod serving 80 and 81 on TCP, UDP and SCTP under named ports serve-<port>-<proto>.
import assert from 'node:assert/strict';
import { buildModel, DEFAULT_OPTIONS, parseFile, type Model, type Options } from '../../../server/src/core/index.ts';
import { reach } from '../../../server/src/core/connectivity/reach.ts';
import type { Endpoint, QueryProtocol } from '../../../server/src/core/connectivity/types.ts';

export const NAMESPACES = ['x', 'y', 'z'];
export const PODS = ['a', 'b', 'c'];
export const ALL = NAMESPACES.flatMap((ns) => PODS.map((p) => `${ns}/${p}`));

function clusterYaml(): string {
  const docs: string[] = [];
  for (const ns of NAMESPACES) {
    docs.push(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n  labels: {ns: ${ns}}`);
    for (const pod of PODS) {
      const ports = [80, 81].flatMap((port) => ['tcp', 'udp', 'sctp'].map((proto) => `{name: serve-${port}-${proto}, containerPort: ${port}, protocol: ${proto.toUpperCase()}}`));
      docs.push(`apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${pod}\n  namespace: ${ns}\n  labels: {pod: ${pod}}\nspec:\n  containers:\n    - name: cont\n      ports: [${ports.join(', ')}]`);
    }
  }
  return docs.join('\n---\n');
}

const CLUSTER = clusterYaml();
export const POLICY_URI = 'file:///w/policies.yaml';

export function modelWith(policies: string, options: Partial<Options> = {}): Model {
  const opts: Options = { ...DEFAULT_OPTIONS, clusterWorkloads: [], ...options };
  return buildModel([parseFile('file:///w/cluster.yaml', CLUSTER, opts), parseFile(POLICY_URI, policies, opts)], opts);
}

export function ep(model: Model, id: string): Endpoint {
  if (!id.includes('/')) return { kind: 'ip', address: id };
  const w = model.workloads.find((x) => x.id === id);
  assert.ok(w, `no workload ${id}`);
  return { kind: 'workload', workload: w };
}

export function can(model: Model, from: string, to: string, port: number, protocol: QueryProtocol = 'TCP'): boolean {
  return reach(model, { from: ep(model, from), to: ep(model, to), port, protocol }).allowed;
}

/**
 * Checks every ordered pod pair (loopback ignored, as upstream does) against `expected`; reports all
 * mismatches at once, like a truth table diff.
 */
export function assertMatrix(model: Model, port: number, protocol: QueryProtocol, expected: (from: string, to: string) => boolean): void {
  const wrong: string[] = [];
  for (const from of ALL) for (const to of ALL) {
    if (from === to) continue;
    const want = expected(from, to);
    if (can(model, from, to, port, protocol) !== want) wrong.push(`${from} -> ${to} ${port}/${protocol}: expected ${want ? 'allowed' : 'denied'}`);
  }
  assert.deepEqual(wrong, []);
}

export const ns = (id: string): string => id.split('/')[0] ?? '';
export const pod = (id: string): string => id.split('/')[1] ?? '';

/** A NetworkPolicy in namespace x (the e2e suite's server namespace) unless the body names another. */
export function np(name: string, spec: string, namespace = 'x'): string {
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n${spec.replace(/^/gm, '  ')}\n`;
}
