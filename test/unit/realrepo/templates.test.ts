// Template detection per document: only template syntax where YAML structure or a modelled value would be
// switches a document off; comments, block scalars and other tools' strings never do; other documents stay checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, DEFAULT_OPTIONS, parseFile } from '../../../server/src/core/index.ts';
import { findings } from '../rules/rule-harness.ts';

const opts = { ...DEFAULT_OPTIONS, clusterWorkloads: [] };
const NP = (name: string, port = '80') =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n  podSelector: {}\n  ingress:\n  - ports:\n    - port: ${port}\n`;

test('a template marker in a comment switches nothing off: the bad port is still an error', () => {
  const text = `# never put {{ .Values }} here\n${NP('p', '70000')}`;
  assert.deepEqual(findings(text, 'template-file'), []);
  assert.deepEqual(findings(text, 'invalid-port').map((f) => [f.at, f.severity]), [['70000', 'error']]);
});

test('a ConfigMap block scalar or string with template text is rendered data: nothing switched off, no notice', () => {
  const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: tpl\ndata:\n  a: |\n    {{ .Values.x }}\n  b: "{% raw %}"\n';
  const text = `${cm}---\n${NP('p', '70000')}`;
  assert.deepEqual(findings(text, 'template-file'), []);
  assert.deepEqual(findings(text, 'invalid-port').map((f) => f.at), ['70000']);
  const file = parseFile('file:///r/x.yaml', text, opts);
  assert.deepEqual(file.templated, []);
  assert.deepEqual(file.objects.map((o) => o.kind), ['ConfigMap', 'NetworkPolicy']);
});

test('a block scalar inside a modelled object is text too (a Deployment command script)', () => {
  const dep = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: c\n        args:\n        - |\n          echo {{ not a template }}\n';
  const m = buildModel([parseFile('file:///r/d.yaml', dep, opts)], opts);
  assert.deepEqual(m.workloads.map((w) => [w.id, w.podLabels]), [['default/web', { app: 'web' }]]);
});

test('only the templated document is skipped; its neighbours are checked and modelled; the notice names it', () => {
  const helm = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ include "x" . }}\nspec:\n  selector: {app: web}\n';
  const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels: {app: web}\n';
  const text = `${pod}---\n${helm}---\n${NP('p', '70000')}`;
  const notes = findings(text, 'template-file');
  assert.equal(notes.length, 1);
  assert.equal(notes[0]?.at, '{{ include "x" . }}');
  assert.equal(notes[0]?.line, 9);
  assert.match(notes[0]?.message ?? '', /^Document 2 \(Service\) holds Go\/Helm template syntax in its fields/);
  assert.match(notes[0]?.message ?? '', /render it \(helm template, \.\.\.\) and check the output, or list the file in netlens\.exclude/);
  assert.deepEqual(findings(text, 'invalid-port').map((f) => f.at), ['70000']);
  const m = buildModel([parseFile('file:///r/x.yaml', text, opts)], opts);
  assert.deepEqual(m.workloads.map((w) => w.id), ['default/web']);
  assert.deepEqual(m.services.map((s) => s.id), []);
  assert.deepEqual(m.policies.map((p) => p.id), ['default/p']);
});

test('a document that does not parse because of template syntax gets the notice, not syntax errors', () => {
  const text = `{{- if .Values.enabled }}\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\nspec:\n  podSelector: {}\n{{- end }}\n`;
  assert.deepEqual(findings(text, 'yaml-syntax'), []);
  const notes = findings(text, 'template-file');
  assert.deepEqual(notes.map((n) => [n.at, n.line]), [['{{- if .Values.enabled }}', 0]]);
  assert.match(notes[0]?.message ?? '', /^This document \(NetworkPolicy "deny"\) holds Go\/Helm template syntax and is not YAML until it is rendered/);
});

test('a broken document without template syntax is a syntax error; a templated ConfigMap gets no notice', () => {
  assert.equal(findings('kind: Pod\nmetadata: {name: [\n', 'yaml-syntax').length > 0, true);
  const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n';
  assert.deepEqual(findings(cm, 'template-file'), []);
});

test('a typed list: items without kind take the list kind minus List and its apiVersion', () => {
  const text =
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicyList\nitems:\n- metadata: {name: deny-all, namespace: shop}\n  spec: {podSelector: {}}\n' +
    '- apiVersion: v1\n  kind: Pod\n  metadata: {name: odd}\n';
  const file = parseFile('file:///r/l.yaml', text, opts);
  assert.deepEqual(
    file.objects.map((o) => [o.apiVersion, o.kind, o.name, o.listIndex, o.kindFromList ?? false]),
    [
      ['networking.k8s.io/v1', 'NetworkPolicy', 'deny-all', 0, true],
      ['v1', 'Pod', 'odd', 1, false],
    ],
  );
  const m = buildModel([file], opts);
  assert.deepEqual(m.policies.map((p) => [p.id, p.policyTypes]), [['shop/deny-all', ['ingress']]]);
  const pods = parseFile('file:///r/p.yaml', 'apiVersion: v1\nkind: PodList\nitems:\n- metadata: {name: a, labels: {app: a}}\n', opts);
  assert.deepEqual(buildModel([pods], opts).workloads.map((w) => [w.id, w.kind, w.podLabels]), [['default/a', 'Pod', { app: 'a' }]]);
  // A generic List gives its items nothing: an item without kind is not an object we know.
  assert.deepEqual(parseFile('file:///r/g.yaml', 'apiVersion: v1\nkind: List\nitems:\n- metadata: {name: x}\n', opts).objects.map((o) => o.kind), [undefined]);
});
