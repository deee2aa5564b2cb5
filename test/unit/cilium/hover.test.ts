// Hover on Cilium policies: endpointSelector selection, one sentence per rule, entities, the empty-rule trap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, DEFAULT_OPTIONS, hoverAt, parseFile } from '../../../server/src/core/index.ts';
import { WORKLOADS } from './harness.ts';

const POLICY = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: p, namespace: app}
spec:
  endpointSelector: {matchLabels: {role: api}}
  ingress:
  - fromEndpoints: [{matchLabels: {role: web}}]
    toPorts: [{ports: [{port: "8080", protocol: TCP}], rules: {http: [{method: GET, path: /}]}}]
  - {}
  egressDeny:
  - toEntities: [world]
`;

function hover(needle: string, delta = 0): { markdown: string; at: string } | undefined {
  const files = [parseFile('file:///ws/w.yaml', WORKLOADS, DEFAULT_OPTIONS), parseFile('file:///ws/p.yaml', POLICY, DEFAULT_OPTIONS)];
  const model = buildModel(files, DEFAULT_OPTIONS);
  const r = hoverAt(files[1]!, POLICY.indexOf(needle) + delta, model);
  return r && { markdown: r.markdown, at: POLICY.slice(r.span.start, r.span.end) };
}

test('endpointSelector: the workloads it selects, pinned to the namespace', () => {
  const h = hover('endpointSelector', 2)!;
  assert.equal(h.markdown, '**endpointSelector** selects 1 workload in `app`: `app/api`. A CiliumNetworkPolicy applies only to its own namespace: Cilium replaces a `k8s:io.kubernetes.pod.namespace` matchLabel with it, but keeps a namespace named with a bare or `any:` key or in matchExpressions, so naming another namespace that way selects nothing.');
});

test('a rule: one sentence with peers, namespace pinning, ports and L7', () => {
  const h = hover('- fromEndpoints')!;
  assert.equal(h.markdown, '**ingress[0]** Allows traffic from pods matching `role=web` in namespace `app` (1 workload in the workspace: `app/web`) on TCP 8080 (L7 http: only GET /). Endpoint selectors of a CiliumNetworkPolicy are limited to its namespace `app` unless they name `k8s:io.kubernetes.pod.namespace`.');
});

test('the empty rule trap and deny rules', () => {
  assert.match(hover('- {}', 2)!.markdown, /^\*\*ingress\[1\]\*\* is empty \(`\{\}`\): it names no peer and no port, so it allows nothing/);
  assert.equal(hover('- toEntities')!.markdown, '**egressDeny[0]** Denies traffic to the `world` entity (everything outside the cluster (any address not of a cluster endpoint)) on every port and protocol. A deny wins over every allow, including NetworkPolicy allows on the same pods.');
});

test('an entity value is explained', () => {
  const h = hover('world]', 1)!;
  assert.deepEqual(h, { markdown: '**world**: everything outside the cluster (any address not of a cluster endpoint).', at: 'world' });
});

/** Hover in `policy` at `needle` (its first occurrence, or the offset given) plus `delta`. */
function hoverIn(policy: string, needle: string | number, delta = 0): string | undefined {
  const files = [parseFile('file:///ws/w.yaml', WORKLOADS, DEFAULT_OPTIONS), parseFile('file:///ws/p.yaml', policy, DEFAULT_OPTIONS)];
  const at = typeof needle === 'number' ? needle : policy.indexOf(needle);
  return hoverAt(files[1]!, at + delta, buildModel(files, DEFAULT_OPTIONS))?.markdown;
}

test('a host policy (CCNP nodeSelector) says its rules govern nodes, which NetLens does not model', () => {
  const host = `apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: host-fw}
spec:
  nodeSelector: {}
  ingress:
  - fromEntities: [remote-node]
`;
  assert.equal(hoverIn(host, 'nodeSelector', 2), '**nodeSelector** selects nodes. This is a host policy (`nodeSelector`): it governs the traffic of the nodes it selects, not of pods, and NetLens does not model node traffic. Verdicts about pods leave this policy out.');
  assert.equal(hoverIn(host, '- fromEntities'), '**ingress[0]** Allows traffic from the `remote-node` entity (the other nodes of the cluster) on every port and protocol. This is a host policy (`nodeSelector`): it governs the traffic of the nodes it selects, not of pods, and NetLens does not model node traffic.');
  // A pod policy's rule does not say so.
  assert.doesNotMatch(hoverIn(POLICY, '- fromEndpoints') ?? '', /host policy/);
});

test('what a rule holds that NetLens does not apply is listed under the sentence (authentication, requires)', () => {
  const auth = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: mtls, namespace: app}
spec:
  endpointSelector: {matchLabels: {role: api}}
  ingress:
  - fromEndpoints: [{matchLabels: {role: web}}]
    toPorts: [{ports: [{port: "8080", protocol: TCP}]}]
    authentication: {mode: required}
  - fromEndpoints: [{matchLabels: {role: web}}]
    fromRequires: [{matchLabels: {env: prod}}]
`;
  assert.equal(
    hoverIn(auth, '- fromEndpoints'),
    '**ingress[0]** Allows traffic from pods matching `role=web` in namespace `app` (1 workload in the workspace: `app/web`) on TCP 8080. Endpoint selectors of a CiliumNetworkPolicy are limited to its namespace `app` unless they name `k8s:io.kubernetes.pod.namespace`.\n\nNot analysed:\n- authentication mode "required": Cilium lets this traffic through only after a mutual-authentication handshake between the two endpoints succeeds; NetLens assumes it does.',
  );
  assert.equal(
    hoverIn(auth, auth.lastIndexOf('- fromEndpoints')),
    '**ingress[1]** Allows traffic from pods matching `role=web` in namespace `app` (1 workload in the workspace: `app/web`) on every port and protocol. Endpoint selectors of a CiliumNetworkPolicy are limited to its namespace `app` unless they name `k8s:io.kubernetes.pod.namespace`.\n\n' +
      '**fromRequires** (deprecated since Cilium 1.17) does not narrow this rule alone: Cilium adds its selectors to every fromEndpoints selector of every allow ingress rule of every policy selecting these endpoints, NetworkPolicy rules included, and NetLens does the same. CIDR, entity, FQDN and port-only rules are not narrowed, and a requirement grants nothing by itself.',
  );
});

test('a CNP peer that names the namespace key is that namespace\'s pods, not "every namespace"', () => {
  const other = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: out, namespace: app}
spec:
  endpointSelector: {matchLabels: {role: web}}
  egress:
  - toEndpoints: [{matchLabels: {"k8s:io.kubernetes.pod.namespace": other, role: api}}]
`;
  assert.equal(hoverIn(other, '- toEndpoints'), '**egress[0]** Allows traffic to pods matching `role=api` in namespace `other` (1 workload in the workspace: `other/api`) on every port and protocol.');
});

test('a toServices rule without toPorts admits every port of the Service\'s pods (the translation adds no port)', () => {
  const text = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: s, namespace: app}\nspec:\n  endpointSelector: {}\n  egress:\n  - toServices:\n    - k8sService: {serviceName: db, namespace: app}\n';
  const file = parseFile('file:///ws/s.yaml', text, DEFAULT_OPTIONS);
  const h = hoverAt(file, text.indexOf('- toServices'), buildModel([file], DEFAULT_OPTIONS))?.markdown;
  assert.equal(h, '**egress[0]** Allows traffic to the pods behind Service `app/db` on every port and protocol.');
});

test('enableDefaultDeny: per direction, whether the endpoints are default-deny and why', () => {
  const text = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: d, namespace: app}\nspec:\n  endpointSelector: {}\n  enableDefaultDeny:\n    ingress: false\n  ingress:\n  - fromEntities: [world]\n';
  const file = parseFile('file:///ws/d.yaml', text, DEFAULT_OPTIONS);
  const h = hoverAt(file, text.indexOf('ingress: false'), buildModel([file], DEFAULT_OPTIONS))?.markdown;
  assert.equal(
    h,
    '**enableDefaultDeny**\n\n' +
      "- ingress: **not default-deny** (`ingress: false`): this policy's ingress rules only add allowances (its deny rules still drop), and traffic no policy mentions stays allowed unless another policy isolates the endpoints.\n" +
      "- egress: **not default-deny** (not set, so it follows whether the policy has egress or egressDeny rules: it has none): this policy's egress rules only add allowances (its deny rules still drop), and traffic no policy mentions stays allowed unless another policy isolates the endpoints.",
  );
});

test('a port with an endPort below it reads as the port alone, not as a backwards range', () => {
  const policy = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: p, namespace: app}
spec:
  endpointSelector: {matchLabels: {role: api}}
  ingress:
  - toPorts: [{ports: [{port: "8080", endPort: 80, protocol: TCP}, {port: "9000", endPort: 9100, protocol: UDP}]}]
`;
  const files = [parseFile('file:///ws/w.yaml', WORKLOADS, DEFAULT_OPTIONS), parseFile('file:///ws/p.yaml', policy, DEFAULT_OPTIONS)];
  const r = hoverAt(files[1]!, policy.indexOf('- toPorts'), buildModel(files, DEFAULT_OPTIONS));
  assert.equal(r?.markdown, '**ingress[0]** Allows traffic from every peer (in and outside the cluster) on TCP 8080 (endPort 80 is below it, so Cilium reads port 8080 alone), UDP 9000-9100.');
});

test('endpointSelector matching no declared workload: hover names what runs undeclared pods in its namespace', () => {
  const cnp = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: plex, namespace: app}\nspec:\n  endpointSelector: {matchLabels: {app: plex}}\n  ingress: [{}]\n';
  const release = 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: plex, namespace: app}\nspec:\n  chart: {spec: {chart: plex}}\n';
  const files = [parseFile('file:///w.yaml', WORKLOADS, DEFAULT_OPTIONS), parseFile('file:///c.yaml', cnp, DEFAULT_OPTIONS), parseFile('file:///hr.yaml', release, DEFAULT_OPTIONS)];
  const model = buildModel(files, DEFAULT_OPTIONS);
  const at = cnp.indexOf('endpointSelector');
  const md = hoverAt(files[1]!, at, model, { workspace: { files: new Map(files.map((f) => [f.uri, f])), options: DEFAULT_OPTIONS } })?.markdown ?? '';
  assert.ok(md.startsWith('**endpointSelector** selects 0 workloads in `app`. `HelmRelease app/plex` runs pods in `app` that the workspace does not declare; it may select those. A CiliumNetworkPolicy'), md);
  assert.ok(hoverAt(files[1]!, at, model)?.markdown.startsWith('**endpointSelector** selects 0 workloads in `app`. A CiliumNetworkPolicy'));
});
