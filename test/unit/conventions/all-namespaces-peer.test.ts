// all-namespaces-peer: namespaceSelector {} and rules without peers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conv, np } from './harness.ts';

const CODE = 'all-namespaces-peer';

test('namespaceSelector {} and a rule without `from` are reported; a labelled namespaceSelector is fine', () => {
  const text = np(
    'p',
    '  podSelector: {}\n  ingress:\n  - from:\n    - namespaceSelector: {}\n      podSelector: {matchLabels: {app: prom}}\n    - namespaceSelector: {matchLabels: {team: a}}\n  - ports: [{port: 80}]\n',
  );
  const seen = conv(CODE, { 'file:///w/np.yaml': text }, { forbidAllNamespaces: true });
  assert.deepEqual(seen.map((s) => [s.line, s.message]), [
    [9, 'This peer selects pods in every namespace (namespaceSelector: {}); the team convention (netlens.conventions.forbidAllNamespaces) wants the namespaces named (a namespaceSelector with labels, e.g. kubernetes.io/metadata.name).'],
    [12, 'This ingress rule has no `from`, so it allows every pod of every namespace (and every address); the team convention (netlens.conventions.forbidAllNamespaces) wants the namespaces named (a namespaceSelector with labels, e.g. kubernetes.io/metadata.name).'],
  ]);
  assert.deepEqual(conv(CODE, { 'file:///w/np.yaml': text }, {}), []);
});
