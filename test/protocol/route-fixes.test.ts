// Route quick fixes over the protocol: "Add the missing port" is computed from the workspace model's Service (here
// a document of the same file: without a workspace folder the server analyses the open file alone) and comes back
// tied to its diagnostic, versioned, and really fixes it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeActionRequest, type CodeAction, type TextDocumentEdit, type TextEdit } from 'vscode-languageserver-protocol/node';
import { Harness } from './harness.ts';

const ROUTE = 'file:///rf/route.yaml';
const ROUTE_TEXT = `apiVersion: v1
kind: Service
metadata: {name: site, namespace: web}
spec:
  selector: {app: site}
  ports: [{name: http, port: 8080, targetPort: 80}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: site
  namespace: web
spec:
  rules:
  - backendRefs:
    - name: site # no port
`;

let h: Harness;
before(async () => {
  h = await Harness.start();
});
after(async () => {
  assert.equal(await h.stop(), 0);
});

test('"Add port: 8080 (http)" for the backendRef without a port, tied to the gateway-rule diagnostic', async () => {
  await h.open(ROUTE, ROUTE_TEXT, 3);
  const pub = await h.nextPublish(ROUTE, (p) => p.version === 3 && p.diagnostics.some((d) => d.code === 'gateway-rule'));
  const diag = pub.diagnostics.find((d) => d.code === 'gateway-rule')!;
  assert.deepEqual(diag.range, { start: { line: 15, character: 6 }, end: { line: 15, character: 10 } });
  assert.match(String(diag.message), /Must have port for Service reference/);
  const actions = (await h.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri: ROUTE }, range: diag.range, context: { diagnostics: [diag], only: ['quickfix'] } })) as CodeAction[];
  const fix = actions.find((a) => a.title.startsWith('Add port'));
  assert.ok(fix, `offered; got ${actions.map((a) => a.title).join(', ')}`);
  assert.deepEqual([fix.title, fix.kind, fix.isPreferred, fix.diagnostics], ['Add port: 8080 (http) of Service "site"', 'quickfix', true, [diag]]);
  const change = fix.edit?.documentChanges?.[0] as TextDocumentEdit;
  assert.deepEqual(change.textDocument, { uri: ROUTE, version: 3 });
  const fixed = TextDocument.applyEdits(TextDocument.create(ROUTE, 'yaml', 3, ROUTE_TEXT), change.edits as TextEdit[]);
  assert.equal(fixed, `${ROUTE_TEXT}      port: 8080\n`);
  await h.replace(ROUTE, 4, fixed);
  const after4 = await h.nextPublish(ROUTE, (p) => p.version === 4);
  assert.deepEqual(after4.diagnostics.map((d) => d.code), []);
});
