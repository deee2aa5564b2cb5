// The preview toolbar's counts: way-in steps and blocked steps are counted apart from the flows policies allow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arrowCountsOf, countsLine } from '../../../client/src/preview/counts.ts';
import { arrowCounts, buildModel, DEFAULT_OPTIONS, parseFile, topologyView, wayInOf } from '../../../server/src/core/index.ts';

test('arrows by kind: no kind is a flow, `way` a step of the way in, `blocked` a blocked step', () => {
  assert.deepEqual(arrowCountsOf([{}, { kind: 'way' }, { kind: 'way' }, { kind: 'blocked' }, {}, { kind: 'way' }]), { flows: 2, wayIn: 3, blocked: 1 });
  assert.deepEqual(arrowCountsOf([]), { flows: 0, wayIn: 0, blocked: 0 });
});

test('the line names each kind of arrow, singular and plural, and leaves out kinds that are absent', () => {
  const base = { workloads: 3, namespaces: 2, edges: 8, policies: 1 };
  assert.equal(countsLine({ ...base, arrows: { flows: 4, wayIn: 3, blocked: 1 } }), '3 workloads · 2 namespaces · 4 allowed flows · 3 steps of the way in · 1 blocked');
  assert.equal(countsLine({ ...base, workloads: 1, namespaces: 1, arrows: { flows: 1, wayIn: 1, blocked: 0 } }), '1 workload · 1 namespace · 1 allowed flow · 1 step of the way in');
  assert.equal(countsLine({ ...base, arrows: { flows: 0, wayIn: 0, blocked: 2 } }), '3 workloads · 2 namespaces · 0 allowed flows · 2 blocked');
});

const GATEWAY = `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: eg}
spec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: web, namespace: shop}
spec:
  gatewayClassName: eg
  listeners:
    - {name: http, protocol: HTTP, port: 80}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: api, namespace: shop}
spec:
  parentRefs: [{name: web}]
  rules:
    - backendRefs: [{name: api, port: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  selector: {app: api}
  ports: [{port: 8080, targetPort: 8080}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: api, image: api, ports: [{containerPort: 8080}]}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: web}]}
`;

test("a gateway workspace: the toolbar's flows are the graph's policy flows, its way-in steps counted apart", () => {
  const file = parseFile('file:///ws/all.yaml', GATEWAY, DEFAULT_OPTIONS);
  const files = new Map([[file.uri, file]]);
  const model = buildModel([file], DEFAULT_OPTIONS);
  const view = topologyView(model, { externalPeers: true }, { kind: 'workspace' }, wayInOf(model, files, DEFAULT_OPTIONS));
  const arrows = arrowCountsOf(view.graph.edges);
  assert.deepEqual(arrows, arrowCounts(view.graph), 'the preview counts as `netlens graph` does');
  assert.ok(arrows.wayIn > 0, 'the way in is drawn');
  assert.equal(arrows.flows + arrows.wayIn + arrows.blocked, view.graph.counts.edges);
  const line = countsLine({ ...view.graph.counts, arrows });
  assert.match(line, new RegExp(` · ${arrows.flows} allowed flows? · ${arrows.wayIn} steps? of the way in$`));
});
