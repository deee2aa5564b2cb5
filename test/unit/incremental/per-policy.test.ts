// Per-policy re-judging (core/rejudge.ts policyReuse): after an edit of policies only, a rule that judges each
// policy on its own (WorkspaceRule.perPolicy) keeps the other policies' findings and is judged over the edited
// documents' policies; the result equals a from-scratch analysis, and the narrowing is refused when the edit
// renames a policy, merges duplicates, or changes any other table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyzeWorkspace, fingerprint, parseFile, reparseFile, WORKSPACE_RULES, type ParsedFile, type WorkspaceAnalysis } from '../../../server/src/core/index.ts';
import { apply, ROOT, yamlFiles } from './edits.ts';
import { opts, sequence } from './rejudge-seq.ts';
import { multiDocFile } from '../../fixtures/generate.ts';

const PER_POLICY = WORKSPACE_RULES.filter((r) => r.perPolicy).map((r) => r.code);

/** One edit of `file` replacing `from` (the first occurrence after `after`) with `to`: the reusing and the full analysis. */
function edited(file: ParsedFile, others: ParsedFile[], after: string, from: string, to: string): { got: WorkspaceAnalysis; want: WorkspaceAnalysis } {
  const scope = new Set([file.uri]);
  const all = (f: ParsedFile): ParsedFile[] => [...others, f];
  const first = analyzeWorkspace(all(file), opts, undefined, WORKSPACE_RULES, scope);
  fingerprint(file, opts);
  const at = file.text.indexOf(from, file.text.indexOf(after));
  assert.ok(at !== -1, `${from} after ${after}`);
  const next = reparseFile(file, file.uri, apply(file.text, { start: at, end: at + from.length, text: to }), opts);
  return { got: analyzeWorkspace(all(next), opts, undefined, WORKSPACE_RULES, scope, first.rules), want: analyzeWorkspace(all(next), opts, undefined, WORKSPACE_RULES, scope) };
}

test('the per-policy rules are the ten that judge each policy alone', () => {
  assert.deepEqual([...PER_POLICY].sort(), [
    'all-namespaces-peer', 'cilium-to-services-selector', 'external-cidr-not-allowed', 'implicit-policy-types', 'peer-selects-nothing', 'policy-selects-nothing',
    'port-not-exposed', 'rule-without-ports', 'unknown-named-port', 'unrestricted-egress',
  ]);
});

test("a policy's podSelector edited: the per-policy rules judge that policy only, the rest of their findings are kept", () => {
  const uri = 'file:///gen/np.yaml';
  const file = parseFile(uri, multiDocFile(1200, 5), opts);
  // The last policy's own label: it selects nothing now (a finding appears), the other policies' findings stand.
  const last = file.text.lastIndexOf('kind: NetworkPolicy\n');
  const { got, want } = edited(file, [], file.text.slice(last), '      app: ', '      app: nobody-');
  assert.deepEqual([...got.findings], [...want.findings]);
  assert.deepEqual([...(got.narrowed ?? [])].sort(), [...PER_POLICY].sort());
  // Rules reading other policies (isolation, DNS) are judged whole.
  assert.ok(!got.narrowed?.includes('missing-dns-egress') && !got.reused?.includes('missing-dns-egress'), String(got.reused));
  const mine = (a: WorkspaceAnalysis): number => (a.findings.get(uri) ?? []).filter((f) => f.code === 'policy-selects-nothing').length;
  assert.ok(mine(want) > 0, 'the edit makes a policy select nothing');
  // Not vacuous: the file had findings of the narrowed rules outside the edited policy, kept.
  assert.ok((want.findings.get(uri) ?? []).filter((f) => f.code === 'peer-selects-nothing').length > 1);
});

test('a policy renamed, or a duplicate policy edited: every policy is judged (identities changed or merged)', () => {
  const uri = 'file:///gen/np.yaml';
  const file = parseFile(uri, multiDocFile(600, 5), opts);
  const renamed = edited(file, [], 'kind: NetworkPolicy\n', '  name: ', '  name: x');
  assert.deepEqual([...renamed.got.findings], [...renamed.want.findings]);
  assert.deepEqual(renamed.got.narrowed, []);
  // The same policy twice (one object merged from two declarations): its copies' findings are not per object.
  const np = file.text.indexOf('kind: NetworkPolicy\n');
  const doc = file.text.slice(file.text.lastIndexOf('---\n', np), file.text.indexOf('\n---', np) + 1);
  const twice = parseFile(uri, `${file.text}${doc}`, opts);
  const dup = edited(twice, [], 'kind: NetworkPolicy\n', '      app: ', '      app: q');
  assert.deepEqual([...dup.got.findings], [...dup.want.findings]);
  assert.deepEqual(dup.got.narrowed, []);
});

test('a policy edit beside a workload edit in one pasted change: no narrowing (the workload table changed)', () => {
  const uri = 'file:///gen/np.yaml';
  const file = parseFile(uri, multiDocFile(600, 5), opts);
  const np = file.text.indexOf('kind: NetworkPolicy\n');
  const end = file.text.indexOf('\n---', np);
  const dep = file.text.indexOf('kind: Deployment\n', end);
  const label = file.text.indexOf('        app: ', dep) + 13;
  // One edit spanning a policy and the next Deployment's pod label (both documents re-parsed).
  const span = file.text.slice(np, label);
  const { got, want } = edited(file, [], 'kind: NetworkPolicy\n', span, `${span.replace('      app: ', '      app: q')}q`);
  assert.deepEqual([...got.findings], [...want.findings]);
  assert.deepEqual(got.narrowed, []);
});

test('seeded policy, label, Service and random edits: narrowed and reused analyses equal full ones', () => {
  const big = multiDocFile(1200, 5);
  const others = yamlFiles(path.join(ROOT, 'examples/shop')).map((f) => parseFile(`file://${f}`, fs.readFileSync(f, 'utf8'), opts));
  const narrowed = new Map<string, number>();
  for (let seed = 700; seed < 704; seed++) sequence('file:///gen/big.yaml', big, others, seed, 30, { narrowed });
  const policyEdits = [...narrowed].filter(([k]) => k.startsWith('policy ')).reduce((n, [, v]) => n + v, 0);
  assert.ok(policyEdits >= 9 * 5, JSON.stringify([...narrowed]));
});

test('with every convention on (their rules report on most policies), narrowed analyses equal full ones', () => {
  const conventions = { ...opts.conventions, forbidUnrestrictedEgress: true, requireExplicitPolicyTypes: true, requirePorts: true, forbidAllNamespaces: true, allowedExternalCidrs: ['203.0.113.0/24'] };
  const options = { ...opts, conventions };
  // Policies that break the conventions, interleaved with the generated ones: each convention rule has findings.
  const loose = (i: number): string =>
    `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: loose-${i}\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels:\n      app: api\n  egress:\n    - to:\n        - ipBlock:\n            cidr: ${i % 2 ? '0.0.0.0/0' : '8.8.8.0/24'}\n    - ports:\n        - port: 443\n`;
  const big = multiDocFile(1200, 5)
    .split('---\n')
    .map((d, i) => (i % 6 === 5 ? `${d}${loose(i)}` : d))
    .join('---\n');
  const narrowed = new Map<string, number>();
  for (let seed = 710; seed < 713; seed++) sequence('file:///gen/conv.yaml', big, [], seed, 25, { narrowed, options });
  assert.ok([...narrowed].some(([k, v]) => k.startsWith('policy ') && v > 0), JSON.stringify([...narrowed]));
  // Not vacuous: the convention rules report in the file.
  const all = analyzeWorkspace([parseFile('file:///gen/conv.yaml', big, options)], options);
  const codes = new Set((all.findings.get('file:///gen/conv.yaml') ?? []).map((f) => f.code));
  for (const c of ['all-namespaces-peer', 'external-cidr-not-allowed', 'unrestricted-egress']) assert.ok(codes.has(c), `${c}: ${[...codes]}`);
});
