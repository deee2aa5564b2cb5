// Route quick fixes for the CRD's own rules, applied and re-analysed: "Add the leading /" (travels with the
// gateway-rule finding) and "Add the missing port" (a code action computed from the workspace's Services).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeWorkspace, codeActionsAt, DEFAULT_OPTIONS, parseFile, type CodeActionItem, type Finding } from '../../../server/src/core/index.ts';
import { applyEdits, wsCodes, wsFindings, type Files } from '../rules/workspace-harness.ts';
import { GATEWAY, NAMESPACES, SECRET } from './fixtures.ts';

const base: Files = { 'file:///gw.yaml': GATEWAY, 'file:///ns.yaml': NAMESPACES, 'file:///secret.yaml': SECRET };

const httpRoute = (rules: string): string =>
  `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: web\n  namespace: apps\nspec:\n  parentRefs:\n  - name: edge\n    namespace: infra\n    sectionName: http\n  rules:\n${rules}`;

const svc = (name: string, ports: string): string => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: apps\nspec:\n  selector: {app: ${name}}\n  ports: ${ports}\n`;

test('Add the leading "/": a plain path value gains it; the finding is gone and the comment stays', () => {
  const r = httpRoute('  - matches:\n    - path:\n        type: PathPrefix\n        value: api # the API\n    backendRefs:\n    - {name: web, port: 80}\n');
  const files = { ...base, 'file:///svc.yaml': svc('web', '[{port: 80, targetPort: 8080}]'), 'file:///r.yaml': r };
  const found = wsFindings(files, 'gateway-rule');
  assert.deepEqual(found.map((f) => [f.at, f.line]), [['path', 12]]);
  const fixes = found[0]!.fixes;
  assert.deepEqual(fixes.map((f) => [f.title, f.isPreferred]), [['Add the leading "/" to the path (/api)', true]]);
  const fixed = applyEdits(r, fixes[0]!);
  assert.equal(fixed, r.replace('value: api # the API', 'value: /api # the API'));
  assert.deepEqual(wsCodes({ ...files, 'file:///r.yaml': fixed })['file:///r.yaml'], []);
});

test('Add the leading "/" inside quotes, for an Exact match in flow style; RegularExpression paths are not touched', () => {
  const r = httpRoute('  - matches:\n    - path: {type: Exact, value: "login"}\n    - path: {type: RegularExpression, value: "v[0-9]+"}\n    backendRefs:\n    - {name: web, port: 80}\n');
  const files = { ...base, 'file:///svc.yaml': svc('web', '[{port: 80}]'), 'file:///r.yaml': r };
  const found = wsFindings(files, 'gateway-rule');
  assert.equal(found.length, 1, 'only the Exact match breaks the rule');
  const fixed = applyEdits(r, found[0]!.fixes[0]!);
  assert.ok(fixed.includes('path: {type: Exact, value: "/login"}'));
  assert.ok(fixed.includes('value: "v[0-9]+"'));
  assert.deepEqual(wsCodes({ ...files, 'file:///r.yaml': fixed })['file:///r.yaml'], []);
});

/** The gateway-rule finding on the route, and the code actions the editor gets for it. */
function portActions(files: Files, uri = 'file:///r.yaml'): { finding: Finding; actions: CodeActionItem[]; text: string } {
  const parsed = Object.entries(files).map(([u, t]) => parseFile(u, t, DEFAULT_OPTIONS));
  const ws = analyzeWorkspace(parsed, DEFAULT_OPTIONS);
  const file = parsed.find((f) => f.uri === uri)!;
  const finding = (ws.findings.get(uri) ?? []).find((f) => f.code === 'gateway-rule')!;
  assert.ok(finding, 'the route breaks "Must have port for Service reference"');
  assert.equal(finding.fixes, undefined, 'the port fix needs the workspace: it is a code action');
  return { finding, actions: codeActionsAt(file, finding.span, ws.model, DEFAULT_OPTIONS, { findings: [finding] }), text: file.text };
}

test('Add the missing port: the one port of the Service in the workspace, preferred; applied, the route is clean', () => {
  const r = httpRoute('  - backendRefs:\n    - name: web # the site\n      weight: 1\n');
  const files = { ...base, 'file:///svc.yaml': svc('web', '[{name: http, port: 8080, targetPort: 80}]'), 'file:///r.yaml': r };
  const { finding, actions } = portActions(files);
  assert.match(finding.message, /Must have port for Service reference/);
  assert.deepEqual(actions.map((a) => [a.title, a.kind, a.isPreferred, a.finding === finding]), [['Add port: 8080 (http) of Service "web"', 'quickfix', true, true]]);
  const fixed = applyEdits(r, actions[0]!);
  assert.equal(fixed, r.replace('      weight: 1\n', '      weight: 1\n      port: 8080\n'));
  assert.deepEqual(wsCodes({ ...files, 'file:///r.yaml': fixed })['file:///r.yaml'], []);
});

test('Add the missing port: a Service with two ports gets one fix per port, none preferred (the author chooses)', () => {
  const r = httpRoute('  - backendRefs:\n    - {name: web}\n');
  const files = { ...base, 'file:///svc.yaml': svc('web', '[{name: https, port: 443}, {name: http, port: 80}]'), 'file:///r.yaml': r };
  const { actions } = portActions(files);
  assert.deepEqual(actions.map((a) => [a.title, a.isPreferred]), [['Add port: 80 (http) of Service "web"', undefined], ['Add port: 443 (https) of Service "web"', undefined]]);
  const fixed = applyEdits(r, actions[1]!);
  assert.ok(fixed.includes('- {name: web, port: 443}'));
  assert.deepEqual(wsCodes({ ...files, 'file:///r.yaml': fixed })['file:///r.yaml'], []);
});

test('Add the missing port: a Service outside the workspace gets an empty port to fill in, never a guessed number', () => {
  const r = httpRoute('  - backendRefs:\n    - name: elsewhere\n');
  const files = { ...base, 'file:///r.yaml': r };
  const { actions } = portActions(files);
  assert.deepEqual(actions.map((a) => [a.title, a.isPreferred]), [['Add a port for Service "elsewhere" to fill in (the Service is not in the workspace)', undefined]]);
  const fixed = applyEdits(r, actions[0]!);
  assert.equal(fixed, `${r}      port:\n`);
  // Still YAML, still the same finding until the author writes the port.
  assert.deepEqual(wsCodes({ ...files, 'file:///r.yaml': fixed })['file:///r.yaml'], ['gateway-rule']);
});

test('the port fix follows the backendRef namespace, and a mirror backendRef too', () => {
  const other = 'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  ports: [{port: 9090}]\n';
  const r = httpRoute('  - filters:\n    - type: RequestMirror\n      requestMirror:\n        backendRef: {name: web, namespace: shop}\n    backendRefs:\n    - {name: web, port: 80}\n');
  const files = { ...base, 'file:///svc.yaml': svc('web', '[{port: 80}]'), 'file:///shop.yaml': other, 'file:///r.yaml': r };
  const { actions } = portActions(files);
  assert.deepEqual(actions.map((a) => a.title), ['Add port: 9090 of Service "web"']);
  assert.ok(applyEdits(r, actions[0]!).includes('backendRef: {name: web, namespace: shop, port: 9090}'));
});

test('a path without a type is a PathPrefix after defaulting: the rule and its fix apply to it too', () => {
  const r = httpRoute("  - matches:\n    - path: {value: 'docs'}\n    backendRefs:\n    - {name: web, port: 80}\n");
  const files = { ...base, 'file:///svc.yaml': svc('web', '[{port: 80}]'), 'file:///r.yaml': r };
  const found = wsFindings(files, 'gateway-rule');
  assert.deepEqual(found.map((f) => f.at), ['path']);
  const fixed = applyEdits(r, found[0]!.fixes[0]!);
  assert.ok(fixed.includes("- path: {value: '/docs'}"));
  assert.deepEqual(wsCodes({ ...files, 'file:///r.yaml': fixed })['file:///r.yaml'], []);
});
