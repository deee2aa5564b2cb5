// Gateway API quick fixes, applied and re-analysed: "Create the missing ReferenceGrant" and "Set sectionName".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, wsCodes, wsFindings, type Files } from '../rules/workspace-harness.ts';
import { GATEWAY, NAMESPACES, SECRET, route, service } from './fixtures.ts';

const base: Files = { 'file:///gw.yaml': GATEWAY, 'file:///ns.yaml': NAMESPACES, 'file:///secret.yaml': SECRET, 'file:///svc.yaml': service('apps', 'web') + '---\n' + service('backend', 'api') };
const PARENT = '{name: edge, namespace: infra, sectionName: http}';

test('Create the missing ReferenceGrant: a new document after the route; the finding is gone and the grant is used', () => {
  const r = `# the route\n${route('apps', 'web', PARENT, '{name: api, namespace: backend, port: 80}')}`;
  const files = { ...base, 'file:///r.yaml': r };
  const fix = wsFindings(files, 'backend-ref-not-permitted')[0]!.fixes[0]!;
  assert.equal(fix.title, 'Create the missing ReferenceGrant in namespace backend');
  assert.equal(fix.isPreferred, true);
  const fixed = applyEdits(r, fix);
  assert.equal(
    fixed.slice(r.length),
    '---\napiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata:\n  name: allow-apps-httproutes-to-api\n  namespace: backend\nspec:\n  from:\n  - group: gateway.networking.k8s.io\n    kind: HTTPRoute\n    namespace: apps\n  to:\n  - group: ""\n    kind: Service\n    name: api\n',
  );
  assert.ok(fixed.startsWith(r), 'the route and its comment are kept');
  assert.deepEqual(wsCodes({ ...files, 'file:///r.yaml': fixed })['file:///r.yaml'], []);
});

test('with netlens.quickFix.defaultDenyTarget newFile, the grant goes to a new file next to the route', () => {
  const files = { ...base, 'file:///dir/r.yaml': route('apps', 'web', PARENT, '{name: api, namespace: backend, port: 80}') };
  const fix = wsFindings(files, 'backend-ref-not-permitted', { defaultDenyTarget: 'newFile' })[0]!.fixes[0]!;
  assert.deepEqual([fix.uri, fix.createFile, fix.title], ['file:///dir/referencegrant-backend-api.yaml', true, 'Create the missing ReferenceGrant in namespace backend (new file referencegrant-backend-api.yaml)']);
  const created = applyEdits('', fix);
  assert.deepEqual(wsCodes({ ...files, 'file:///dir/referencegrant-backend-api.yaml': created })['file:///dir/r.yaml'], []);
});

test('Set sectionName: one fix per listener; applying one attaches the route', () => {
  const r = route('apps', 'web', '{name: edge, namespace: infra, sectionName: htp}');
  const files = { ...base, 'file:///r.yaml': r };
  const fixes = wsFindings(files, 'unknown-section')[0]!.fixes;
  assert.deepEqual(fixes.map((f) => f.title), ['Set sectionName to "http"', 'Set sectionName to "https"']);
  const fixed = applyEdits(r, fixes[0]!);
  assert.ok(fixed.includes('sectionName: http}'));
  assert.deepEqual(wsCodes({ ...files, 'file:///r.yaml': fixed })['file:///r.yaml'], []);
});
