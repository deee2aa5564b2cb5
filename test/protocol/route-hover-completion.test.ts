// textDocument/hover and textDocument/completion on an HTTPRoute over stdio: attachment and backends in the
// hover, listener names and Service ports from the other open documents in completion.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CompletionRequest, HoverRequest, type CompletionList, type Hover, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { Harness } from './harness.ts';

const GW = 'file:///rh/gateway.yaml';
const ROUTE = 'file:///rh/route.yaml';
const GW_TEXT = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: edge, namespace: web}
spec:
  gatewayClassName: eg
  listeners:
  - {name: http, protocol: HTTP, port: 80}
  - {name: admin, protocol: HTTP, port: 8080, hostname: admin.example.com}
---
apiVersion: v1
kind: Service
metadata: {name: site, namespace: web}
spec:
  selector: {app: site}
  ports: [{name: http, port: 80, targetPort: 8080}]
`;
const ROUTE_TEXT = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: site
  namespace: web
spec:
  parentRefs:
  - name: edge
    sectionName: http
  rules:
  - backendRefs:
    - name: site
      port: 80
`;

let h: Harness;
before(async () => {
  h = await Harness.start();
  await h.open(GW, GW_TEXT);
  await h.open(ROUTE, ROUTE_TEXT);
});
after(async () => {
  assert.equal(await h.stop(), 0);
});

test('hover on the route name: the listener it attaches to and the Service behind the backend', async () => {
  const r = (await h.conn.sendRequest(HoverRequest.type, { textDocument: { uri: ROUTE }, position: { line: 3, character: 9 } })) as Hover;
  assert.deepEqual(r.range, { start: { line: 3, character: 8 }, end: { line: 3, character: 12 } });
  const md = (r.contents as MarkupContent).value;
  assert.match(md, /^\*\*HTTPRoute web\/site\*\*/);
  assert.match(md, /- Gateway web\/edge \(sectionName http\): listener `http` \(HTTP 80\) for `\*`/);
  assert.match(md, /- Service `web\/site` port 80 → targetPort 8080: no workload of the workspace/);
});

test('completion: sectionName offers the Gateway listeners, port offers the Service ports', async () => {
  const sections = (await h.conn.sendRequest(CompletionRequest.type, { textDocument: { uri: ROUTE }, position: { line: 8, character: 19 } })) as CompletionList;
  assert.deepEqual(sections.items.map((i) => [i.label, i.detail]), [['http', 'HTTP 80'], ['admin', 'HTTP 8080 admin.example.com']]);
  assert.deepEqual((sections.items[0]?.textEdit as { range: unknown }).range, { start: { line: 8, character: 17 }, end: { line: 8, character: 21 } });
  const ports = (await h.conn.sendRequest(CompletionRequest.type, { textDocument: { uri: ROUTE }, position: { line: 12, character: 12 } })) as CompletionList;
  assert.deepEqual(ports.items.map((i) => [i.label, i.detail]), [['80', 'http: TCP -> targetPort 8080']]);
});

test('netlens/report inventory: the Gateway of the open documents, with its data plane and listeners', async () => {
  const r = (await h.conn.sendRequest('netlens/report', { kind: 'inventory', uri: ROUTE })) as { markdown: string };
  assert.match(r.markdown, /^# NetLens inventory\n\n## Gateways\n/);
  assert.ok(r.markdown.includes('| web/edge | eg | Envoy Gateway | (assigned by the cluster) | unknown | http: HTTP 80 *; admin: HTTP 8080 admin.example.com |'), r.markdown);
  assert.ok(r.markdown.includes('| * | web/edge | http | HTTPRoute web/site | site | web | 80 | unknown |'), r.markdown);
});
