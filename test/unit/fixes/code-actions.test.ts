// codeActionsAt: "Add default-deny policy for namespace X" (new document or new file) and "Add explicit
// policyTypes", each applied and re-analysed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeWorkspace, codeActionsAt, DEFAULT_OPTIONS, optionsFromRaw, parseFile, type CodeActionItem, type Options } from '../../../server/src/core/index.ts';
import { applyEdits, deployment } from '../rules/workspace-harness.ts';

const URI = 'file:///w/np/web.yaml';
const APPS = deployment('shop', 'web', { app: 'web' });

/** Actions at `marker` (its offset in `text`) with the workspace `text` + apps. */
function actionsAt(text: string, marker: string, options: Options = DEFAULT_OPTIONS, extra: Record<string, string> = {}): CodeActionItem[] {
  const files = [parseFile('file:///w/apps.yaml', APPS, options), parseFile(URI, text, options), ...Object.entries(extra).map(([u, t]) => parseFile(u, t, options))];
  const { model } = analyzeWorkspace(files, options);
  const at = text.indexOf(marker);
  assert.ok(at >= 0, marker);
  return codeActionsAt(files[1]!, { start: at, end: at }, model, options, { uriExists: (u) => u in extra });
}

function codesAfter(files: Record<string, string>, options: Options = DEFAULT_OPTIONS): Record<string, string[]> {
  const parsed = [parseFile('file:///w/apps.yaml', APPS, options), ...Object.entries(files).map(([u, t]) => parseFile(u, t, options))];
  const r = analyzeWorkspace(parsed, options);
  return Object.fromEntries(Object.keys(files).map((u) => [u, (r.findings.get(u) ?? []).map((f) => f.code)]));
}

const WEB_INGRESS = `# web policy
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: web
  ingress:
    - ports:
        - port: 8080 # http
`;

test('outside a NetworkPolicy there is nothing to offer', () => {
  assert.deepEqual(actionsAt(`${WEB_INGRESS}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n`, 'ConfigMap'), []);
});

test('a policy without policyTypes and a namespace without default-deny get both actions', () => {
  const actions = actionsAt(WEB_INGRESS, 'app: web');
  assert.deepEqual(
    actions.map((a) => [a.title, a.kind, a.uri, a.createFile]),
    [
      ['Add explicit policyTypes [Ingress] (the default: Ingress only, because egress has no rules)', 'refactor', undefined, undefined],
      ['Add default-deny policy for namespace shop', 'quickfix', undefined, undefined],
    ],
  );
});

test('explicit policyTypes goes right after podSelector in the file style, and changes nothing else', () => {
  const [types] = actionsAt(WEB_INGRESS, 'ingress:');
  const out = applyEdits(WEB_INGRESS, types!);
  assert.equal(out, WEB_INGRESS.replace('  ingress:\n', '  policyTypes:\n    - Ingress\n  ingress:\n'));
  assert.deepEqual(codesAfter({ [URI]: out })[URI], []);
  assert.ok(!actionsAt(out, 'ingress:').some((a) => a.title.startsWith('Add explicit policyTypes')));
});

test('explicit policyTypes: egress rules make it [Ingress, Egress]; written empty lists and flow specs are handled', () => {
  const withEgress = WEB_INGRESS + '  egress:\n    - {}\n';
  const [a] = actionsAt(withEgress, 'egress:');
  assert.equal(a?.title, 'Add explicit policyTypes [Ingress, Egress] (the default: Ingress, plus Egress because egress has rules)');
  assert.equal(applyEdits(withEgress, a!), withEgress.replace('  ingress:\n', '  policyTypes:\n    - Ingress\n    - Egress\n  ingress:\n'));
  const empty = WEB_INGRESS.replace('  ingress:\n', '  policyTypes: [] # defaulted\n  ingress:\n');
  assert.equal(applyEdits(empty, actionsAt(empty, 'ingress:')[0]!), WEB_INGRESS.replace('  ingress:\n', '  policyTypes: [Ingress] # defaulted\n  ingress:\n'));
  const flow = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: f, namespace: shop}\nspec: {podSelector: {}, egress: [{}]}\n';
  assert.equal(applyEdits(flow, actionsAt(flow, 'spec')[0]!), flow.replace('egress: [{}]}', 'egress: [{}], policyTypes: [Ingress, Egress]}'));
});

test('default-deny as a new document: appended after ---, CRLF kept, the namespace then has one', () => {
  const crlf = WEB_INGRESS.replace(/\n/g, '\r\n');
  const dd = actionsAt(crlf, 'app: web').find((a) => a.kind === 'quickfix')!;
  const out = applyEdits(crlf, dd);
  assert.equal(
    out,
    crlf +
      '---\r\napiVersion: networking.k8s.io/v1\r\nkind: NetworkPolicy\r\nmetadata:\r\n  name: default-deny\r\n  namespace: shop\r\nspec:\r\n  podSelector: {}\r\n  policyTypes:\r\n    - Ingress\r\n    - Egress\r\n',
  );
  assert.deepEqual(codesAfter({ [URI]: out })[URI], ['missing-dns-egress']); // the new default-deny blocks DNS: said, as it should be
  assert.ok(!actionsAt(out, 'app: web').some((a) => a.kind === 'quickfix'));
});

test('default-deny only for the missing direction; the name avoids existing policies', () => {
  const denyIngress = `${WEB_INGRESS}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: default-deny, namespace: shop}\nspec: {podSelector: {}, policyTypes: [Ingress]}`;
  const dd = actionsAt(denyIngress, 'app: web').find((a) => a.kind === 'quickfix')!;
  assert.equal(dd.title, 'Add default-deny Egress policy for namespace shop');
  const out = applyEdits(denyIngress, dd);
  assert.ok(out.endsWith('[Ingress]}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny-2\n  namespace: shop\nspec:\n  podSelector: {}\n  policyTypes:\n    - Egress\n'), out);
});

test('a policy without metadata.namespace: the new document has none either (same placement)', () => {
  const noNs = WEB_INGRESS.replace('  namespace: shop\n', '');
  const dd = actionsAt(noNs, 'app: web').find((a) => a.kind === 'quickfix')!;
  assert.equal(dd.title, 'Add default-deny policy for namespace default');
  assert.ok(!applyEdits(noNs, dd).includes('namespace:'));
});

test('default-deny as a new file next to the current one (netlens.quickFix.defaultDenyTarget: newFile)', () => {
  const options = optionsFromRaw({ quickFix: { defaultDenyTarget: 'newFile' } });
  assert.equal(options.defaultDenyTarget, 'newFile');
  assert.equal(optionsFromRaw({ quickFix: { defaultDenyTarget: 'bogus' } }).defaultDenyTarget, 'newDocument');
  const existing = { 'file:///w/np/default-deny-shop.yaml': '# taken\n' };
  const dd = actionsAt(WEB_INGRESS, 'app: web', options, existing).find((a) => a.kind === 'quickfix')!;
  assert.equal(dd.title, 'Add default-deny policy for namespace shop (new file default-deny-shop-2.yaml)');
  assert.equal(dd.uri, 'file:///w/np/default-deny-shop-2.yaml');
  assert.equal(dd.createFile, true);
  const created = applyEdits('', dd);
  assert.equal(created, 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: shop\nspec:\n  podSelector: {}\n  policyTypes:\n    - Ingress\n    - Egress\n');
  const after = codesAfter({ [URI]: WEB_INGRESS, [dd.uri!]: created }, options);
  assert.deepEqual(after[dd.uri!], ['missing-dns-egress']);
  assert.ok(!actionsAt(WEB_INGRESS, 'app: web', options, { [dd.uri!]: created }).some((a) => a.kind === 'quickfix'));
});
