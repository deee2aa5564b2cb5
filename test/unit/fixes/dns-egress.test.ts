// "Add DNS egress": the edit in every YAML style (block/flow, indented/flush dashes, 4 spaces, CRLF, comments,
// no final newline, multi-document), applied and re-analysed: the warning is gone and the file stays clean.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { applyEdits, deployment, wsCodes, wsFindings } from '../rules/workspace-harness.ts';

const APPS = deployment('shop', 'web', { app: 'web' }) + '---\n' + deployment('shop', 'db', { app: 'db' });
const HEAD = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n  namespace: shop\n';

/** Applies the fix of the one missing-dns-egress finding and checks the result is clean; returns the new text. */
function fixed(policy: string): string {
  const files = { 'file:///apps.yaml': APPS, 'file:///np.yaml': policy };
  const seen = wsFindings(files, 'missing-dns-egress');
  assert.equal(seen.length, 1, `expected one finding for:\n${policy}`);
  const fix = seen[0]!.fixes[0];
  assert.ok(fix, 'no fix');
  assert.equal(fix.isPreferred, true);
  const out = applyEdits(policy, fix);
  assert.deepEqual(wsCodes({ ...files, 'file:///np.yaml': out })['file:///np.yaml'], [], out);
  return out;
}

const RULE_INDENTED = [
  '    - to:',
  '        - namespaceSelector:',
  '            matchLabels:',
  '              kubernetes.io/metadata.name: kube-system',
  '          podSelector:',
  '            matchLabels:',
  '              k8s-app: kube-dns',
  '      ports:',
  '        - protocol: UDP',
  '          port: 53',
  '        - protocol: TCP',
  '          port: 53',
];

test('block egress with indented dashes and comments: appended in the same style, comments intact', () => {
  const policy =
    HEAD +
    'spec:\n  podSelector:\n    matchLabels:\n      app: web # the web tier\n  policyTypes:\n    - Egress\n  egress:\n    # database\n    - to:\n        - podSelector: {matchLabels: {app: db}}\n      ports:\n        - port: 5432 # postgres\n  # end of egress\n';
  const out = fixed(policy);
  assert.equal(out, policy.replace('  # end of egress\n', `${RULE_INDENTED.join('\n')}\n  # end of egress\n`));
});

test('four-space indentation is followed', () => {
  const policy = HEAD.replace('  name', '    name').replace('  namespace', '    namespace') + 'spec:\n    podSelector:\n        matchLabels:\n            app: web\n    policyTypes: [Egress]\n    egress:\n        - ports: [{port: 443}]\n';
  const out = fixed(policy);
  assert.ok(
    out.endsWith(
      '        - ports: [{port: 443}]\n        - to:\n              - namespaceSelector:\n                    matchLabels:\n                        kubernetes.io/metadata.name: kube-system\n' +
        '                podSelector:\n                    matchLabels:\n                        k8s-app: kube-dns\n' +
        '          ports:\n              - protocol: UDP\n                port: 53\n              - protocol: TCP\n                port: 53\n',
    ),
    out,
  );
});

const FLOW_RULE = '{to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}], ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]}';

test('flow egress lists get a flow item (empty, non-empty, with a trailing comma and a comment)', () => {
  const base = HEAD + 'spec:\n  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress, Egress]\n';
  assert.equal(fixed(`${base}  egress: []\n`), `${base}  egress: [${FLOW_RULE}]\n`);
  assert.equal(fixed(`${base}  egress: [{ports: [{port: 443}]}]\n`), `${base}  egress: [{ports: [{port: 443}]}, ${FLOW_RULE}]\n`);
  const multi = `${base}  egress: [\n    {ports: [{port: 443}]}, # https\n  ]\n`;
  assert.equal(fixed(multi), `${base}  egress: [\n    {ports: [{port: 443}]}, ${FLOW_RULE}, # https\n  ]\n`);
});

test('no egress key (explicit policyTypes with Egress): egress is added at the end of spec', () => {
  const policy = HEAD + 'spec:\n  podSelector:\n    matchLabels: {app: web}\n  policyTypes:\n  - Ingress\n  - Egress\n# trailing comment\n';
  const out = fixed(policy);
  assert.ok(out.startsWith(`${policy.replace('# trailing comment\n', '')}  egress:\n  - to:\n    - namespaceSelector:\n`), out);
  assert.ok(out.endsWith('      port: 53\n# trailing comment\n'), out);
  const flowSpec = HEAD + 'spec: {podSelector: {matchLabels: {app: web}}, policyTypes: [Egress]}\n';
  assert.equal(fixed(flowSpec), HEAD + `spec: {podSelector: {matchLabels: {app: web}}, policyTypes: [Egress], egress: [${FLOW_RULE}]}\n`);
});

test('an empty egress value (egress: / egress: ~) with explicit policyTypes gets the rule', () => {
  const base = HEAD + 'spec:\n  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Egress]\n';
  const out = fixed(`${base}  egress: # nothing yet\n`);
  assert.ok(out.startsWith(`${base}  egress: # nothing yet\n    - to:\n`), out);
  assert.equal(fixed(`${base}  egress: ~\n`), `${base}  egress: [${FLOW_RULE}]\n`);
});

test('CRLF files get CRLF lines; a missing final newline is supplied', () => {
  const lf = HEAD + 'spec:\n  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Egress]\n  egress:\n  - ports: [{port: 443}]\n';
  const crlf = lf.replace(/\n/g, '\r\n');
  const out = fixed(crlf);
  assert.ok(!/[^\r]\n/.test(out), 'every line break is CRLF');
  assert.equal(out.replace(/\r\n/g, '\n'), fixed(lf));
  const noFinal = lf.slice(0, -1);
  assert.equal(fixed(noFinal), fixed(lf));
});

test('in a multi-document file only the policy document changes', () => {
  const other = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: shop}\n';
  const policy = HEAD + 'spec:\n  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Egress]\n  egress:\n  - ports: [{port: 443}]\n';
  const out = fixed(`${policy}---\n${other}`);
  assert.ok(out.endsWith(`      port: 53\n---\n${other}`), out);
  const docs = out.split('---\n');
  assert.equal(docs.length, 2);
  assert.deepEqual(parseDocument(docs[0]!).toJS().spec.egress[1].ports, [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }]);
});

test('label values that YAML would read as other types are quoted', () => {
  const files = { 'file:///apps.yaml': APPS, 'file:///np.yaml': HEAD + 'spec:\n  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Egress]\n' };
  const dns = { namespace: 'kube-system', name: 'kube-dns', labels: { dns: 'true', version: '1.10' }, ports: [{ port: 53, protocol: 'UDP' as const }] };
  const seen = wsFindings(files, 'missing-dns-egress', { clusterWorkloads: [dns] });
  const out = applyEdits(files['file:///np.yaml'], seen[0]!.fixes[0]!);
  assert.ok(out.includes('              dns: "true"\n              version: "1.10"\n'), out);
  assert.deepEqual(wsFindings({ ...files, 'file:///np.yaml': out }, 'missing-dns-egress', { clusterWorkloads: [dns] }), []);
});

test('no fix when the policy reaches spec through an alias (editing the anchor would change other objects)', () => {
  // The anchor sits in a free-form managedFields entry: labels or annotations holding a map would be rejected.
  const text = `${HEAD}  managedFields:\n  - fieldsV1: &spec\n      podSelector: {matchLabels: {app: web}}\n      policyTypes: [Egress]\nspec: *spec\n`;
  const seen = wsFindings({ 'file:///apps.yaml': APPS, 'file:///np.yaml': text }, 'missing-dns-egress');
  assert.deepEqual(seen.map((s) => s.fixes.length), [0]);
});
