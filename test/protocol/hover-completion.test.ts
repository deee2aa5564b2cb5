// textDocument/hover and textDocument/completion over stdio: Markdown with links into the workspace, ranges,
// items with text edits, on the document version being typed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CompletionRequest, HoverRequest, type CompletionList, type Hover, type MarkupContent, type TextEdit } from 'vscode-languageserver-protocol/node';
import { Harness } from './harness.ts';

const APPS = 'file:///hc/apps.yaml';
const POLICY = 'file:///hc/policy.yaml';
const APPS_TEXT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  template:
    metadata:
      labels: {app: api, tier: backend}
    spec:
      containers:
        - name: api
          ports:
            - {name: http, containerPort: 8080}
`;
const POLICY_TEXT = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: api
  ingress:
    - ports:
        - port: http
`;

let h: Harness;
before(async () => {
  h = await Harness.start();
  await h.open(APPS, APPS_TEXT);
  await h.open(POLICY, POLICY_TEXT);
});
after(async () => {
  assert.equal(await h.stop(), 0);
});

test('capabilities: hover, completion with a space trigger', () => {
  const caps = h.initializeResult?.capabilities;
  assert.equal(caps?.hoverProvider, true);
  assert.deepEqual(caps?.completionProvider, { triggerCharacters: [' '], resolveProvider: false });
});

test('hover on spec.podSelector: the workload links to its name in the other file, range = the key', async () => {
  const r = (await h.conn.sendRequest(HoverRequest.type, { textDocument: { uri: POLICY }, position: { line: 6, character: 5 } })) as Hover;
  assert.deepEqual(r.range, { start: { line: 6, character: 2 }, end: { line: 6, character: 13 } });
  const md = (r.contents as MarkupContent).value;
  assert.equal((r.contents as MarkupContent).kind, 'markdown');
  // `name: api` of the Deployment is line 4, column 9 (1-based).
  assert.ok(md.startsWith('**podSelector** selects 1 workload in `shop`: Deployment [`api`](file:///hc/apps.yaml#L4,9).'), md);
});

test('hover on a named port resolves it on the policy pods', async () => {
  const r = (await h.conn.sendRequest(HoverRequest.type, { textDocument: { uri: POLICY }, position: { line: 11, character: 17 } })) as Hover;
  assert.deepEqual(r.range, { start: { line: 11, character: 16 }, end: { line: 11, character: 20 } });
  assert.ok((r.contents as MarkupContent).value.includes('): 8080/TCP'));
});

test('hover outside our objects answers null', async () => {
  const r = await h.conn.sendRequest(HoverRequest.type, { textDocument: { uri: APPS }, position: { line: 3, character: 3 } });
  assert.equal(r, null);
});

test('completion on the version being typed: label keys of the policy namespace replace the typed word', async () => {
  const typed = POLICY_TEXT.replace('      app: api\n', '      app: api\n      ti\n');
  await h.replace(POLICY, 2, typed);
  const list = (await h.conn.sendRequest(CompletionRequest.type, { textDocument: { uri: POLICY }, position: { line: 9, character: 8 } })) as CompletionList;
  assert.deepEqual(list.items.map((i) => i.label), ['tier']);
  assert.equal(list.isIncomplete, false);
  const edit = list.items[0]?.textEdit as TextEdit;
  assert.deepEqual(edit, { range: { start: { line: 9, character: 6 }, end: { line: 9, character: 8 } }, newText: 'tier: ' });
  assert.deepEqual(list.items[0]?.command, { title: 'Suggest', command: 'editor.action.triggerSuggest' });
});

test('completion without client snippet support inserts plain text', async () => {
  await h.replace(POLICY, 3, `${POLICY_TEXT}  \n`);
  const list = (await h.conn.sendRequest(CompletionRequest.type, {
    textDocument: { uri: POLICY },
    position: { line: 12, character: 2 },
  })) as CompletionList;
  assert.deepEqual(list.items.map((i) => i.label), ['egress', 'policyTypes']);
  assert.equal((list.items[1]?.textEdit as TextEdit).newText, 'policyTypes:\n  - Ingress');
  assert.equal(list.items[1]?.insertTextFormat, 1);
});

test('completion in a CiliumNetworkPolicy: entities from the CRD enum, explained', async () => {
  const uri = 'file:///hc/cnp.yaml';
  const text = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  endpointSelector: {}\n  egress:\n  - toEntities:\n    - \n';
  await h.open(uri, text);
  const list = (await h.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 9, character: 6 } })) as CompletionList;
  const labels = list.items.map((i) => i.label);
  assert.deepEqual(labels.slice(0, 3), ['all', 'world', 'cluster']);
  assert.ok(labels.includes('kube-apiserver'));
  const world = list.items.find((i) => i.label === 'world');
  assert.deepEqual(world?.textEdit, { range: { start: { line: 9, character: 6 }, end: { line: 9, character: 6 } }, newText: 'world' });
});

test('hover on a CiliumNetworkPolicy: the endpointSelector names the workloads it selects, a rule reads as one sentence', async () => {
  const CNP = 'file:///hc/cnp-hover.yaml';
  await h.open(CNP, `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: api
  namespace: shop
spec:
  endpointSelector:
    matchLabels:
      app: api
  ingress:
    - fromEntities: [cluster]
`);
  let r: Hover | null = null;
  for (let i = 0; i < 50 && !(r as Hover | null)?.contents; i++) {
    r = (await h.conn.sendRequest(HoverRequest.type, { textDocument: { uri: CNP }, position: { line: 6, character: 5 } })) as Hover | null;
    if (!r) await new Promise((res) => setImmediate(res));
  }
  assert.ok(r);
  assert.deepEqual(r.range, { start: { line: 6, character: 2 }, end: { line: 6, character: 18 } });
  assert.equal((r.contents as MarkupContent).value, '**endpointSelector** selects 1 workload in `shop`: `shop/api`. A CiliumNetworkPolicy applies only to its own namespace: Cilium replaces a `k8s:io.kubernetes.pod.namespace` matchLabel with it, but keeps a namespace named with a bare or `any:` key or in matchExpressions, so naming another namespace that way selects nothing.');
  const rule = (await h.conn.sendRequest(HoverRequest.type, { textDocument: { uri: CNP }, position: { line: 10, character: 4 } })) as Hover;
  assert.match((rule.contents as MarkupContent).value, /^\*\*ingress\[0\]\*\* Allows traffic from the `cluster` entity \(every endpoint of this cluster/);
});

test('completion in a crowded namespace: at most 100 items, the list marked incomplete so the editor asks again', async () => {
  const deployments = Array.from({ length: 150 }, (_, i) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w${i}, namespace: crowd}\nspec:\n  template:\n    metadata:\n      labels: {app: w${i}}\n    spec:\n      containers: [{name: main, image: x}]`);
  await h.open('file:///hc/crowd.yaml', deployments.join('\n---\n'));
  const uri = 'file:///hc/crowd-policy.yaml';
  await h.open(uri, 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: crowd}\nspec:\n  podSelector:\n    matchLabels:\n      app: w14\n');
  const ask = async (character: number) => (await h.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 6, character } })) as CompletionList;
  const all = await ask(11);
  assert.equal(all.isIncomplete, true);
  assert.equal(all.items.length, 100);
  assert.deepEqual(all.items.slice(0, 2).map((i) => [i.label, i.sortText]), [['w0', '0000'], ['w1', '0001']]);
  const typed = await ask(14);
  assert.equal(typed.isIncomplete, true);
  assert.deepEqual(typed.items.map((i) => i.label).slice(0, 3), ['w14', 'w140', 'w141']);
  assert.deepEqual(typed.items[0]?.textEdit, { range: { start: { line: 6, character: 11 }, end: { line: 6, character: 14 } }, newText: 'w14' });
});
