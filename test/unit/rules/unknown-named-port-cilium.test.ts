// unknown-named-port for CNP and CCNP: named ports of toPorts against the selected pods (ingress) or endpoint peers (egress).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deployment, wsFindings } from './workspace-harness.ts';

const CODE = 'unknown-named-port';
const APPS = [deployment('shop', 'web', { app: 'web' }, ['http:8080', 'metrics:9090']), deployment('shop', 'db', { app: 'db' }, ['postgres:5432', 'stats:8125/UDP'])].join('---\n');
const cnp = (spec: string, kind = 'CiliumNetworkPolicy'): string =>
  `apiVersion: cilium.io/v2\nkind: ${kind}\nmetadata:\n  name: p\n${kind === 'CiliumNetworkPolicy' ? '  namespace: shop\n' : ''}spec:\n${spec}`;
const run = (text: string, apps = APPS) => wsFindings({ 'file:///a.yaml': apps, 'file:///cnp.yaml': text }, CODE);

test('ingress: a name the selected pods do not declare is reported on the port scalar, with its toPorts path', () => {
  const spec = '  endpointSelector: {matchLabels: {app: db}}\n  ingress:\n  - toPorts:\n    - ports:\n      - port: "postgres"\n      - port: "metrics"\n';
  assert.deepEqual(
    run(cnp(spec)).map((s) => [s.at, s.line, s.severity, s.message, s.fixes.length]),
    [['"metrics"', 11, 'warning', 'spec.ingress[0].toPorts[0].ports[1]: none of the pods this policy selects (shop/db) declares a container port named "metrics", so this port matches nothing for them.', 0]],
  );
});

test('egress: names resolve on the toEndpoints pods; a protocol must match, ANY matches any', () => {
  const spec = (proto: string) =>
    `  endpointSelector: {matchLabels: {app: web}}\n  egress:\n  - toEndpoints: [{matchLabels: {app: db}}]\n    toPorts:\n    - ports: [{port: "stats"${proto}}, {port: "http", protocol: TCP}]\n`;
  assert.deepEqual(run(cnp(spec(', protocol: TCP'))).map((s) => [s.at, s.message]), [
    ['"stats"', 'spec.egress[0].toPorts[0].ports[0]: none of the pods this rule sends to (shop/db) declares a TCP container port named "stats", so this port matches nothing for them. It is declared for UDP only; set `protocol: UDP` (or ANY) if that is the port you mean.'],
    ['"http"', 'spec.egress[0].toPorts[0].ports[1]: none of the pods this rule sends to (shop/db) declares a TCP container port named "http", so this port matches nothing for them.'],
  ]);
  assert.deepEqual(run(cnp(spec(''))).map((s) => s.at), ['"http"']);
});

test('a CCNP and a specs: list are covered; paths name the list entry', () => {
  const ccnp = cnp('  endpointSelector: {matchLabels: {app: web}}\n  ingress:\n  - toPorts: [{ports: [{port: "nope"}]}]\n', 'CiliumClusterwideNetworkPolicy');
  assert.deepEqual(run(ccnp).map((s) => [s.at, s.line]), [['"nope"', 7]]);
  const specs = cnp('').replace('spec:\n', 'specs:\n- endpointSelector: {matchLabels: {app: db}}\n  ingress: [{}]\n- endpointSelector: {matchLabels: {app: web}}\n  ingress:\n  - toPorts: [{ports: [{port: "http"}, {port: "nope"}]}]\n');
  assert.deepEqual(run(specs).map((s) => s.message.split(':')[0]), ['specs[1].ingress[0].toPorts[0].ports[1]']);
});

// The reader reads an item written as an alias as the item it names (a rule map of its own to Cilium); its port
// spans once came from the item as written (the alias), so its findings were dropped without a word.
test('a specs item written as an alias is checked as the item it names, under its own path', () => {
  const specs = cnp('').replace('spec:\n', 'specs:\n- &web\n  endpointSelector: {matchLabels: {app: web}}\n  ingress:\n  - toPorts: [{ports: [{port: "nope"}]}]\n- *web\n');
  assert.deepEqual(
    run(specs).map((s) => [s.at, s.line, s.message.split(':')[0]]),
    [
      ['"nope"', 9, 'specs[0].ingress[0].toPorts[0].ports[0]'],
      ['"nope"', 9, 'specs[1].ingress[0].toPorts[0].ports[0]'],
    ],
  );
});

test('no finding when destinations are unknown (entities, CIDRs, no peers, pods outside the workspace) or in deny rules', () => {
  const egress = (peer: string) => cnp(`  endpointSelector: {matchLabels: {app: web}}\n  egress:\n  -${peer} toPorts: [{ports: [{port: "nope"}]}]\n`);
  assert.deepEqual(run(egress(' toEntities: [cluster]\n   ')), []);
  assert.deepEqual(run(egress(' toCIDR: [10.0.0.0/8]\n   ')), []);
  assert.deepEqual(run(egress('')), []);
  assert.deepEqual(run(cnp('  endpointSelector: {matchLabels: {app: other}}\n  ingress:\n  - toPorts: [{ports: [{port: "nope"}]}]\n')), []);
  assert.deepEqual(run(cnp('  endpointSelector: {matchLabels: {app: web}}\n  ingressDeny:\n  - toPorts: [{ports: [{port: "nope"}]}]\n')), []);
});

// Cilium lower-cases a named port before matching (PortProtocol.Sanitize), so `HTTP` is the container port `http`.
test('upper case names the lower-case container port; an unknown one says how Cilium reads it', () => {
  const spec = '  endpointSelector: {matchLabels: {app: web}}\n  ingress:\n  - toPorts: [{ports: [{port: "HTTP"}, {port: "Metrics", protocol: TCP}, {port: "Nope"}]}]\n';
  assert.deepEqual(run(cnp(spec)).map((s) => [s.at, s.message]), [
    ['"Nope"', 'spec.ingress[0].toPorts[0].ports[2]: none of the pods this policy selects (shop/web) declares a container port named "nope" (Cilium lower-cases "Nope" before matching), so this port matches nothing for them.'],
  ]);
});
