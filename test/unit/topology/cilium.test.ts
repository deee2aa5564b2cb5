// Cilium peers in the graph: entity and FQDN nodes asked of the engine, L7-narrowed flows drawn dotted and named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allowedTraffic } from '../../../server/src/core/connectivity/traffic.ts';
import { buildTopology } from '../../../server/src/core/topology/graph.ts';
import { representativeName } from '../../../server/src/core/topology/identities.ts';
import { toMermaid } from '../../../server/src/core/topology/mermaid.ts';
import { connectionMatrix, matrixMarkdown } from '../../../server/src/core/reports/matrix.ts';
import { cilium, cnp } from '../cilium/harness.ts';

const WEB_EGRESS = cnp(
  'web-out',
  `endpointSelector: {matchLabels: {role: web}}
egress:
- toEntities: [kube-apiserver, host]
  toPorts: [{ports: [{port: "6443", protocol: TCP}]}]
- toFQDNs: [{matchName: api.github.com}, {matchPattern: "*.s3.amazonaws.com"}]
  toPorts: [{ports: [{port: "443", protocol: TCP}]}]
- toEndpoints: [{matchLabels: {"k8s:io.kubernetes.pod.namespace": kube-system, "k8s:k8s-app": kube-dns}}]
  toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [{matchPattern: "*"}]}}]
- toEndpoints: [{matchLabels: {role: api}}]
  toPorts: [{ports: [{port: "8080", protocol: TCP}], rules: {http: [{method: GET, path: /v1/.*}]}}]`,
);

const API_INGRESS = cnp(
  'api-in',
  `endpointSelector: {matchLabels: {role: api}}
ingress:
- fromEntities: [world]
  toPorts: [{ports: [{port: "8080", protocol: TCP}]}]`,
);

const graph = (policy: string) => buildTopology(cilium(policy), { externalPeers: true }, { kind: 'workspace' }, allowedTraffic);

test('entity and FQDN nodes: each named entity and DNS selector is a node, its flows asked of the engine', () => {
  const g = graph(`${WEB_EGRESS}---\n${API_INGRESS}`);
  const ext = g.nodes.filter((n) => n.kind === 'entity' || n.kind === 'fqdn').map((n) => [n.id, n.kind, n.label]);
  assert.deepEqual(ext, [
    ['y_host', 'entity', 'host (the local node)'],
    ['y_kube_2d_apiserver', 'entity', 'kube-apiserver (the API server)'],
    ['y_world', 'entity', 'world (outside the cluster)'],
    ['q_p__2a__2e_s3_2e_amazonaws_2e_com', 'fqdn', '*.s3.amazonaws.com (pattern)'],
    ['q_n_api_2e_github_2e_com', 'fqdn', 'api.github.com'],
  ]);
  const byId = new Map(g.nodes.map((n) => [n.id, n.label]));
  const arrows = g.edges.map((e) => `${byId.get(e.from)} -> ${byId.get(e.to)}: ${e.label}${e.l7 ? ` [${e.l7.join('; ')}]` : ''}`);
  // web -> api is gone: api-in isolates api's ingress and admits only the world.
  assert.deepEqual(arrows, [
    'web -> kube-dns: TCP 53 · UDP 53 · SCTP 53 [TCP 53; UDP 53; SCTP 53: DNS: lookups of *]',
    'web -> host (the local node): TCP 6443',
    'web -> kube-apiserver (the API server): TCP 6443',
    'web -> *.s3.amazonaws.com (pattern): TCP 443',
    'web -> api.github.com: TCP 443',
    'world (outside the cluster) -> api: TCP 8080',
  ]);
  assert.equal(g.counts.externals, 5);
});

test('Mermaid: entity and name shapes, L7 flows dotted with the protocol on the arrow', () => {
  const mmd = toMermaid(graph(WEB_EGRESS));
  assert.ok(mmd.includes('    y_kube_2d_apiserver[/"kube-apiserver (the API server)"\\]\n'), mmd);
  assert.ok(mmd.includes('    q_n_api_2e_github_2e_com[\\"api.github.com<br/>DNS name"/]\n'));
  assert.ok(mmd.includes('  w_pod__app__web e0@-.->|"TCP 8080 #183; L7 HTTP"| w_pod__app__api\n'), mmd);
  assert.ok(mmd.includes('  w_pod__app__web e1@-.->|"TCP 53 #183; UDP 53 #183; SCTP 53 #183; L7 DNS"| w_clusterworkload__kube_2d_system__kube_2d_dns\n'));
  assert.ok(mmd.includes('  w_pod__app__web e2@-->|"TCP 6443"| y_host\n'));
  assert.ok(mmd.includes('  class y_host,y_kube_2d_apiserver,q_p__2a__2e_s3_2e_amazonaws_2e_com,q_n_api_2e_github_2e_com external\n'), mmd);
});

test('toFQDNs without the DNS proxy allows nothing: drawn as a blocked edge that says so', () => {
  const noProxy = cnp(
    'web-out',
    `endpointSelector: {matchLabels: {role: web}}
egress:
- toFQDNs: [{matchName: api.github.com}]
  toPorts: [{ports: [{port: "443", protocol: TCP}]}]`,
  );
  const g = graph(noProxy);
  const e = g.edges.find((x) => x.to === 'q_n_api_2e_github_2e_com');
  assert.equal(e?.kind, 'blocked');
  assert.equal(e?.label, 'allows nothing: DNS not through the proxy');
  assert.match(e?.caveats.join('\n') ?? '', /no egress rule of app\/web sends its DNS through Cilium's proxy/);
  const mmd = toMermaid(g);
  assert.ok(mmd.includes('  w_pod__app__web e0@-.-x|"allows nothing: DNS not through the proxy"| q_n_api_2e_github_2e_com\n'), mmd);
  assert.ok(mmd.includes('  linkStyle 0 stroke:#cf222e,stroke-width:2px,color:#cf222e\n'));
});

test('a pattern is asked about through a name it matches', () => {
  assert.equal(representativeName('*.github.com'), 'x.github.com');
  assert.equal(representativeName('**.cdn.example.net'), 'sub.cdn.example.net');
  assert.equal(representativeName('api-*.example.com.'), 'api-x.example.com');
  assert.equal(representativeName('*'), 'any-name.netlens.invalid');
});

test('the connection matrix says which rows L7 rules narrow, in the Allowed by cell', () => {
  const md = matrixMarkdown(connectionMatrix(graph(WEB_EGRESS)));
  assert.ok(md.includes('| app/web | app/api | 8080 | TCP | app/web-out (egress); L7 only: HTTP: GET /v1/.* |'), md);
  assert.ok(md.includes('| app/web | api.github.com | 443 | TCP | app/web-out (egress) |'), md);
  assert.ok(md.includes('| app/web | kube-system/kube-dns | 53 | UDP | app/web-out (egress); L7 only: DNS: lookups of * |'), md);
});

test('an empty cidrGroupSelector draws pod edges like toEntities: [all] (every identity, pods included)', () => {
  const policy = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: any-in, namespace: app}\nspec:\n  endpointSelector: {matchLabels: {role: web}}\n  ingress: [{fromCIDRSet: [{cidrGroupSelector: {}}]}]\n';
  const arrows = (text: string) => {
    const g = graph(text);
    const byId = new Map(g.nodes.map((n) => [n.id, n.label]));
    return g.edges.filter((e) => byId.get(e.to) === 'web').map((e) => `${byId.get(e.from)} -> web`).sort();
  };
  // The pods of both namespaces (app/api, other/api) and kube-dns, as with `all`; the world as the two world blocks.
  assert.deepEqual(arrows(policy), ['api -> web', 'api -> web', 'internet (0.0.0.0/0) -> web', 'internet (::/0) -> web', 'kube-dns -> web']);
  assert.deepEqual(arrows(policy.replace('fromCIDRSet: [{cidrGroupSelector: {}}]', 'fromEntities: [all]')), ['api -> web', 'api -> web', 'kube-dns -> web', 'world (outside the cluster) -> web']);
});
