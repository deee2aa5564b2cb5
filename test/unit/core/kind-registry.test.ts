// The kind registry serves the Gateway API kinds like the policy kinds: one entry per kind and served version,
// with the hooks (routing reader, schema, hover, completion, fixes) the generic dispatch calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kindEntryOf, registeredKinds } from '../../../server/src/core/index.ts';
import { crdKinds, crdVersions } from '../../../server/src/core/schema/crd.ts';

test('Gateway API kinds and the other ways in are registered routing kinds', () => {
  const keys = registeredKinds();
  for (const k of ['gateway.networking.k8s.io/v1/Gateway', 'gateway.networking.k8s.io/v1/HTTPRoute', 'gateway.networking.k8s.io/v1/GRPCRoute', 'gateway.networking.k8s.io/v1beta1/ReferenceGrant', 'networking.k8s.io/v1/Ingress', 'traefik.io/v1alpha1/IngressRoute']) {
    assert.ok(keys.includes(k), k);
  }
  const route = kindEntryOf({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute' });
  assert.equal(route?.family, 'routing');
  assert.deepEqual([typeof route?.readRouting, typeof route?.hover, typeof route?.completeValue, Object.keys(route?.fixes ?? {}).sort(), Object.keys(route?.workspaceFixes ?? {})], ['function', 'function', 'function', ['backend-ref-not-permitted', 'gateway-rule', 'unknown-section'], ['gateway-rule']]);
  assert.equal(route?.schema?.({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute' })?.type, 'object');
  // Another group's kind of the same name is not ours; a Service is read by the model and, as an entry point, by routing.
  assert.equal(kindEntryOf({ apiVersion: 'networking.istio.io/v1', kind: 'Gateway' }), undefined);
  assert.equal(kindEntryOf({ apiVersion: 'gateway.networking.k8s.io/v1alpha2', kind: 'HTTPRoute' }), undefined);
  // Versions the Gateway API v1.6 CRDs do not serve are not read (gateway-schema reports them).
  assert.equal(kindEntryOf({ apiVersion: 'gateway.networking.k8s.io/v1alpha2', kind: 'ReferenceGrant' }), undefined);
  assert.equal(kindEntryOf({ apiVersion: 'gateway.networking.k8s.io/v1beta1', kind: 'GRPCRoute' }), undefined);
  const svc = kindEntryOf({ apiVersion: 'v1', kind: 'Service' });
  assert.deepEqual([svc?.family, typeof svc?.readRouting], ['service', 'function']);
});

test('the Gateway API kinds are registered for exactly the versions the generated CRD table serves', () => {
  const gateway = (keys: readonly string[]) => keys.filter((k) => k.startsWith('gateway.networking.k8s.io/')).sort();
  assert.deepEqual(gateway(registeredKinds()), gateway(crdKinds().map((k) => `${k.apiVersion}/${k.kind}`)));
  assert.deepEqual(crdVersions('gateway.networking.k8s.io', 'ReferenceGrant'), ['v1', 'v1beta1']);
  assert.deepEqual(crdVersions('gateway.networking.k8s.io', 'GRPCRoute'), ['v1']);
});
