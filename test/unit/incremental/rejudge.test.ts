// Narrowed re-judging (core/rejudge.ts): after each edit of seeded sequences (Service renames, selectors, ports and
// namespaces; pod labels; policy fields; random typing), the analysis that reuses the previous one's rule findings
// equals a from-scratch analysis in every file, scoped as the editor asks; and rules that read a changed table
// (or a Service through a `toServices` peer) are judged again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyzeWorkspace, fingerprint, parseFile, reparseFile, WORKSPACE_RULES, type ParsedFile, type WorkspaceAnalysis } from '../../../server/src/core/index.ts';
import { apply, ROOT, yamlFiles } from './edits.ts';
import { hinted, opts, sequence, TO_SERVICES } from './rejudge-seq.ts';
import { multiDocFile } from '../../fixtures/generate.ts';

test('a generated multi-document file: reusing rules after Service, label, port and random edits equals a full analysis', () => {
  const big = multiDocFile(1200, 5);
  const others = yamlFiles(path.join(ROOT, 'examples/shop')).map((f) => parseFile(`file://${f}`, fs.readFileSync(f, 'utf8'), opts));
  const total = new Map<string, number>();
  for (let seed = 300; seed < 304; seed++) {
    for (const [k, v] of sequence('file:///gen/big.yaml', big, others, seed, 30)) total.set(k, (total.get(k) ?? 0) + v);
  }
  // Service edits leave the policy rules standing (not vacuous: most steps reuse them).
  assert.ok((total.get('service name: ') ?? 0) >= 20, JSON.stringify([...total]));
});

test('Services that findings name (port-not-exposed hints): edits of them are judged again, and equal a full analysis', () => {
  const total = new Map<string, number>();
  for (let seed = 500; seed < 504; seed++) {
    for (const [k, v] of sequence('file:///gen/hinted.yaml', hinted(8), [], seed, 30)) total.set(k, (total.get(k) ?? 0) + v);
  }
  assert.ok((total.get('service port: ') ?? 0) > 0, JSON.stringify([...total]));
});

test('examples/: every file edited; reused findings equal a full analysis', () => {
  const files = yamlFiles(path.join(ROOT, 'examples'));
  const parsed = files.map((f) => parseFile(`file://${f}`, fs.readFileSync(f, 'utf8'), opts));
  let seed = 400;
  let reused = 0;
  for (const [i, f] of files.entries()) {
    const others = parsed.filter((_, j) => j !== i);
    for (const v of sequence(`file://${f}`, fs.readFileSync(f, 'utf8'), others, seed++, 12).values()) reused += v;
  }
  assert.ok(reused > 50, `only ${reused} rules were reused`);
});

test('whole-workspace results (the Problems panel, no scope): reusing rules after each edit equals a full analysis of every file', () => {
  const others = yamlFiles(path.join(ROOT, 'examples/shop')).map((f) => parseFile(`file://${f}`, fs.readFileSync(f, 'utf8'), opts));
  const total = new Map<string, number>();
  const narrowed = new Map<string, number>();
  for (let seed = 700; seed < 703; seed++) {
    for (const [k, v] of sequence('file:///gen/whole.yaml', hinted(6) + TO_SERVICES, others, seed, 30, { whole: true, narrowed })) total.set(k, (total.get(k) ?? 0) + v);
  }
  // Not vacuous: Service edits keep rules whole, policy edits judge the edited policies only.
  assert.ok([...total.values()].reduce((a, b) => a + b, 0) >= 30, JSON.stringify([...total]));
  assert.ok([...narrowed.entries()].some(([k, v]) => k.startsWith('policy') && v > 0), JSON.stringify([...narrowed]));
});

test('a Service named by a toServices peer counts as a policy change: the policy rules are judged again', () => {
  const uri = 'file:///gen/svc.yaml';
  const text = `${multiDocFile(300, 7)}${TO_SERVICES}`;
  const file = parseFile(uri, text, opts);
  const first = analyzeWorkspace([file], opts, undefined, WORKSPACE_RULES, new Set([uri]));
  fingerprint(file, opts);
  const at = text.indexOf('kind: Service\n');
  const nameAt = text.indexOf('name: ', at) + 6;
  const next = reparseFile(file, uri, apply(text, { start: nameAt, end: nameAt + 1, text: 'q' }), opts);
  const got = analyzeWorkspace([next], opts, undefined, WORKSPACE_RULES, new Set([uri]), first.rules);
  const policyRules = WORKSPACE_RULES.filter((r) => r.reads?.includes('policy')).map((r) => r.code);
  assert.ok(policyRules.length >= 12 && !got.reused?.some((c) => policyRules.includes(c)), String(got.reused));
  // Without the Cilium policy the same edit keeps every rule that reads no Service.
  const plain = parseFile(uri, multiDocFile(300, 7), opts);
  const base = analyzeWorkspace([plain], opts, undefined, WORKSPACE_RULES, new Set([uri]));
  fingerprint(plain, opts);
  const t = plain.text;
  const n = t.indexOf('name: ', t.indexOf('kind: Service\n')) + 6;
  const after = analyzeWorkspace([reparseFile(plain, uri, apply(t, { start: n, end: n + 1, text: 'q' }), opts)], opts, undefined, WORKSPACE_RULES, new Set([uri]), base.rules);
  assert.ok(after.reused?.includes('missing-dns-egress') && after.reused?.includes('peer-selects-nothing'), String(after.reused));
  // Services only word port-not-exposed's findings (there are none). The file holds no Gateway API object, so the
  // rules that report only at those (gateway-traffic-blocked, the routing rules) are not run in its scoped analysis.
  assert.ok(after.reused?.includes('port-not-exposed'), String(after.reused));
  for (const code of ['gateway-traffic-blocked', 'unknown-backend', 'route-not-allowed', 'unused-reference-grant']) {
    assert.ok(!after.reused?.includes(code), code);
    assert.deepEqual(after.rules?.byRule.get(code), [], code);
  }
});

/** Renames the first Service of `uri` among `files` and returns the reusing analysis and a full one. */
function renameService(files: ParsedFile[], uri: string): { got: WorkspaceAnalysis; want: WorkspaceAnalysis } {
  const scope = new Set([uri]);
  const first = analyzeWorkspace(files, opts, undefined, WORKSPACE_RULES, scope);
  const file = files.find((f) => f.uri === uri) as ParsedFile;
  fingerprint(file, opts);
  const n = file.text.indexOf('name: ', file.text.indexOf('kind: Service\n')) + 6;
  const next = reparseFile(file, uri, apply(file.text, { start: n, end: n + 1, text: 'q' }), opts);
  const inputs = files.map((f) => (f === file ? next : f));
  return { got: analyzeWorkspace(inputs, opts, undefined, WORKSPACE_RULES, scope, first.rules), want: analyzeWorkspace(inputs, opts, undefined, WORKSPACE_RULES, scope) };
}

test('with routes in the workspace, a Service edit judges the routing rules again; with findings, port-not-exposed too', () => {
  // The routes' backend Service frontend (shop), renamed: a missing backend.
  const paths = [...yamlFiles(path.join(ROOT, 'examples/gateway')), path.join(ROOT, 'examples/shop/frontend.yaml')];
  const gateway = paths.map((f) => parseFile(`file://${f}`, fs.readFileSync(f, 'utf8'), opts));
  const routes = gateway.find((f) => f.uri.endsWith('routes.yaml')) as ParsedFile;
  const frontend = gateway.find((f) => f.uri.endsWith('frontend.yaml')) as ParsedFile;
  const a = renameService(gateway, frontend.uri);
  assert.ok(a.got.reused?.includes('missing-dns-egress'), String(a.got.reused));
  assert.ok(!a.got.reused?.includes('unknown-backend') && !a.got.reused?.includes('gateway-traffic-blocked'), String(a.got.reused));
  assert.deepEqual([...a.got.findings], [...a.want.findings]);
  const b0 = analyzeWorkspace(a.got.rules?.files as ParsedFile[], opts, undefined, WORKSPACE_RULES, new Set([routes.uri]));
  assert.ok((b0.findings.get(routes.uri) ?? []).some((f) => f.code === 'unknown-backend'), 'the renamed Service is a missing backend now');
  const hintedUri = 'file:///gen/hinted.yaml';
  const b = renameService([parseFile(hintedUri, hinted(2), opts)], hintedUri);
  assert.ok(!b.got.reused?.includes('port-not-exposed'), String(b.got.reused));
  assert.deepEqual([...b.got.findings], [...b.want.findings]);
  assert.ok((b.want.findings.get(hintedUri) ?? []).some((f) => f.code === 'port-not-exposed'));
});
