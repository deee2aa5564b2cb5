// Every workspace rule, called directly (the runner would swallow a throw), over malformed and odd policies:
// it must not throw and must not report on objects the API server would reject as unreadable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, DEFAULT_OPTIONS, parseFile, WORKSPACE_RULES, type WorkspaceReport } from '../../../server/src/core/index.ts';
import { deployment } from './workspace-harness.ts';

const HEAD = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: shop}\n';
const SPECS = [
  'spec: 5',
  'spec:',
  'spec: {podSelector: [], egress: x}',
  'spec: {podSelector: {matchLabels: 3}, policyTypes: Egress}',
  'spec: {podSelector: {}, policyTypes: [Egress], egress: [5, null, {to: 7, ports: x}]}',
  'spec: {podSelector: {}, policyTypes: [Egress, Bogus], egress: [{to: [null, {}, {ipBlock: {cidr: nope}}], ports: [null, {port: [1]}, {port: 0}]}]}',
  'spec: {podSelector: {}, ingress: [{from: [{podSelector: {matchExpressions: [{key: a, operator: In}]}}], ports: [{port: http, endPort: 9}]}]}',
  'spec:\n  podSelector: &s {matchLabels: {app: web}}\n  egress:\n  - to: [{podSelector: *s}]\n    ports: [{port: web, protocol: udp}]',
  'spec: {podSelector: {}, policyTypes: [Egress], egress: ~, ingress: [{}]}',
];

test('no workspace rule throws on odd policies, with and without workloads', () => {
  for (const spec of SPECS) {
    for (const apps of ['', deployment('shop', 'web', { app: 'web' }, ['web:80'])]) {
      const files = [parseFile('file:///np.yaml', HEAD + spec + '\n', DEFAULT_OPTIONS), parseFile('file:///apps.yaml', apps, DEFAULT_OPTIONS)];
      const model = buildModel(files, DEFAULT_OPTIONS);
      const byUri = new Map(files.map((f) => [f.uri, f]));
      for (const rule of WORKSPACE_RULES) {
        const seen: WorkspaceReport[] = [];
        assert.doesNotThrow(() => rule.checkWorkspace(model, byUri, { options: DEFAULT_OPTIONS, model, files: byUri, fixesIn: () => true, report: (r) => seen.push(r) }), `${rule.code} on ${spec}`);
        for (const r of seen) {
          assert.ok(r.span.start >= 0 && r.span.end >= r.span.start && r.span.end <= (byUri.get(r.uri)?.text.length ?? -1), `${rule.code}: span in range`);
          assert.ok(r.message.length > 20);
        }
      }
    }
  }
});
