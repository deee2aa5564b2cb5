// core/diff beyond pods and ip blocks: Cilium entity and FQDN peers, and exposure through a Gateway, an
// Ingress and a LoadBalancer Service (exposed, no longer routed, still routed but dropped by a policy), with
// the CLI's exact text and JSON for them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, connectivityDiff, DEFAULT_OPTIONS, diffView, parseFile, wayInOf, type DiffSide } from '../../../server/src/core/index.ts';
import { diffJson, diffMarkdown, diffText, type DiffReport, type SideFiles } from '../../../server/src/cli/format/diff.ts';
import { deployment } from '../rules/workspace-harness.ts';
import { edgeGateway, service } from '../routing/fixtures.ts';
import { cnp, WORKLOADS } from '../cilium/harness.ts';

function side(texts: Record<string, string>): DiffSide & { files: Map<string, ReturnType<typeof parseFile>> } {
  const files = new Map(Object.entries(texts).map(([uri, t]) => [uri, parseFile(uri, t, DEFAULT_OPTIONS)] as const));
  const model = buildModel([...files.values()], DEFAULT_OPTIONS);
  return { model, findings: new Map(), wayIn: wayInOf(model, files, DEFAULT_OPTIONS), files };
}

function files(s: ReturnType<typeof side>): SideFiles {
  return {
    display: (uri) => (s.files.has(uri) ? uri.replace('file:///', '') : undefined),
    repoPath: (uri) => uri.replace('file:///', ''),
    position: (uri, offset) => s.files.get(uri)?.lines.positionAt(offset),
    uriOf: () => undefined,
  };
}

const report = (base: ReturnType<typeof side>, head: ReturnType<typeof side>): DiffReport => ({
  base: 'main',
  diff: connectivityDiff(base, head),
  baseFiles: files(base),
  headFiles: files(head),
  findings: { added: [], removed: [] },
});

const WEB_OUT = (extra: string) =>
  cnp(
    'web-out',
    `endpointSelector: {matchLabels: {role: web}}
egress:
- toEndpoints: [{matchLabels: {"k8s:io.kubernetes.pod.namespace": kube-system, "k8s:k8s-app": kube-dns}}]
  toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [{matchPattern: "*"}]}}]${extra}`,
  );

test('Cilium entity and FQDN peers are compared: a toFQDNs name and the API server opened, exact text', () => {
  const base = side({ 'file:///w.yaml': WORKLOADS, 'file:///p.yaml': WEB_OUT('') });
  const head = side({
    'file:///w.yaml': WORKLOADS,
    'file:///p.yaml': WEB_OUT(`
- toFQDNs: [{matchName: api.github.com}]
  toPorts: [{ports: [{port: "443", protocol: TCP}]}]
- toEntities: [kube-apiserver]
  toPorts: [{ports: [{port: "6443", protocol: TCP}]}]`),
  });
  const r = report(base, head);
  assert.equal(
    diffText(r),
    `Connectivity against main:
+ app/web -> kube-apiserver (the API server) 6443/TCP  (allowed by app/web-out egress[2] (p.yaml:11:5))
+ app/web -> api.github.com 443/TCP  (allowed by app/web-out egress[1] (p.yaml:9:5))

2 flows opened, 0 flows closed, 0 new problems, 0 problems fixed.
`,
  );
  assert.deepEqual(
    r.diff.endpoints.filter((e) => e.kind === 'entity' || e.kind === 'fqdn').map((e) => [e.id, e.kind, e.name]),
    [
      ['y_kube_2d_apiserver', 'entity', 'kube-apiserver (the API server)'],
      ['q_n_api_2e_github_2e_com', 'fqdn', 'api.github.com'],
    ],
  );
  // The compare view draws them as the graph does.
  const v = diffView(r.diff, base.model, head.model);
  assert.deepEqual(v.graph.nodes.filter((n) => n.kind === 'entity' || n.kind === 'fqdn').map((n) => n.id), ['y_kube_2d_apiserver', 'q_n_api_2e_github_2e_com']);
});

const GW = edgeGateway([
  '{name: https, protocol: HTTPS, port: 443, hostname: "*.example.com", tls: {certificateRefs: [{name: cert}]}, allowedRoutes: {namespaces: {from: All}}}',
]);
const route = (name: string, host: string, backend: string, path = '/') => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: ${name}, namespace: apps}
spec:
  parentRefs: [{name: edge, namespace: infra}]
  hostnames: [${host}]
  rules:
  - matches: [{path: {type: PathPrefix, value: ${path}}}]
    backendRefs: [{name: ${backend}, port: 80}]
`;
const APPS = `${deployment('apps', 'api', { app: 'api' }, ['8080'])}---\n${service('apps', 'api')}---\n${deployment('apps', 'web', { app: 'web' }, ['8080'])}---\n${service('apps', 'web')}`;
const DENY_API = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: api-deny, namespace: apps}\nspec:\n  podSelector: {matchLabels: {app: api}}\n  policyTypes: [Ingress]\n';

test('exposure: a new route exposes a URL, a deleted one is no longer served, a policy that drops the gateway blocks one', () => {
  const base = side({ 'file:///gw.yaml': GW, 'file:///apps.yaml': APPS, 'file:///r1.yaml': route('api', 'api.example.com', 'api', '/v1'), 'file:///r2.yaml': route('old', 'old.example.com', 'web') });
  const head = side({ 'file:///gw.yaml': GW, 'file:///apps.yaml': APPS, 'file:///r1.yaml': route('api', 'api.example.com', 'api', '/v1'), 'file:///r3.yaml': route('web', 'www.example.com', 'web'), 'file:///deny.yaml': DENY_API });
  const r = report(base, head);
  assert.deepEqual(r.diff.exposure, {
    exposed: [{ entry: 'Gateway infra/edge', url: 'https://www.example.com/', service: 'apps/web:80', via: 'HTTPRoute apps/web', uri: 'file:///r3.yaml', span: { start: 74, end: 77 }, reaches: true, change: 'exposed' }],
    hidden: [
      { entry: 'Gateway infra/edge', url: 'https://api.example.com/v1', service: 'apps/api:80', via: 'HTTPRoute apps/api', uri: 'file:///r1.yaml', span: { start: 74, end: 77 }, reaches: false, change: 'blocked' },
      { entry: 'Gateway infra/edge', url: 'https://old.example.com/', service: 'apps/web:80', via: 'HTTPRoute apps/old', uri: 'file:///r2.yaml', span: { start: 74, end: 77 }, reaches: true, change: 'hidden' },
    ],
  });
  const text = diffText(r);
  assert.ok(
    text.includes(`Exposure:
+ https://www.example.com/ -> apps/web:80  (Gateway infra/edge via HTTPRoute apps/web)
- https://api.example.com/v1 -> apps/api:80  (Gateway infra/edge via HTTPRoute apps/api; still routed, but a policy now drops the traffic to every pod)
- https://old.example.com/ -> apps/web:80  (Gateway infra/edge via HTTPRoute apps/old; no longer routed)
`),
    text,
  );
  assert.ok(text.endsWith('1 URL exposed, 2 URLs no longer served, 0 new problems, 0 problems fixed.\n'), text);
  const json = JSON.parse(diffJson(r)) as { exposure: unknown };
  assert.deepEqual(json.exposure, {
    exposed: [{ entry: 'Gateway infra/edge', url: 'https://www.example.com/', service: 'apps/web:80', change: 'exposed', via: 'HTTPRoute apps/web', location: { file: 'r3.yaml', range: { start: { line: 2, character: 17 }, end: { line: 2, character: 20 } } } }],
    hidden: [
      { entry: 'Gateway infra/edge', url: 'https://api.example.com/v1', service: 'apps/api:80', change: 'blocked', via: 'HTTPRoute apps/api', location: { file: 'r1.yaml', range: { start: { line: 2, character: 17 }, end: { line: 2, character: 20 } } } },
      { entry: 'Gateway infra/edge', url: 'https://old.example.com/', service: 'apps/web:80', change: 'hidden', via: 'HTTPRoute apps/old', location: { file: 'r2.yaml', range: { start: { line: 2, character: 17 }, end: { line: 2, character: 20 } } } },
    ],
  });
  // The pull-request comment: one table per direction, the route linked where it lives.
  const md = diffMarkdown(r);
  assert.ok(
    md.includes(`### Newly exposed

| URL | Entry | Route | Service |
| --- | --- | --- | --- |
| https://www.example.com/ | Gateway infra/edge | [HTTPRoute apps/web](r3.yaml#L3) | apps/web:80 |

### No longer served

| URL | Entry | Route | Service | Why |
| --- | --- | --- | --- | --- |
| https://api.example.com/v1 | Gateway infra/edge | [HTTPRoute apps/api](r1.yaml#L3) | apps/api:80 | still routed, but a policy now drops the traffic to every pod |
| https://old.example.com/ | Gateway infra/edge | [HTTPRoute apps/old](r2.yaml#L3) | apps/web:80 | no longer routed |
`),
    md,
  );
  // The compare view: one green and two red edges from the gateway to the Services.
  const v = diffView(r.diff, base.model, head.model);
  const exposure = v.graph.edges.filter((e) => e.from === 'g_infra__edge').map((e) => [e.to, e.label, v.status[e.id]]);
  assert.deepEqual(exposure, [
    ['s_apps__web', '+ https://www.example.com/ → 80', 'added'],
    ['s_apps__api', '− https://api.example.com/v1 → 80 (now dropped by a policy)', 'removed'],
    ['s_apps__web', '− https://old.example.com/ → 80', 'removed'],
  ]);
});

test('exposure: a LoadBalancer Service that appears is exposed on its address; without routing input nothing is compared', () => {
  const lb = `apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: apps, annotations: {metallb.universe.tf/loadBalancerIPs: 192.168.1.40}}\nspec:\n  type: LoadBalancer\n  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]\n`;
  const app = deployment('apps', 'web', { app: 'web' }, ['8080']);
  const base = side({ 'file:///apps.yaml': app });
  const head = side({ 'file:///apps.yaml': app, 'file:///lb.yaml': lb });
  const d = connectivityDiff(base, head);
  assert.deepEqual(d.exposure.exposed.map((x) => [x.entry, x.url, x.service, x.reaches]), [['LoadBalancer apps/web', 'tcp://192.168.1.40:80', 'apps/web:80', true]]);
  assert.deepEqual(connectivityDiff({ model: base.model, findings: new Map() }, { model: head.model, findings: new Map() }).exposure, { exposed: [], hidden: [] });
});
