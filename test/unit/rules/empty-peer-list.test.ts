// empty-peer-list: `from:`/`to:` present but empty matches every peer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, np } from './rule-harness.ts';

test('peer lists with no value are reported on their key, for ingress and egress', () => {
  const text = np(`  podSelector: {}
  ingress:
  - from:
  - from:
    ports: [{port: 80}]
  egress:
  - to: ~
`);
  const f = findings(text, 'empty-peer-list');
  assert.deepEqual(f.map((x) => [x.at, x.line, x.severity]), [['from', 8, 'warning'], ['from', 9, 'warning'], ['to', 12, 'warning']]);
  assert.match(f[0]!.message, /spec\.ingress\[0\]\.from has no value, .*matches every source/);
  assert.match(f[2]!.message, /spec\.egress\[0\]\.to has no value, .*matches every destination/);
});

test('absent, explicit [] and non-empty peer lists are not reported', () => {
  const text = np(`  podSelector: {}
  ingress:
  - {}
  - ports: [{port: 80}]
  - from: [{podSelector: {}}]
  - from: []
`);
  assert.deepEqual(findings(text, 'empty-peer-list'), []);
});
