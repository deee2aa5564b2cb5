// Drafts moved with their documents (model/carry.ts): an edit before a document moves it, and the model keeps what
// it read of it at moved offsets. The model read through the cache after insertions and deletions equals a model of a
// fresh parse (every span compared), for NetworkPolicies, Cilium policies, workloads, Services and Gateway objects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyzeWorkspace, buildModel, createModelCache, createWorkspaceCache, DEFAULT_OPTIONS, parseFile, reparseFile, type Model } from '../../../server/src/core/index.ts';
import { shiftedDraft } from '../../../server/src/core/model/carry.ts';
import { apply, rng, ROOT, yamlFiles } from './edits.ts';
import { multiDocFile } from '../../fixtures/generate.ts';

const opts = DEFAULT_OPTIONS;

function plain(m: Model): string {
  return JSON.stringify({ ...m, memo: undefined }, (_k, v: unknown) => (v instanceof Map ? { map: [...v.entries()] } : v instanceof Set ? { set: [...v] } : v));
}

const CILIUM = `---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: c, namespace: shop}
specs:
  - endpointSelector: {matchLabels: {app: api}}
    ingress: [{fromEndpoints: [{matchLabels: {app: web}}], toPorts: [{ports: [{port: "80", protocol: TCP}], rules: {http: [{method: GET}]}}]}]
  - endpointSelector: {matchLabels: {app: web}}
    egress: [{toFQDNs: [{matchName: example.com}]}, {toCIDRSet: [{cidr: 0.0.0.0/0, except: [10.0.0.0/8]}]}]
---
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: dns}
spec:
  endpointSelector: {}
  egress: [{toEndpoints: [{matchLabels: {k8s-app: kube-dns, io.kubernetes.pod.namespace: kube-system}}], toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [{matchPattern: "*"}]}}]}]
`;

test('shiftedDraft moves spans under offset keys only, keeps `obj`, and refuses what is not plain data', () => {
  const obj = { node: 1 };
  const draft = { name: 'a', port: 80, origin: { kind: 'file', uri: 'u', span: { start: 5, end: 9 }, nameSpan: { start: 6, end: 7 }, docIndex: 2 }, spans: { 'ingress/0': { start: 10, end: 12 } }, obj };
  assert.deepEqual(shiftedDraft(draft, 3), { ...draft, origin: { ...draft.origin, span: { start: 8, end: 12 }, nameSpan: { start: 9, end: 10 } }, spans: { 'ingress/0': { start: 13, end: 15 } } });
  assert.equal(shiftedDraft(draft, 3)?.obj, obj);
  assert.equal(shiftedDraft({ span: { start: 1, end: 2 }, f: () => 1 }, 1), undefined);
  assert.equal(shiftedDraft({ v: new Date(0) }, 1), undefined);
  // A bare number among positions is not a span: refused rather than guessed.
  assert.equal(shiftedDraft({ spans: [4, 5] }, 1), undefined);
});

test('shiftedDraft copies only what holds an offset: the rest is shared with the draft, which stays as it was', () => {
  const labels = { app: 'web' };
  const ports = [{ containerPort: 80, protocol: 'TCP' }];
  const rules = [{ index: 0, ports, span: { start: 20, end: 30 } }];
  const draft = { podLabels: labels, ports, rules, byName: new Map([['http', ports]]), origin: { kind: 'file', span: { start: 5, end: 9 } } };
  const before = JSON.stringify(draft);
  const moved = shiftedDraft(draft, 4);
  assert.ok(moved);
  assert.equal(moved.podLabels, labels);
  assert.equal(moved.ports, ports);
  assert.equal(moved.byName, draft.byName, 'a Map without offsets is shared');
  assert.notEqual(moved.rules, rules);
  assert.equal(moved.rules[0]?.ports, ports, 'inside a copied rule, its offset-free ports are shared');
  assert.deepEqual(moved.rules[0]?.span, { start: 24, end: 34 });
  assert.deepEqual(moved.origin, { kind: 'file', span: { start: 9, end: 13 } });
  assert.equal(JSON.stringify(draft), before, 'the earlier draft is not written to');
  // A null-prototype record keeps its prototype when copied.
  const bare = Object.assign(Object.create(null) as Record<string, unknown>, { span: { start: 1, end: 2 } });
  const out = shiftedDraft({ spans: bare }, 1);
  assert.equal(Object.getPrototypeOf(out?.spans), null);
  assert.deepEqual({ ...out?.spans }, { span: { start: 2, end: 3 } });
});

test('insertions and deletions before documents: the cached model equals a fresh one, findings too', () => {
  const uri = 'file:///gen/moved.yaml';
  const gateway = yamlFiles(path.join(ROOT, 'examples/gateway')).map((f) => fs.readFileSync(f, 'utf8')).join('---\n');
  let text = `${multiDocFile(900, 5)}${CILIUM}---\n${gateway}`;
  const r = rng(77);
  let file = parseFile(uri, text, opts);
  const cache = createModelCache();
  const wsCache = createWorkspaceCache();
  buildModel([file], opts, cache);
  for (let i = 0; i < 40; i++) {
    // Inside a line of the file's first half: every document after it moves (by +1..+3 or -1).
    const lines = text.split('\n');
    const line = Math.floor(r() * (lines.length / 2));
    const at = lines.slice(0, line).join('\n').length + 1;
    const del = i % 4 === 3 && /[a-z]/.test(text[at + 1] ?? '');
    const e = del ? { start: at + 1, end: at + 2, text: '' } : { start: at + 1, end: at + 1, text: 'xyz'.slice(0, 1 + (i % 3)) };
    text = apply(text, e);
    file = reparseFile(file, uri, text, opts);
    const fresh = parseFile(uri, text, opts);
    const where = `edit ${i}: ${JSON.stringify(e)}`;
    assert.equal(plain(buildModel([file], opts, cache)), plain(buildModel([fresh], opts)), where);
    if (i % 8 === 0) assert.deepEqual(analyzeWorkspace([file], opts, wsCache).findings, analyzeWorkspace([fresh], opts).findings, where);
  }
  const m = buildModel([file], opts, cache);
  assert.ok(m.policyIR.some((p) => p.kind === 'CiliumNetworkPolicy') && m.policyIR.some((p) => p.kind === 'CiliumClusterwideNetworkPolicy'));
});
