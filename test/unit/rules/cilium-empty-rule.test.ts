// cilium-empty-rule: `- {}` under ingress/egress of a Cilium policy, with the explicit form as the fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText, DEFAULT_OPTIONS } from '../../../server/src/core/index.ts';
import { findings } from './rule-harness.ts';
import { applyEdits } from './workspace-harness.ts';

const CODE = 'cilium-empty-rule';
const TEXT = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: deny, namespace: app}
spec:
  endpointSelector: {}
  ingress:
  - {}
  egress:
  - {}   # deny all egress
  - toEndpoints: [{}]
`;

test('each empty rule is reported on the entry, ingress and egress, with the explicit form as the fix', () => {
  const f = findings(TEXT, CODE);
  assert.deepEqual(f.map((x) => [x.at, x.line, x.severity]), [['{}', 6, 'warning'], ['{}', 8, 'warning']]);
  assert.match(f[0]!.message, /^ingress\[0\] is an empty rule\. Cilium documents `ingress: \[\{\}\]` as default-deny/);
  const fixed = applyEdits(TEXT, f[1]!.fixes[0]!);
  assert.equal(fixed.split('\n')[8], '  - {toEntities: [none]}   # deny all egress');
  assert.deepEqual(findings(applyEdits(fixed, findings(fixed, CODE)[0]!.fixes[0]!), CODE), []);
  assert.deepEqual(analyzeText('t.yaml', fixed, DEFAULT_OPTIONS).file.issues.filter((i) => i.kind === 'syntax'), []);
});

test('specs entries, CCNPs, deny sections and NetworkPolicies', () => {
  const specs = TEXT.replace('kind: CiliumNetworkPolicy', 'kind: CiliumClusterwideNetworkPolicy').replace('metadata: {name: deny, namespace: app}\nspec:\n', 'metadata: {name: deny}\nspecs:\n- ').replace(/\n {2}/g, '\n    ');
  assert.deepEqual(findings(specs, CODE).map((x) => x.line), [6, 8]);
  assert.deepEqual(findings(TEXT.replace(/ingress:/, 'ingressDeny:').replace(/egress:/, 'egressDeny:'), CODE), []);
  assert.deepEqual(findings('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: x}\nspec:\n  podSelector: {}\n  ingress:\n  - {}\n', CODE), []);
});

// The reader reads a rule written as an alias as the rule it names: reported at the anchored text, under its own
// index, and without a fix (an edit there would change the anchored rule too).
test('an empty rule written as an alias is reported under its own index, without a fix', () => {
  const text = TEXT.replace('  ingress:\n  - {}\n', '  ingress:\n  - &e {}\n  - *e\n');
  const f = findings(text, CODE);
  assert.deepEqual(
    f.map((x) => [x.at, x.line, x.message.split(' ')[0], x.fixes.length]),
    [['{}', 6, 'ingress[0]', 1], ['{}', 6, 'ingress[1]', 0], ['{}', 9, 'egress[0]', 1]],
  );
});
