// The quick-fix round trip over the in-repo fixtures (test/fixtures/roundtrip: the minimised inputs of the
// insertion-point and line-ending defects) and examples/, in every style variant; the shared corpus runs in CI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { applyEdits, emptyResult, roundTripText, VARIANTS } from '../../roundtrip/roundtrip.ts';
import { analyzeWorkspace, codeActionsAt, DEFAULT_OPTIONS, parseFile } from '../../../server/src/core/index.ts';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'roundtrip');

function yamlUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile() && /\.ya?ml$/.test(e.name)).map((e) => path.join(e.parentPath, e.name)).sort();
}

test('every fix of every fixture and example, in every style variant, round-trips cleanly', () => {
  const result = emptyResult();
  for (const file of [...yamlUnder(FIXTURES), ...yamlUnder(path.join(__dirname, '..', '..', '..', 'examples'))]) {
    roundTripText(path.basename(file), fs.readFileSync(file, 'utf8'), result);
  }
  assert.deepEqual(result.failures, []);
  // Not vacuous: each fixture offers fixes in each variant.
  assert.ok(result.fixes >= 60, `only ${result.fixes} fixes were applied`);
  assert.equal(result.variants + result.skippedVariants, result.files * Object.keys(VARIANTS).length);
});

/** The one fix titled `title` for the fixture `name` (in `variant`), applied. */
function fixed(name: string, title: string, variant = 'original'): string {
  const text = VARIANTS[variant]!(fs.readFileSync(path.join(FIXTURES, name), 'utf8'));
  const file = parseFile('file:///w/a.yaml', text, DEFAULT_OPTIONS);
  const pods = parseFile('file:///w/pods.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: x}]}\n', DEFAULT_OPTIONS);
  const r = analyzeWorkspace([file, pods], DEFAULT_OPTIONS);
  const fix = (r.findings.get(file.uri) ?? []).flatMap((f) => f.fixes ?? []).find((f) => f.title.startsWith(title));
  assert.ok(fix, `no fix "${title}" in ${name}`);
  return applyEdits(text, fix.edits);
}

test('Add DNS egress after `matchLabels:   # every pod` lands in egress, not in the next key', () => {
  const out = fixed('dns-egress-after-empty-value.yaml', 'Add DNS egress');
  assert.match(out, /matchLabels: {3}# every pod\n {2}- to:\n {4}- namespaceSelector:[\s\S]*port: 53\n {2}ingress:\n {2}- \{\}\n$/);
});

test('Also allow TCP 53 after `endPort:   # a single port` lands in the ports list', () => {
  const out = fixed('tcp53-after-empty-value.yaml', 'Also allow TCP 53');
  assert.match(out, /endPort: {3}# a single port\n {4}- protocol: TCP\n {6}port: 53\n {4}to:\n/);
});

test('line-inserting fixes keep CRLF', () => {
  for (const title of ['Add apiVersion', 'Add podSelector']) {
    const out = fixed('line-insert-fixes.yaml', title, 'crlf');
    assert.equal(out.match(/(?<!\r)\n/g), null, title);
  }
});

test('Add explicit policyTypes after `podSelector:\\n    matchLabels:   # every pod` goes before ingress', () => {
  const text = fs.readFileSync(path.join(FIXTURES, 'policy-types-after-empty-value.yaml'), 'utf8');
  const file = parseFile('file:///w/a.yaml', text, DEFAULT_OPTIONS);
  const { model } = analyzeWorkspace([file], DEFAULT_OPTIONS);
  const action = codeActionsAt(file, file.objects[0]!.span, model, DEFAULT_OPTIONS).find((a) => a.title.startsWith('Add explicit policyTypes'));
  assert.ok(action);
  assert.equal(applyEdits(text, action.edits), text.replace('every pod\n  ingress:', 'every pod\n  policyTypes:\n  - Ingress\n  ingress:'));
});
