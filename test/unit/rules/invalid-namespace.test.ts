// invalid-namespace: metadata.namespace a DNS-1123 label.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codes, findings, np } from './rule-harness.ts';

const spec = '  podSelector: {}\n';

test('valid namespaces (and none, or an empty one) give no finding', () => {
  for (const meta of ['  name: p\n  namespace: kube-system\n', '  name: p\n', '  name: p\n  namespace: ""\n', `  name: p\n  namespace: ${'a'.repeat(63)}\n`, '  name: p\n  namespace: ${NS}\n']) {
    assert.deepEqual(codes(np(spec, meta)), [], meta);
  }
});

test('a dot, uppercase or more than 63 characters is an error on the value', () => {
  for (const [ns, re] of [['my.ns', /RFC 1123 label/], ['Prod', /RFC 1123 label/], ['a'.repeat(64), /no more than 63 characters/]] as const) {
    const [f, ...rest] = findings(np(spec, `  name: p\n  namespace: ${ns}\n`), 'invalid-namespace');
    assert.equal(rest.length, 0);
    assert.equal(f?.at, ns);
    assert.equal(f?.severity, 'error');
    assert.match(f?.message ?? '', /metadata\.namespace/);
    assert.match(f?.message ?? '', re);
  }
});
