// The local node (entity host) into an isolated pod: Cilium's allow-localhost and the NetworkPolicy API's own-node
// exception let it in on every port without a rule; a deny naming the host still wins; remote nodes get nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ask, can, ccnp, cilium, cnp } from './harness.ts';
import { allowedTraffic, resolveEndpoint } from '../../../server/src/core/index.ts';

const REASON = "the local node always reaches the pods on it (kubelet probes depend on it): Cilium's agent adds an allow for the host identity to every pod (allow-localhost=always in Kubernetes), and the NetworkPolicy API lets a pod's own node in";
const CILIUM_CAVEAT = 'Traffic from the local node is let in by the Cilium agent, not by a rule. Under Cilium only an agent started with --allow-localhost=policy leaves the local node to the rules.';
const ONLY_WEB = 'endpointSelector: {matchLabels: {role: api}}\ningress:\n- fromEndpoints: [{matchLabels: {role: web}}]';

test('a CNP isolating the pod: the host gets in on every port, without a rule, with the reason and a caveat', () => {
  const m = cilium(cnp('p', ONLY_WEB));
  const v = ask(m, 'entity:host', 'app/api', '8080/TCP');
  assert.equal(v.allowed, true);
  assert.deepEqual([v.ingress.isolated, v.ingress.allowed, v.ingress.allowedBy, v.ingress.deniedBy, v.ingress.allowedBecause], [true, true, [], [], REASON]);
  assert.deepEqual(v.caveats, [CILIUM_CAVEAT]);
  assert.equal(can(m, 'entity:host', 'app/api', '53/UDP'), true);
  assert.equal(can(m, 'other/api', 'app/api', '8080/TCP'), false, 'other peers stay out');
});

test('a CCNP fromEndpoints [{}] (every pod, not the host) does not keep the host out either', () => {
  const m = cilium(ccnp('c', 'endpointSelector: {}\ningress:\n- fromEndpoints: [{}]'));
  assert.equal(ask(m, 'entity:host', 'app/api', '8080/TCP').ingress.allowedBecause, REASON);
});

test('a rule that allows the host is named as the reason instead', () => {
  const m = cilium(cnp('p', 'endpointSelector: {matchLabels: {role: api}}\ningress:\n- fromEntities: [host]'));
  const v = ask(m, 'entity:host', 'app/api', '8080/TCP');
  assert.deepEqual([v.allowed, v.ingress.allowedBy.map((r) => `${r.policy} ${r.section}[${r.ruleIndex}]`), v.ingress.allowedBecause, v.caveats], [true, ['app/p ingress[0]'], undefined, []]);
});

test('a deny rule naming the host wins on its ports (deny-preferred), the other ports stay open', () => {
  const m = cilium(cnp('p', `${ONLY_WEB}\ningressDeny:\n- fromEntities: [host]\n  toPorts: [{ports: [{port: "8080", protocol: TCP}]}]`));
  const v = ask(m, 'entity:host', 'app/api', '8080/TCP');
  assert.deepEqual([v.allowed, v.ingress.deniedBy.map((r) => `${r.policy} ${r.section}[${r.ruleIndex}]`), v.ingress.allowedBecause], [false, ['app/p ingressDeny[0]'], undefined]);
  assert.equal(can(m, 'entity:host', 'app/api', '8081/TCP'), true);
  const cluster = cilium(cnp('p', `${ONLY_WEB}\ningressDeny:\n- fromEntities: [cluster]`));
  assert.equal(can(cluster, 'entity:host', 'app/api', '8080/TCP'), false, 'cluster covers the host');
});

test('remote-node and other entities are not the local node: still denied', () => {
  const m = cilium(cnp('p', ONLY_WEB));
  for (const e of ['entity:remote-node', 'entity:kube-apiserver', 'entity:world']) assert.equal(can(m, e, 'app/api', '8080/TCP'), false, e);
});

test('a plain NetworkPolicy deny-all: the API lets the pod\'s own node in; the caveat says CNIs enforce it their own way', () => {
  const np = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: app}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n';
  const v = ask(cilium(np), 'entity:host', 'app/api', '8080/TCP');
  assert.deepEqual([v.allowed, v.ingress.allowedBecause], [true, REASON]);
  assert.deepEqual(v.caveats, [
    "Traffic from the local node is let in by the NetworkPolicy API's exception for a pod's own node, not by a rule; each CNI enforces that exception its own way. Under Cilium only an agent started with --allow-localhost=policy leaves the local node to the rules.",
  ]);
});

test('egress of a pod towards the host is not touched; allowed traffic from the host is every port minus denies', () => {
  const m = cilium(cnp('p', 'endpointSelector: {matchLabels: {role: api}}\negress:\n- toEndpoints: [{matchLabels: {role: web}}]'));
  assert.equal(can(m, 'app/api', 'entity:host', '10250/TCP'), false);
  const d = cilium(cnp('p', `${ONLY_WEB}\ningressDeny:\n- fromEntities: [host]\n  toPorts: [{ports: [{port: "8080", protocol: TCP}]}]`));
  const host = resolveEndpoint(d, 'entity:host');
  const api = resolveEndpoint(d, 'app/api');
  assert.ok(host.ok && api.ok);
  const t = allowedTraffic(d, host.endpoint, api.endpoint);
  assert.deepEqual(t.byProtocol.TCP, { all: false, ranges: [{ from: 1, to: 8079 }, { from: 8081, to: 65535 }] });
  assert.deepEqual(t.caveats, [`Every port is open to the local node: ${REASON}. ${CILIUM_CAVEAT}`]);
});
