// schemaForObject keeps its answer per apiVersion/kind: the same schema for the same pair, none for unknown kinds,
// and still right after the table of pairs overflowed and was emptied.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { schemaForObject, hasSchema } from '../../../server/src/core/schema/registry.ts';
import { crdSchema } from '../../../server/src/core/schema/crd.ts';
import { NETWORK_POLICY } from '../../../server/src/core/schema/networkpolicy.ts';

const CNP = { apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy' };
const ROUTE = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute' };

test('the schema of each apiVersion/kind, the same object on every ask; none for kinds without one', () => {
  for (let round = 0; round < 2; round++) {
    assert.equal(schemaForObject({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' }), NETWORK_POLICY);
    assert.equal(schemaForObject(CNP), crdSchema(CNP.apiVersion, CNP.kind));
    assert.equal(schemaForObject(ROUTE), crdSchema(ROUTE.apiVersion, ROUTE.kind));
    assert.ok(schemaForObject(CNP) !== undefined && schemaForObject(ROUTE) !== undefined);
    assert.equal(schemaForObject({ apiVersion: 'networking.k8s.io/v1beta1', kind: 'NetworkPolicy' }), undefined);
    assert.equal(schemaForObject({ apiVersion: 'v1', kind: 'ConfigMap' }), undefined);
    assert.equal(schemaForObject({ apiVersion: undefined, kind: 'HTTPRoute' }), undefined);
    assert.equal(hasSchema({ apiVersion: 'apps/v1', kind: undefined }), false);
  }
});

test('answers stay right while a stream of made-up kinds overflows the table', () => {
  for (let i = 0; i < 1500; i++) {
    assert.equal(schemaForObject({ apiVersion: 'example.com/v1', kind: `Kind${i}` }), undefined);
    if (i % 100 === 0) assert.equal(schemaForObject(CNP), crdSchema(CNP.apiVersion, CNP.kind));
  }
  assert.equal(schemaForObject(ROUTE), crdSchema(ROUTE.apiVersion, ROUTE.kind));
});
