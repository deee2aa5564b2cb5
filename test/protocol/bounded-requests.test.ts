// Requests stay bounded on hostile input (minimised from the reliability run): code actions with thousands of
// diagnostics look only at those in range, completion never re-parses a declined file, deep nesting gets the
// same diagnostic every time, and invalid settings are shown with the key and the allowed values.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CodeActionRequest, CompletionRequest, HoverRequest, ShowMessageNotification, type CodeAction, type Diagnostic, type ShowMessageParams } from 'vscode-languageserver-protocol/node';
import { IndexStatsRequest, type IndexStatsResult } from '../../server/src/protocol.ts';
import { Harness, waitFor } from './harness.ts';

let h: Harness;
const shown: ShowMessageParams[] = [];
before(async () => {
  h = await Harness.start();
  h.conn.onNotification(ShowMessageNotification.type, (p) => void shown.push(p));
});
after(async () => {
  assert.equal(await h.stop(), 0);
});

const POLICY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\nspec:\n  podSelector: {}\n  policyTypes: [Ingres]\n';

test('code actions: 10,000 diagnostics sent with one request, only the one in range gets its fixes', async () => {
  const uri = 'file:///ws/bounded/actions.yaml';
  await h.open(uri, POLICY, 1);
  const p = await h.nextPublish(uri, (x) => x.version === 1);
  const real = p.diagnostics.find((d) => d.code === 'invalid-policy-types') as Diagnostic;
  assert.ok(real);
  const noise: Diagnostic[] = Array.from({ length: 10_000 }, (_, i) => ({ ...real, range: { start: { line: 0, character: i % 30 }, end: { line: 0, character: (i % 30) + 1 } } }));
  const actions = (await h.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: real.range, context: { diagnostics: [...noise, real] } })) as CodeAction[];
  const fixes = actions.filter((a) => a.diagnostics);
  assert.ok(fixes.some((a) => a.title === 'Use Ingress'), fixes.map((a) => a.title).join(' | '));
  assert.deepEqual(new Set(fixes.map((a) => JSON.stringify(a.diagnostics))), new Set([JSON.stringify([real])]));
  await h.close(uri);
});

test('completion and hover on a declined (too large) file answer empty without parsing it again', async () => {
  const uri = 'file:///ws/bounded/big.yaml';
  const line = '    team-with-a-long-label-name: some-value-that-fills-the-file\n';
  await h.open(uri, `${POLICY}metadata:\n  labels:\n${line.repeat(Math.ceil(6_000_000 / line.length))}`, 1);
  await h.nextPublish(uri, (x) => x.version === 1 && x.diagnostics[0]?.code === 'file-not-analyzed', 0, 60_000);
  const completion = await h.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 9, character: 4 } });
  assert.deepEqual(completion, { isIncomplete: false, items: [] });
  assert.equal(await h.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 2 } }), null);
  await h.close(uri);
});

test('a deeply nested document gets the same clear diagnostic on every open, cold or warm', async () => {
  const text = `${POLICY}x: ${'['.repeat(50_000)}\n`;
  const seen = new Set<string>();
  for (let i = 0; i < 4; i++) {
    const uri = `file:///ws/bounded/deep${i}.yaml`;
    await h.open(uri, text, 1);
    const p = await h.nextPublish(uri, (x) => x.version === 1);
    seen.add(JSON.stringify(p.diagnostics.map((d) => [d.code, d.range, d.message])));
    await h.close(uri);
  }
  assert.equal(seen.size, 1);
  // `x: ` then the 129th `[` (column 3 + 128): the first collection past the 128 levels.
  assert.match([...seen][0]!, /"file-not-analyzed",\{"start":\{"line":7,"character":131\}.*nest more than 128 levels deep here \(line 8\); the file was skipped/);
});

test('a document over the token budget: one warning on its first line, the file\'s other documents analysed', async () => {
  const uri = 'file:///ws/bounded/map.yaml';
  const map = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: huge\nspec:\n  podSelector:\n    matchLabels:\n${Array.from({ length: 60_000 }, (_, i) => `      label-${i}: v\n`).join('')}`;
  const text = `${POLICY}---\n${map}---\n${POLICY.replace('name: p', 'name: q')}`;
  await h.open(uri, text, 1);
  const p = await h.nextPublish(uri, (x) => x.version === 1, 0, 60_000);
  // The policy's 7 lines, the marker (line 7), the map's 60,007 lines, the marker (line 60,015), the second policy.
  assert.deepEqual(
    p.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character]),
    [['invalid-policy-types', 6, 16, 6, 22], ['file-not-analyzed', 7, 0, 7, 3], ['invalid-policy-types', 60_022, 16, 60_022, 22]],
  );
  const notice = p.diagnostics.find((d) => d.code === 'file-not-analyzed');
  assert.equal(notice?.message, "This YAML document (1.2 MB) holds more than 250,000 keys, values and other tokens, more than NetLens analyses in one document; it was skipped (the file's other documents are analysed).");
  assert.equal(notice?.severity, 2);
  await h.close(uri);
});

test('a minified one-line NetworkPolicy over the token budget shows its notice (the kind is read from the JSON)', async () => {
  const uri = 'file:///ws/bounded/minified.yaml';
  const ingress = Array.from({ length: 12_000 }, (_, i) => ({ from: [{ ipBlock: { cidr: `10.0.${i % 250}.0/24` } }], ports: [{ port: 1024 + i }] }));
  const text = `${JSON.stringify({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'm' }, spec: { podSelector: {}, ingress } })}\n`;
  await h.open(uri, text, 1);
  const p = await h.nextPublish(uri, (x) => x.version === 1, 0, 60_000);
  assert.deepEqual(p.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character]), [['file-not-analyzed', 0, 0, 0, 100]]);
  await h.close(uri);
});

test('a hover on another document is answered while a large file is still being read and analysed (sliced parse, model, rules, conversion)', async () => {
  const small = 'file:///ws/bounded/small.yaml';
  const smallText = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {app: api}}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: api, namespace: shop}\nspec:\n  podSelector:\n    matchLabels: {app: api}\n';
  const at = { line: smallText.split('\n').findIndex((l) => l.includes('podSelector')), character: 4 };
  await h.open(small, smallText, 1);
  await h.nextPublish(small, (x) => x.version === 1);
  const hover = (): Promise<unknown> => h.conn.sendRequest(HoverRequest.type, { textDocument: { uri: small }, position: at });
  assert.notEqual(await hover(), null);
  // ~3 MB of Deployments and NetworkPolicies, one per `---` document: seconds to read and check.
  const big = 'file:///ws/bounded/large.yaml';
  const pair = (i: number): string => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${i}\n  namespace: shop\nspec:\n  template:\n    metadata:\n      labels: {app: app-${i}}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: app-${i}\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels: {app: app-${i}}\n  policyTypes: [Ingres]\n`;
  const bigText = Array.from({ length: 9000 }, (_, i) => pair(i)).join('---\n');
  const parses = async (): Promise<number> => (await h.conn.sendRequest(IndexStatsRequest.method, {}) as IndexStatsResult).parses;
  const before = await parses();
  await h.open(big, bigText, 1);
  const answer = await hover();
  // Ordering, not time: the hover came back before the large file's parse was done (the parse counter, asked
  // right after, does not count it yet; a parse in one go would have held the hover until it was done).
  const publishedFirst = h.publishes.some((p) => p.uri === big);
  assert.equal(await parses(), before);
  assert.notEqual(answer, null);
  assert.equal(publishedFirst, false);
  // After the parse: the model build, the workspace rules and the conversion of the findings run in slices too.
  // Hovers sent one after another once the parse counter moved are answered before the diagnostics arrive.
  const published = (): boolean => h.publishes.some((p) => p.uri === big);
  while (!published() && (await parses()) === before);
  let answeredAfterParse = 0;
  while (!published()) {
    const a = await hover();
    if (!published()) {
      assert.notEqual(a, null);
      answeredAfterParse++;
    }
  }
  assert.ok(answeredAfterParse > 0, 'no hover was answered between the parse and the diagnostics');
  assert.equal(await parses(), before + 1);
  const p = await h.nextPublish(big, (x) => x.version === 1, 0, 300_000);
  // 9,000 findings: the 999 the editor shows (it keeps 1,000 per file) and the notice of the 8,001 left out.
  assert.equal(p.diagnostics.filter((d) => d.code === 'invalid-policy-types').length, 999);
  assert.match(String(p.diagnostics[999]?.message ?? ''), /^8,001 more NetLens findings in this file are not shown \(8,001 errors\)/);
  await h.close(big);
  await h.close(small);
});

test('a hover on another document is answered while declined huge documents are counted and parsed, on open and on a keystroke in one', async () => {
  const small = 'file:///ws/bounded/small2.yaml';
  const smallText = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: api, namespace: shop}\nspec:\n  podSelector:\n    matchLabels: {app: api}\n';
  const at = { line: 4, character: 4 };
  await h.open(small, smallText, 1);
  await h.nextPublish(small, (x) => x.version === 1);
  const hover = (): Promise<unknown> => h.conn.sendRequest(HoverRequest.type, { textDocument: { uri: small }, position: at });
  assert.notEqual(await hover(), null);
  // Two documents of 60,000 labels each (over the 250,000-token budget) between two small policies: counting them
  // reads 250,000 lexemes each, about a second in one go.
  const huge = (name: string): string => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n  podSelector:\n    matchLabels:\n${Array.from({ length: 60_000 }, (_, i) => `      label-${i}: v${i % 7}\n`).join('')}`;
  const text = [POLICY, huge('a'), huge('b'), POLICY.replace('name: p', 'name: q')].join('---\n');
  const big = 'file:///ws/bounded/declined.yaml';
  const parses = async (): Promise<number> => (await h.conn.sendRequest(IndexStatsRequest.method, {}) as IndexStatsResult).parses;
  const expected = (p: { diagnostics: Diagnostic[] }): unknown => p.diagnostics.map((d) => [d.code, d.range.start.line]);
  const lines = (s: string): number => s.split('\n').length - 1;
  const want = [['invalid-policy-types', 6], ['file-not-analyzed', 7], ['file-not-analyzed', 7 + 1 + lines(huge('a'))], ['invalid-policy-types', 7 + 3 + 2 * lines(huge('a')) + 6]];
  const before = await parses();
  await h.open(big, text, 1);
  // Ordering, not time: the hover came back before the parse of the file was done (the parse counter, asked right
  // after, does not count it yet; a parse in one go would have held the hover until it was done).
  assert.notEqual(await hover(), null);
  assert.equal(await parses(), before);
  assert.deepEqual(expected(await h.nextPublish(big, (x) => x.version === 1, 0, 120_000)), want);
  assert.equal(await parses(), before + 1);
  // A keystroke inside the second huge document: the re-parse of the whole text runs in steps too.
  const at2 = text.indexOf('label-30000: v') + 'label-30000: v'.length;
  await h.replace(big, 2, `${text.slice(0, at2)}9${text.slice(at2 + 1)}`);
  assert.notEqual(await hover(), null);
  assert.equal(await parses(), before + 1);
  assert.deepEqual(expected(await h.nextPublish(big, (x) => x.version === 2, 0, 120_000)), want);
  assert.equal(await parses(), before + 2);
  await h.close(big);
  await h.close(small);
});

test('invalid settings values are shown once, naming the key and the allowed values', async () => {
  await h.configure({ rules: { 'missing-dns-egress': 'eror' } });
  const uri = 'file:///ws/bounded/settings.yaml';
  await h.open(uri, POLICY, 1);
  await h.nextPublish(uri, (x) => x.version === 1);
  const msg = await waitFor(() => shown.find((m) => /netlens\.rules/.test(m.message)), 'the settings warning');
  assert.equal(msg.type, 2);
  assert.equal(msg.message, 'NetLens settings: "netlens.rules.missing-dns-egress": "eror" is not valid; allowed: one of error, warning, information, hint, off. The default applies until it is fixed.');
  await h.configure({});
  await h.close(uri);
});

test('an invalid convention value is shown like any other setting, in the words the CLI prints', async () => {
  await h.configure({ conventions: { requireDefaultDeny: 'always' } });
  const uri = 'file:///ws/bounded/conventions.yaml';
  await h.open(uri, POLICY, 1);
  await h.nextPublish(uri, (x) => x.version === 1);
  const msg = await waitFor(() => shown.find((m) => /requireDefaultDeny/.test(m.message)), 'the conventions warning');
  assert.equal(msg.type, 2);
  assert.equal(msg.message, 'NetLens settings: netlens.conventions.requireDefaultDeny must be one of off, ingress, egress, both, not "always"; it was ignored.');
  await h.configure({});
  await h.close(uri);
});
