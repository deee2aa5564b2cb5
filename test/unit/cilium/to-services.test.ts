// toServices per Cilium release: from 1.17 a Service with a selector admits the pods it selects (its selector is
// copied into a generated toEndpoints); before, only Services without a selector count, so it admits no pod.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, DEFAULT_OPTIONS, hoverAt, parseFile } from '../../../server/src/core/index.ts';
import type { Options } from '../../../server/src/core/options.ts';
import { wsFindings } from '../rules/workspace-harness.ts';
import { ask, can, cilium, cnp, WORKLOADS } from './harness.ts';

const V116: Options = { ...DEFAULT_OPTIONS, ciliumVersion: '1.16' };
const V117: Options = { ...DEFAULT_OPTIONS, ciliumVersion: '1.17' };
const BY_NAME = cnp('p', 'endpointSelector: {matchLabels: {role: web}}\negress:\n- toServices: [{k8sService: {serviceName: api, namespace: app}}]');
const BY_LABELS = cnp('p', 'endpointSelector: {matchLabels: {role: web}}\negress:\n- toServices: [{k8sServiceSelector: {selector: {matchLabels: {expose: "yes"}}, namespace: app}}]');

test('Cilium 1.17 and later (and the default, 1.18): a Service with a selector admits its pods', () => {
  for (const opts of [DEFAULT_OPTIONS, V117]) {
    assert.equal(can(cilium(BY_NAME, opts), 'app/web', 'app/api', '8080'), true, opts.ciliumVersion);
    assert.equal(can(cilium(BY_LABELS, opts), 'app/web', 'app/api', '8080'), true, opts.ciliumVersion);
  }
});

test('before Cilium 1.17: a Service with a selector admits no pod, and no caveat claims otherwise', () => {
  for (const policy of [BY_NAME, BY_LABELS]) {
    const v = ask(cilium(policy, V116), 'app/web', 'app/api', '8080');
    assert.equal(v.allowed, false);
    assert.deepEqual(v.egress.allowedBy, []);
    assert.deepEqual(v.caveats.filter((c) => c.includes('toServices')), []);
  }
});

test('a k8sService without namespace names Services of every namespace, not only the policy\'s', () => {
  const m = cilium(cnp('p', 'endpointSelector: {matchLabels: {role: api}}\negress:\n- toServices: [{k8sService: {serviceName: api}}]', 'other'));
  assert.equal(can(m, 'other/api', 'app/api', '8080'), true);
  assert.equal(can(m, 'other/api', 'app/web', '8080'), false);
});

function hover(policy: string, needle: string, options: Options): string | undefined {
  const files = [parseFile('file:///ws/w.yaml', WORKLOADS, options), parseFile('file:///ws/p.yaml', policy, options)];
  return hoverAt(files[1]!, policy.indexOf(needle), buildModel(files, options), {})?.markdown;
}

test('hover on the rule: the Service\'s pods from 1.17, no pod before and why', () => {
  assert.equal(hover(BY_NAME, '- toServices', DEFAULT_OPTIONS), '**egress[0]** Allows traffic to the pods behind Service `app/api` on every port and protocol.');
  assert.equal(
    hover(BY_NAME, '- toServices', V116),
    '**egress[0]** Allows traffic to no pod of Service `app/api` on every port and protocol. Before Cilium 1.17 toServices covers only Services without a selector (your `netlens.ciliumVersion`), whose endpoint addresses become CIDR rules, which never match pods.',
  );
  const anyNs = cnp('p', 'endpointSelector: {}\negress:\n- toServices: [{k8sService: {serviceName: api}}]');
  assert.equal(hover(anyNs, '- toServices', DEFAULT_OPTIONS), '**egress[0]** Allows traffic to the pods behind Service `api` in every namespace on every port and protocol.');
});

test('cilium-to-services-selector: before 1.17, at the toServices entry naming a Service with a selector', () => {
  const files = { 'file:///ws/w.yaml': WORKLOADS, 'file:///ws/p.yaml': BY_NAME };
  const seen = wsFindings(files, 'cilium-to-services-selector', V116);
  assert.deepEqual(
    seen.map((s) => [s.at, s.line, s.severity, s.message]),
    [[
      '{k8sService: {serviceName: api, namespace: app}}',
      6,
      'warning',
      'egress[0].toServices[0]: before Cilium 1.17 toServices covers only Services without a selector, and app/api has one: with Cilium 1.16 (netlens.ciliumVersion) this peer admits none of its pods. Select the pods with toEndpoints (the Service\'s selector), or run Cilium 1.17 or later.',
    ]],
  );
  assert.deepEqual(wsFindings({ ...files, 'file:///ws/p.yaml': BY_LABELS }, 'cilium-to-services-selector', V116).map((s) => s.at), ['{k8sServiceSelector: {selector: {matchLabels: {expose: "yes"}}, namespace: app}}']);
  assert.deepEqual(wsFindings(files, 'cilium-to-services-selector', V117), []);
  assert.deepEqual(wsFindings(files, 'cilium-to-services-selector'), []);
});

test('cilium-to-services-selector: quiet for a Service without a selector, or one the workspace does not hold', () => {
  const external = 'apiVersion: v1\nkind: Service\nmetadata: {name: db, namespace: app}\nspec:\n  ports: [{port: 5432}]\n';
  const toDb = cnp('p', 'endpointSelector: {matchLabels: {role: web}}\negress:\n- toServices: [{k8sService: {serviceName: db, namespace: app}}, {k8sService: {serviceName: gone, namespace: app}}]');
  assert.deepEqual(wsFindings({ 'file:///ws/w.yaml': WORKLOADS, 'file:///ws/db.yaml': external, 'file:///ws/p.yaml': toDb }, 'cilium-to-services-selector', V116), []);
});
