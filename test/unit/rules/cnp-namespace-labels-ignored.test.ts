// cnp-namespace-labels-ignored: a CNP peer selecting by io.cilium.k8s.namespace.labels.* — pinned to the policy's
// namespace before Cilium 1.16 (warning), every namespace with those labels from 1.16 (information); reach and hover agree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText, buildModel, DEFAULT_OPTIONS, hoverAt, parseFile, parsePortSpec, reach, resolveEndpoint, type Options } from '../../../server/src/core/index.ts';
import { WORKLOADS } from '../cilium/harness.ts';

const CODE = 'cnp-namespace-labels-ignored';
const OLD: Options = { ...DEFAULT_OPTIONS, ciliumVersion: '1.15' };
const NEW: Options = { ...DEFAULT_OPTIONS, ciliumVersion: '1.16' };

// Namespaces app (team=blue) and other (team=red); pods app/web, app/api, other/api.
const policy = (peer: string, kind = 'CiliumNetworkPolicy'): string => `apiVersion: cilium.io/v2
kind: ${kind}
metadata:
  name: p
${kind === 'CiliumNetworkPolicy' ? '  namespace: app\n' : ''}spec:
  endpointSelector:
    matchLabels:
      role: api
  ingress:
  - fromEndpoints:
    - matchLabels:
${peer}`;
const RED = '        k8s:io.cilium.k8s.namespace.labels.team: red\n';
const BLUE = '        io.cilium.k8s.namespace.labels.team: blue\n';

function seen(text: string, options: Options): [string, number, string, string][] {
  const { file, findings } = analyzeText('file:///ws/p.yaml', text, options);
  return findings.filter((f) => f.code === CODE).map((f) => [text.slice(f.span.start, f.span.end), file.lines.positionAt(f.span.start).line, f.severity, f.message]);
}

function model(text: string, options: Options) {
  const files = [parseFile('file:///ws/w.yaml', WORKLOADS, options), parseFile('file:///ws/p.yaml', text, options)];
  return { files, m: buildModel(files, options) };
}

function can(text: string, options: Options, from: string, to: string): boolean {
  const { m } = model(text, options);
  const f = resolveEndpoint(m, from);
  const t = resolveEndpoint(m, to);
  const p = parsePortSpec('8080');
  if (!f.ok || !t.ok || 'error' in p) throw new Error('bad query');
  return reach(m, { from: f.endpoint, to: t.endpoint, port: p.port, protocol: p.protocol }).allowed;
}

test('before Cilium 1.16: a warning on the namespace-label key, saying it is ignored across namespaces', () => {
  assert.deepEqual(seen(policy(RED), OLD), [[
    'k8s:io.cilium.k8s.namespace.labels.team',
    12,
    'warning',
    'spec.ingress[0].fromEndpoints[0]: with Cilium 1.15 (netlens.ciliumVersion) a CiliumNetworkPolicy adds its own namespace to this selector, ' +
      'so `k8s:io.cilium.k8s.namespace.labels.team` is ignored across namespaces: the peer only matches pods of namespace app (and only if app ' +
      'has that label). To select pods of other namespaces by their labels, use a CiliumClusterwideNetworkPolicy (or Cilium 1.16 and later).',
  ]]);
});

test('from Cilium 1.16 (and by default, 1.18): information, the peer reaches every namespace with those labels', () => {
  const msg =
    'spec.ingress[0].fromEndpoints[0]: `k8s:io.cilium.k8s.namespace.labels.team` is not limited to the policy\'s namespace: from Cilium 1.16 ' +
    'this peer matches pods of every namespace whose labels match, although Cilium\'s documentation has long said namespace labels only work in a ' +
    'CiliumClusterwideNetworkPolicy. Add `k8s:io.kubernetes.pod.namespace` to the selector if you meant one namespace.';
  assert.deepEqual(seen(policy(RED), NEW), [['k8s:io.cilium.k8s.namespace.labels.team', 12, 'information', msg]]);
  assert.deepEqual(seen(policy(RED), DEFAULT_OPTIONS).map((s) => s[2]), ['information']);
});

test('a matchExpressions key, toEndpoints and specs[] are found; a peer naming its namespace, a CCNP and other keys are not', () => {
  const expr = policy('        role: web\n').replace('    - matchLabels:\n        role: web\n', '    - matchExpressions:\n      - {key: io.cilium.k8s.namespace.labels.team, operator: In, values: [red]}\n');
  assert.deepEqual(seen(expr, OLD).map((s) => [s[0], s[1]]), [['io.cilium.k8s.namespace.labels.team', 12]]);
  const egress = `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: e, namespace: app}\nspecs:\n- endpointSelector: {}\n  egress:\n  - toEndpoints: [{matchLabels: {io.cilium.k8s.namespace.labels.team: red}}]\n`;
  assert.deepEqual(seen(egress, NEW).map((s) => [s[0], s[3].split(':')[0]]), [['io.cilium.k8s.namespace.labels.team', 'specs[0].egress[0].toEndpoints[0]']]);
  assert.deepEqual(seen(policy(RED + '        k8s:io.kubernetes.pod.namespace: other\n'), OLD), []);
  assert.deepEqual(seen(policy(RED, 'CiliumClusterwideNetworkPolicy'), OLD), []);
  assert.deepEqual(seen(policy('        role: web\n'), OLD), []);
});

test('reach follows the version: before 1.16 only same-namespace pods (namespace labels still required); from 1.16 every matching namespace', () => {
  // other (team=red) -> app/api through a CNP in app selecting namespace label team=red.
  assert.equal(can(policy(RED), OLD, 'other/api', 'app/api'), false, '1.15 pins the peer to app');
  assert.equal(can(policy(RED), NEW, 'other/api', 'app/api'), true, '1.16 reaches namespace other');
  assert.equal(can(policy(RED), NEW, 'app/web', 'app/api'), false, 'app is team=blue, not red');
  // team=blue is app's own label: same-namespace pods match in both versions; other/api never does.
  assert.equal(can(policy(BLUE), OLD, 'app/web', 'app/api'), true);
  assert.equal(can(policy(BLUE), NEW, 'app/web', 'app/api'), true);
  assert.equal(can(policy(BLUE), OLD, 'other/api', 'app/api'), false);
});

test('hover on the rule says the same for each version', () => {
  const text = policy(RED);
  const at = (options: Options): string => {
    const { files, m } = model(text, options);
    return hoverAt(files[1]!, text.indexOf('- fromEndpoints'), m)!.markdown;
  };
  assert.equal(
    at(OLD),
    '**ingress[0]** Allows traffic from pods matching `io.cilium.k8s.namespace.labels.team=red` in namespace `app` (0 workloads in the workspace) on every port and protocol. ' +
      'Endpoint selectors of a CiliumNetworkPolicy are limited to its namespace `app` unless they name `k8s:io.kubernetes.pod.namespace`. ' +
      'Before Cilium 1.16 (your `netlens.ciliumVersion`), the namespace-label key (`io.cilium.k8s.namespace.labels.*`) is ignored across namespaces: only pods of `app` can match. ' +
      'Use a CiliumClusterwideNetworkPolicy to select other namespaces by their labels.',
  );
  assert.equal(
    at(NEW),
    '**ingress[0]** Allows traffic from pods matching `io.cilium.k8s.namespace.labels.team=red` in every namespace whose labels match (1 workload in the workspace: `other/api`) on every port and protocol. ' +
      'From Cilium 1.16, a selector over namespace labels (`io.cilium.k8s.namespace.labels.*`) is not limited to the policy\'s namespace: it matches pods of every namespace with those labels, ' +
      'although Cilium\'s documentation long said this works only in a CiliumClusterwideNetworkPolicy.',
  );
});
