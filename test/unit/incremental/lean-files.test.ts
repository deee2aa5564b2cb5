// Closed files kept without their YAML trees (core/offload.ts withoutTrees, as the editor's index keeps them): the
// analysis equals one of full parses but for the workspace rules' fixes in them, a severity change re-judges them
// without parsing again, and a change the model reads parses them again and still equals a fresh analysis.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeWorkspace, createWorkspaceCache, fingerprint, hasTrees, lazyStats, optionsFromRaw, parseFile, prepareFile, withoutTrees, WORKSPACE_RULES, type Finding, type Options, type ParsedFile, type WorkspaceCache } from '../../../server/src/core/index.ts';
import { mixedWorkspace } from '../../../bench/generate.mjs';
import { checkFile, isIncomplete, rawFileFindings } from '../../../server/src/core/analyze.ts';
import type { Rule } from '../../../server/src/core/rules/rule.ts';

// A policy whose egress misses DNS (a workspace rule's fix), a misspelt policy type and field (file rules' fixes).
const EXTRA = [
  { path: 'leantest/egress.yaml', text: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: leantest}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: x, ports: [{containerPort: 8080}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-egress, namespace: leantest}
spec:
  podSelector:
    matchLabels: {app: web}
  policyTypes: [Egress]
  egress:
    - to:
        - podSelector: {matchLabels: {app: db}}
      ports:
        - port: 5432
` },
  { path: 'leantest/typos.yaml', text: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: typo, namespace: leantest}
spec:
  podSelector:
    matchLabels: {app: web}
  policyTypes: [Ingres]
  ingres: []
` },
];

// The bench's mixed workspace (its policies allow DNS) with those files, and those files alone.
const WORKSPACES: Record<string, { path: string; text: string }[]> = {
  mixed: [...(mixedWorkspace as (n: number) => { path: string; text: string }[])(60), ...EXTRA],
  small: EXTRA,
};
type Texts = { path: string; text: string }[];
const parseAll = (texts: Texts, o: Options): ParsedFile[] => texts.map((f) => parseFile(`file:///ws/${f.path}`, f.text, o)).sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
const WORKSPACE_CODES = new Set(WORKSPACE_RULES.map((r) => r.code));
const line = (uri: string, f: Finding, fixes = true): string => `${uri} ${f.code} ${f.severity} ${f.span.start}-${f.span.end} ${f.message}${fixes ? ` ${JSON.stringify(f.fixes ?? [])}` : ''}`;
// Every finding with its fixes, but a workspace rule's fixes only where `withFixes` says (both sides alike).
const flat = (m: Map<string, Finding[]>, withFixes: (uri: string) => boolean): string[] =>
  [...m].flatMap(([uri, list]) => list.map((f) => line(uri, f, !WORKSPACE_CODES.has(f.code) || withFixes(uri)))).sort();
const leanOnes = (files: readonly ParsedFile[]): ((uri: string) => boolean) => {
  const lean = new Set(files.filter((f) => !hasTrees(f)).map((f) => f.uri));
  return (uri) => !lean.has(uri);
};

/** The workspace as the editor's index keeps it: each file parsed, prepared, then kept without its trees. */
function leanAll(texts: Texts, options: Options, cache: WorkspaceCache): ParsedFile[] {
  return parseAll(texts, options).map((file) => {
    prepareFile(file, options, cache);
    return withoutTrees(file, options, cache);
  });
}

for (const [name, texts] of Object.entries(WORKSPACES)) test(`${name}: files kept without their trees analyse as full parses, without reading a tree, but for workspace fixes in them`, () => {
  const base = optionsFromRaw({});
  const cache = createWorkspaceCache();
  const files = leanAll(texts, base, cache);
  assert.equal(files.filter((f) => !hasTrees(f)).length, texts.length, 'every file is kept without trees');
  const parsed = lazyStats.parsed;
  const lean = analyzeWorkspace(files, base, cache);
  assert.equal(lazyStats.parsed, parsed, 'no tree was parsed again');
  const full = analyzeWorkspace(parseAll(texts, base), base);
  const leanUris = new Set(files.filter((f) => !hasTrees(f)).map((f) => f.uri));
  const withFixes = leanOnes(files);
  assert.deepEqual(flat(lean.findings, withFixes), flat(full.findings, withFixes));
  // Not vacuous: the full analysis has workspace fixes in those files (Add DNS egress), the lean one none there,
  // and the file rules' fixes (computed while the trees were there) are kept.
  const fixed = (m: Map<string, Finding[]>, workspace: boolean): number => [...m].reduce((n, [uri, l]) => n + (leanUris.has(uri) ? l.filter((f) => WORKSPACE_CODES.has(f.code) === workspace && (f.fixes?.length ?? 0) > 0).length : 0), 0);
  if (name === 'small') assert.ok(fixed(full.findings, true) > 0);
  assert.equal(fixed(lean.findings, true), 0);
  assert.ok(fixed(lean.findings, false) > 0);
  assert.equal(fixed(lean.findings, false), fixed(full.findings, false));
});

for (const [name, texts] of Object.entries(WORKSPACES)) test(`${name}: a severity change re-judges files kept without trees from their raw findings; other changes read the trees again`, () => {
  const base = optionsFromRaw({});
  const cache = createWorkspaceCache();
  const files = leanAll(texts, base, cache);
  const withFixes = leanOnes(files);
  analyzeWorkspace(files, base, cache);
  const parsed = lazyStats.parsed;
  // File rules, object rules, validation and workspace rules, each turned off, raised or lowered.
  const severities = optionsFromRaw({ rules: { 'invalid-policy-types': 'off', 'unknown-field': 'hint', 'peer-selects-nothing': 'error', 'missing-dns-egress': 'information', 'port-not-exposed': 'off' } });
  const first = analyzeWorkspace(parseAll(texts, base), base);
  const changed = analyzeWorkspace(files, severities, cache);
  assert.equal(lazyStats.parsed, parsed, 'a severity change parses nothing again');
  const fresh = analyzeWorkspace(parseAll(texts, severities), severities);
  assert.deepEqual(flat(changed.findings, withFixes), flat(fresh.findings, withFixes));
  // The change shows in every kind of rule it names.
  const codes = (m: Map<string, Finding[]>, code: string): Finding[] => [...m.values()].flat().filter((f) => f.code === code);
  for (const code of ['invalid-policy-types', ...(name === 'mixed' ? ['port-not-exposed'] : [])]) {
    assert.ok(codes(first.findings, code).length > 0, code);
    assert.equal(codes(changed.findings, code).length, 0, code);
  }
  for (const [code, sev] of [['unknown-field', 'hint'], ['peer-selects-nothing', 'error'], ...(name === 'small' ? [['missing-dns-egress', 'information']] : [])]) {
    assert.ok(codes(changed.findings, code as string).length > 0, code);
    assert.ok(codes(changed.findings, code as string).every((f) => f.severity === sev), code);
  }
  // And back: the first judgement again.
  assert.deepEqual(flat(analyzeWorkspace(files, base, cache).findings, withFixes), flat(first.findings, withFixes));
  assert.equal(lazyStats.parsed, parsed);

  // A change the model reads (the default namespace): the trees are read again, the findings a fresh analysis's.
  const moved = optionsFromRaw({ defaultNamespace: 'prod' });
  const third = analyzeWorkspace(files, moved, cache);
  assert.ok(lazyStats.parsed > parsed);
  assert.deepEqual(flat(third.findings, withFixes), flat(analyzeWorkspace(parseAll(texts, moved), moved).findings, withFixes));
});

test('a file given its trees back after an analysis (a closed file opened) gets its workspace fixes: nothing is moved over', () => {
  const texts = WORKSPACES.small!;
  const base = optionsFromRaw({});
  const cache = createWorkspaceCache();
  const files = leanAll(texts, base, cache);
  // A file whose full analysis has a workspace rule's fix.
  const full = analyzeWorkspace(parseAll(texts, base), base);
  const i = files.findIndex((f) => !hasTrees(f) && (full.findings.get(f.uri) ?? []).some((x) => WORKSPACE_CODES.has(x.code) && (x.fixes?.length ?? 0) > 0));
  assert.ok(i >= 0, 'a lean file with a workspace fix');
  const uri = files[i]!.uri;
  const first = analyzeWorkspace(files, base, cache);
  // Its fingerprint taken afterwards (it reads the trees), so that a reuse of the rules' findings is possible.
  fingerprint(files[i]!, base);
  assert.ok(hasTrees(files[i]!));
  const opened = [...files];
  opened[i] = parseFile(uri, texts.find((f) => `file:///ws/${f.path}` === uri)!.text, base);
  // The whole workspace's results (the Problems panel), whose record the next analysis may reuse rules from.
  const again = analyzeWorkspace(opened, base, cache, WORKSPACE_RULES, undefined, first.rules);
  assert.deepEqual(again.reused, [], 'no rule reused findings made without the fixes');
  const mine = (m: Map<string, Finding[]>): string[] => (m.get(uri) ?? []).map((f) => line(uri, f)).sort();
  assert.deepEqual(mine(again.findings), mine(full.findings));
  assert.ok((again.findings.get(uri) ?? []).some((f) => WORKSPACE_CODES.has(f.code) && (f.fixes?.length ?? 0) > 0));
});

test('raw findings run every rule: one the settings turn off that throws (a bug) costs only its own findings, and nothing keeps them', () => {
  const thrower: Rule = { code: 'test-thrower', defaultSeverity: 'warning', description: 'throws', checkObject: () => { throw new Error('a bug'); } };
  const reporter: Rule = { code: 'test-reporter', defaultSeverity: 'warning', description: 'reports', checkObject: (obj, ctx) => ctx.report({ span: { start: 0, end: 4 }, message: `seen ${obj.name}` }) };
  const rules = [thrower, reporter];
  const file = parseFile('file:///ws/a.yaml', EXTRA[0]!.text, optionsFromRaw({}));
  const off = optionsFromRaw({ rules: { 'test-thrower': 'off' } });
  const raw = rawFileFindings(file, off, rules);
  assert.deepEqual(raw.map((f) => f.message), ['seen web', 'seen web-egress']);
  assert.equal(isIncomplete(raw), true, 'no cache keeps a list a rule did not finish');
  assert.deepEqual(checkFile(file, off, rules).map((f) => f.code), ['test-reporter', 'test-reporter']);
  // Turned on, the rule's failure is not hidden (the adapters log it), as before raw findings.
  assert.throws(() => checkFile(file, optionsFromRaw({}), rules), /a bug/);
  assert.equal(isIncomplete(rawFileFindings(file, off, [reporter])), false);
});
