// The schema engine's constraints (validate/constraints.ts) on synthetic schemas, and the generated CRD data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument, type YAMLMap } from 'yaml';
import type { FieldSchema } from '../../../server/src/core/schema/types.ts';
import { checkConstraints } from '../../../server/src/core/validate/constraints.ts';
import { crdKinds, crdSchema } from '../../../server/src/core/schema/crd.ts';
import cilium from '../../../server/src/core/schema/generated/cilium.json';
import gateway from '../../../server/src/core/schema/generated/gateway.json';

const SCHEMA: FieldSchema = {
  type: 'object',
  doc: '',
  anyOf: [['a'], ['b']],
  fields: {
    a: { type: 'string', doc: '', minLength: 2, maxLength: 4 },
    b: { type: 'string', doc: '', format: 'cidr' },
    ip: { type: 'string', doc: '', format: 'ipv6' },
    n: { type: 'integer', doc: '', format: 'int32', minimum: 1 },
    tags: { type: 'list', doc: '', minItems: 1, listType: 'set', items: { type: 'string', doc: '' } },
    one: { type: 'object', doc: '', oneOf: [['x'], ['y']], fields: { x: { type: 'string', doc: '' }, y: { type: 'string', doc: '' } } },
    req: { type: 'object', doc: '', fields: { must: { type: 'string', doc: '', required: true }, opt: { type: 'string', doc: '', required: true, default: 'z' } } },
  },
};

function violations(yaml: string): [string, string, string][] {
  const doc = parseDocument(yaml);
  const out: [string, string, string][] = [];
  checkConstraints(doc as never, doc.contents as YAMLMap, SCHEMA, yaml, (v) => out.push([v.keyword, yaml.slice(v.span.start, v.span.end), v.message]));
  return out;
}

test('lengths, formats, ranges, sets, one-of, any-of and required (defaults satisfy it)', () => {
  assert.deepEqual(violations('a: x\n'), [['minLength', 'x', 'must be at least 2 characters long']]);
  assert.deepEqual(violations('a: toolong\n')[0]?.slice(0, 2), ['maxLength', 'toolong']);
  assert.deepEqual(violations('b: 10.0.0.0/33\n'), [['format', '10.0.0.0/33', '"10.0.0.0/33" is not a valid CIDR (such as 10.0.0.0/8 or 2001:db8::/64)']]);
  assert.deepEqual(violations('a: ok\nip: 10.0.0.1\n'), [['format', '10.0.0.1', '"10.0.0.1" is not a valid IPv6 address']]);
  assert.deepEqual(violations('a: ok\nn: 0\n'), [['minimum', '0', '0 is below the minimum 1']]);
  assert.deepEqual(violations('a: ok\nn: 3000000000\n'), [['format', '3000000000', '3000000000 does not fit a 32-bit integer']]);
  assert.deepEqual(violations('a: ok\ntags: []\n'), [['minItems', '[]', 'must have at least one item']]);
  assert.deepEqual(violations('a: ok\ntags: [x, y, x]\n'), [['uniqueItems', 'x', '"x" appears more than once; the items must be unique']]);
  assert.deepEqual(violations('a: ok\none: {}\n'), [['oneOf', '{}', 'must set exactly one of x, y']]);
  assert.deepEqual(violations('a: ok\none: {x: 1, y: 2}\n'), [['oneOf', 'y', 'must set only one of x, y, not x and y']]);
  assert.deepEqual(violations('n: 2\n'), [['anyOf', 'n', 'must set at least one of a, b']]);
  assert.deepEqual(violations('a: ok\nreq: {opt: q}\n'), [['required', 'opt', 'must is required']]);
  assert.deepEqual(violations('a: ok\nb: ${CIDR}\nip: NODE_IPV6\n'), []);
  // An Argo CD plugin's placeholder is substituted before applying; a bare `<...>` is a value left unfilled.
  assert.deepEqual(violations('a: ok\nb: "<path:secret/data/net#cidr>"\nip: "<secret:node-ipv6>"\n'), []);
  assert.deepEqual(violations('a: ok\nb: "<path:secret/data/net#cidr | base64decode>"\n'), []);
  assert.deepEqual(violations('a: ok\nb: "<your-cidr>"\n').map(([k, at]) => [k, at]), [['format', '"<your-cidr>"']]);
});

test('generated data: every CRD kind and version, with provenance, metadata as ObjectMeta, CEL rules kept', () => {
  assert.deepEqual(crdKinds().map((k) => `${k.apiVersion}/${k.kind}:${k.scope}`).sort(), [
    'cilium.io/v2/CiliumClusterwideNetworkPolicy:Cluster',
    'cilium.io/v2/CiliumNetworkPolicy:Namespaced',
    'gateway.networking.k8s.io/v1/GRPCRoute:Namespaced',
    'gateway.networking.k8s.io/v1/Gateway:Namespaced',
    'gateway.networking.k8s.io/v1/GatewayClass:Cluster',
    'gateway.networking.k8s.io/v1/HTTPRoute:Namespaced',
    'gateway.networking.k8s.io/v1/ReferenceGrant:Namespaced',
    'gateway.networking.k8s.io/v1beta1/Gateway:Namespaced',
    'gateway.networking.k8s.io/v1beta1/GatewayClass:Cluster',
    'gateway.networking.k8s.io/v1beta1/HTTPRoute:Namespaced',
    'gateway.networking.k8s.io/v1beta1/ReferenceGrant:Namespaced',
  ]);
  for (const data of [cilium, gateway]) {
    for (const s of data.sources) {
      assert.equal(s.license, 'Apache-2.0');
      assert.match(s.commit ?? '', /^[0-9a-f]{40}$/);
    }
  }
  const gw = crdSchema('gateway.networking.k8s.io/v1', 'Gateway')!;
  assert.equal(gw.fields?.metadata?.fields?.name?.type, 'string');
  const listeners = gw.fields?.spec?.fields?.listeners;
  assert.deepEqual([listeners?.minItems, listeners?.maxItems], [1, 64]);
  assert.ok(listeners?.validations?.some((v) => v.message === 'Listener name must be unique within the Gateway'));
  const port = crdSchema('cilium.io/v2', 'CiliumNetworkPolicy')!.fields?.spec?.fields?.ingress?.items?.fields?.toPorts?.items?.fields?.ports;
  assert.equal(port?.maxItems, 40);
  assert.equal(port?.items?.fields?.port?.type, 'string');
  assert.equal(crdSchema('cilium.io/v2', 'Unknown'), undefined);
});
