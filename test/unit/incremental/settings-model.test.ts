// A settings change of rule severities keeps the workspace model (core/options.ts sameModelOptions): the findings
// equal those of a fresh analysis under the new settings; a change of anything else builds the model again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeWorkspace, createWorkspaceCache, optionsFromRaw, parseFile, reparseFile, sameModelOptions, splicedModels, WORKSPACE_RULES, type Finding, type Model, type Options, type ParsedFile } from '../../../server/src/core/index.ts';
import { mixedWorkspace } from '../../../bench/generate.mjs';

const TEXTS = (mixedWorkspace as (n: number) => { path: string; text: string }[])(60);
// Sorted by uri, as the server lists a folder (lsp/walk.ts): the model splices edits of such a list.
const parseAll = (o: Options): ParsedFile[] => TEXTS.map((f) => parseFile(`file:///ws/${f.path}`, f.text, o)).sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
const flat = (m: Map<string, Finding[]>): string[] => [...m].flatMap(([uri, list]) => list.map((f) => `${uri} ${f.code} ${f.severity} ${f.span.start}-${f.span.end} ${f.message}`)).sort();

test('options differing in rule severities only build the same model; anything else does not', () => {
  const base = optionsFromRaw({});
  assert.equal(sameModelOptions(base, optionsFromRaw({ rules: { 'peer-selects-nothing': 'error', 'missing-dns-egress': 'off' } })), true);
  // The notes on ignored values are no input of the model either.
  assert.equal(sameModelOptions(base, optionsFromRaw({ conventions: { requirePorts: 'maybe' } })), true);
  for (const other of [{ defaultNamespace: 'prod' }, { kubernetesVersion: '1.30' }, { cluster: { podCIDRs: ['10.0.0.0/8'] } }, { cluster: { workloads: [] } }, { conventions: { requirePorts: true } }, { maxFileSize: 1000 }, { exclude: ['x/**'] }]) {
    assert.equal(sameModelOptions(base, optionsFromRaw(other)), false, JSON.stringify(other));
  }
});

test('after a severity change the model is kept and the findings are those of a fresh analysis; after another change the model is built again', () => {
  const base = optionsFromRaw({});
  const files = parseAll(base);
  const cache = createWorkspaceCache();
  const first = analyzeWorkspace(files, base, cache);
  const severities = optionsFromRaw({ rules: { 'peer-selects-nothing': 'error', 'port-not-exposed': 'off', 'gateway-traffic-blocked': 'hint' } });
  const second = analyzeWorkspace(files, severities, cache);
  assert.equal(second.model, first.model, 'the model is kept');
  const fresh = analyzeWorkspace(parseAll(severities), severities);
  assert.deepEqual(flat(second.findings), flat(fresh.findings));
  // The change shows: the severities moved, and the rule turned off reports nothing.
  const codes = (list: string[], code: string): string[] => list.filter((l) => l.includes(` ${code} `));
  assert.ok(codes(flat(first.findings), 'peer-selects-nothing').length > 0, 'the workspace has findings to re-rank');
  assert.ok(codes(flat(second.findings), 'peer-selects-nothing').every((l) => l.includes(' peer-selects-nothing error ')));
  assert.ok(codes(flat(first.findings), 'port-not-exposed').length > 0);
  assert.deepEqual(codes(flat(second.findings), 'port-not-exposed'), []);
  assert.ok(codes(flat(second.findings), 'gateway-traffic-blocked').length > 0);
  assert.ok(codes(flat(second.findings), 'gateway-traffic-blocked').every((l) => l.includes(' gateway-traffic-blocked hint ')));

  // A scoped analysis (the editor's, for one open file) after the change equals a fresh scoped one.
  const uri = [...first.findings].find(([, list]) => list.some((f) => f.code === 'peer-selects-nothing'))![0];
  const back = optionsFromRaw({ rules: { 'peer-selects-nothing': 'hint' } });
  const scoped = analyzeWorkspace(files, back, cache, WORKSPACE_RULES, new Set([uri]));
  assert.equal(scoped.model, first.model);
  const mine = scoped.findings.get(uri)!;
  assert.deepEqual(mine, analyzeWorkspace(parseAll(back), back, undefined, WORKSPACE_RULES, new Set([uri])).findings.get(uri));
  assert.ok(mine.some((f) => f.code === 'peer-selects-nothing' && f.severity === 'hint'));

  const moved = optionsFromRaw({ defaultNamespace: 'prod', rules: { 'peer-selects-nothing': 'error' } });
  const third = analyzeWorkspace(files, moved, cache);
  assert.notEqual(third.model, first.model, 'a default namespace change builds the model again');
  assert.deepEqual(flat(third.findings), flat(analyzeWorkspace(parseAll(moved), moved).findings));
});

test('the first policy edit after a severity change splices the kept model, equal to a fresh one', () => {
  const base = optionsFromRaw({});
  const files = parseAll(base);
  const cache = createWorkspaceCache();
  analyzeWorkspace(files, base, cache);
  const severities = optionsFromRaw({ rules: { 'peer-selects-nothing': 'error' } });
  analyzeWorkspace(files, severities, cache);
  // A NetworkPolicy's port in a file without Namespace objects: an edit the model splices (model/splice.ts).
  const at = files.findIndex((f) => f.text.includes('kind: NetworkPolicy') && !f.text.includes('kind: Namespace'));
  const file = files[at]!;
  const port = file.text.indexOf('port: 8', file.text.indexOf('kind: NetworkPolicy')) + 'port: '.length;
  const text = `${file.text.slice(0, port)}9${file.text.slice(port + 1)}`;
  const edited = files.map((f, i) => (i === at ? reparseFile(f, f.uri, text, severities) : f));
  const spliced = splicedModels();
  const after = analyzeWorkspace(edited, severities, cache);
  assert.equal(splicedModels(), spliced + 1, 'the model is spliced, not built again');
  const fresh = analyzeWorkspace(edited.map((f) => parseFile(f.uri, f.text, severities)), severities);
  assert.deepEqual(flat(after.findings), flat(fresh.findings));
});

/** What the model's policies allow, as text (the lowered rules of every policy). */
const lowered = (m: Model): string => JSON.stringify(m.policyIR.map((p) => p.rules.map((r) => [r.direction, r.action, JSON.stringify(r.peers)])));

test('a Cilium version change through the same cache lowers the policies again', () => {
  // Under 1.18 a namespace label selector keeps its meaning and fromRequires is ignored; under 1.15 both differ.
  const text = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: p, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: web}}
  egress:
    - toEndpoints:
        - matchLabels: {app: db, io.cilium.k8s.namespace.labels.team: d}
  ingress:
    - fromRequires: [{matchLabels: {env: prod}}]
    - fromEndpoints: [{}]
`;
  const newer = optionsFromRaw({ ciliumVersion: '1.18' });
  const older = optionsFromRaw({ ciliumVersion: '1.15' });
  const file = parseFile('file:///ws/cnp.yaml', text, newer);
  const cache = createWorkspaceCache();
  const first = analyzeWorkspace([file], newer, cache);
  const second = analyzeWorkspace([file], older, cache);
  const fresh = analyzeWorkspace([parseFile(file.uri, text, older)], older);
  assert.notEqual(lowered(fresh.model), lowered(first.model), 'the two versions lower the policy differently');
  assert.equal(lowered(second.model), lowered(fresh.model));
});
