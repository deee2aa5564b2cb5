// The counts line of `netlens graph --format markdown`: policies by kind (Cilium ones named as such), arrows split
// into allowed flows, steps of the way in and blocked steps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, DEFAULT_OPTIONS, parseFile, topologyView } from '../../../server/src/core/index.ts';
import { countsLine } from '../../../server/src/cli/commands/graph.ts';
import { deployment } from '../rules/workspace-harness.ts';

const CILIUM = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: web-in, namespace: apps}
spec:
  endpointSelector: {matchLabels: {app: web}}
  ingress: [{fromEndpoints: [{matchLabels: {app: api}}]}]
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: api-out, namespace: apps}
spec:
  endpointSelector: {matchLabels: {app: api}}
  egress: [{toEndpoints: [{matchLabels: {app: web}}]}]
---
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: all-in}
spec:
  endpointSelector: {}
  ingress: [{fromEntities: [cluster]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: apps}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
`;

test('CiliumNetworkPolicies and CiliumClusterwideNetworkPolicies are counted under their own names, not as NetworkPolicies', () => {
  const text = `${deployment('apps', 'web', { app: 'web' }, ['8080'])}---\n${deployment('apps', 'api', { app: 'api' }, ['8080'])}---\n${CILIUM}`;
  const model = buildModel([parseFile('file:///w/a.yaml', text, DEFAULT_OPTIONS)], DEFAULT_OPTIONS);
  const view = topologyView(model, { externalPeers: false }, { kind: 'workspace' });
  assert.deepEqual(view.graph.edges.map((e) => `${e.from} -> ${e.to}`), ['w_deployment__apps__api -> w_deployment__apps__web', 'w_deployment__apps__web -> w_deployment__apps__api']);
  assert.equal(
    countsLine(view.graph),
    '2 workloads in 1 namespace. Policies selecting the workloads: 1 NetworkPolicy, 2 CiliumNetworkPolicies, 1 CiliumClusterwideNetworkPolicy. Arrows: 2 (2 allowed flows).',
  );
});
