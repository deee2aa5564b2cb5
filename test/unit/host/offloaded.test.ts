// Files assembled from a worker's result (core/offload.ts offloadedFile over parse/skeleton.ts): equal to a parse of
// the same text in every field, their trees parsed only when read, and a workspace of them analysed exactly as the
// in-process analysis (findings, suppressions, model), with no tree parsed on the main thread for the generated
// workspace; a shared batch (host/pool.ts steal) hands each file to exactly one side.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { createWorkspaceCache, DEFAULT_OPTIONS, fileAnalysisData, lazyStats, offloadedFile, parseFile, workspaceResults, WORKSPACE_RULES, type Options, type ParsedFile } from '../../../server/src/core/index.ts';
import { fileOfObject } from '../../../server/src/core/parse/parse.ts';
import { hasTrees, lazyParsedFile, skeletonOf } from '../../../server/src/core/parse/skeleton.ts';
import { AnalysisPool, type PoolFile } from '../../../server/src/host/pool.ts';
import { exampleFiles, generatedFiles, ROOT } from './files.ts';

const WORKER = path.join(ROOT, 'dist', 'worker.js');
const WORKSPACE_CODES = new Set(WORKSPACE_RULES.map((r) => r.code));

// Odd shapes: a typed list, a templated document, a lone-CR file, a syntax error, binary data; and a CiliumCIDRGroup
// (cluster-scoped, carried in the worker's model share: FileModelData.cidrGroups).
const ODD: PoolFile[] = [
  { uri: 'file:///odd/list.yaml', text: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicyList\nitems:\n- metadata: {name: a, namespace: x}\n  spec: {podSelector: {}}\n- metadata: {name: b}\n  spec: {podSelector: {}}\n' },
  { uri: 'file:///odd/tpl.yaml', text: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Values.name }}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: n}\n' },
  { uri: 'file:///odd/cr.yaml', text: 'apiVersion: v1\rkind: Namespace\rmetadata:\r  name: cr\r' },
  { uri: 'file:///odd/broken.yaml', text: 'apiVersion: v1\nkind: Service\nmetadata: {name: [\n---\nkind: Namespace\nmetadata: {name: ok}\n' },
  { uri: 'file:///odd/bin.yaml', text: 'a: \u0000\n' },
  { uri: 'file:///odd/group.yaml', text: 'apiVersion: cilium.io/v2alpha1\nkind: CiliumCIDRGroup\nmetadata: {name: vpn, labels: {role: vpn}}\nspec: {externalCIDRs: [10.48.0.0/24]}\n' },
];

/** A worker's result as the main thread receives it: computed on a parse of its own, then structured-cloned. */
const workerData = (f: PoolFile, options: Options) => structuredClone(fileAnalysisData(parseFile(f.uri, f.text, options), options, true));

test('a file assembled from a skeleton equals parseFile in every field, and parses its trees only when read', async () => {
  for (const f of [...exampleFiles(), ...ODD, ...generatedFiles(8)]) {
    const full = parseFile(f.uri, f.text, DEFAULT_OPTIONS);
    const lazy = lazyParsedFile(f.uri, f.text, DEFAULT_OPTIONS, structuredClone(skeletonOf(full)));
    assert.equal(hasTrees(lazy), false, f.uri);
    assert.equal(lazy.text, full.text);
    assert.deepEqual(lazy.issues, full.issues, f.uri);
    assert.deepEqual(lazy.templated, full.templated, f.uri);
    assert.deepEqual(lazy.template, full.template, f.uri);
    assert.equal(lazy.lines.lineCount, full.lines.lineCount);
    assert.equal(lazy.objects.length, full.objects.length, f.uri);
    for (const obj of lazy.objects) assert.equal(fileOfObject(obj), lazy, 'the assembled file owns its objects');
    assert.equal(hasTrees(lazy), false, 'reading heads and issues parses nothing');
    // Reading one object's node parses the file once and gives every object its own tree.
    lazy.objects.forEach((obj, i) => {
      const other = full.objects[i];
      assert.deepEqual({ ...obj, doc: undefined, node: undefined }, { ...other, doc: undefined, node: undefined });
      assert.deepEqual(obj.node.toJSON(), other?.node.toJSON(), f.uri);
      assert.deepEqual(obj.node.range, other?.node.range);
      assert.ok(obj.doc.contents === obj.node || lazy.docs.includes(obj.doc));
    });
    assert.equal(lazy.docs.length, full.docs.length, f.uri);
    assert.equal(hasTrees(lazy), true);
  }
});

test('a workspace of files assembled from worker results is analysed exactly as in-process, without parsing them here', async () => {
  const options: Options = { ...DEFAULT_OPTIONS, rules: { ...DEFAULT_OPTIONS.rules, 'missing-default-deny': 'warning' } };
  for (const [name, files, reparsed] of [
    ['generated', generatedFiles(80), 0],
    ['examples', [...exampleFiles(), ...ODD], undefined],
  ] as const) {
    const expected = workspaceResults(
      files.map((f) => parseFile(f.uri, f.text, options)),
      options,
    );
    const cache = createWorkspaceCache();
    const before = lazyStats.parsed;
    const assembled: ParsedFile[] = files.map((f) => offloadedFile(f.uri, f.text, options, cache, workerData(f, options)) ?? assert.fail(`${name}: ${f.uri} not assembled`));
    const got = workspaceResults(assembled, options, cache);
    const count = [...expected.findings.values()].flat().length;
    assert.ok(count > 10, `${name}: findings to compare (${count})`);
    // The workspace rules build no fixes in a file kept without its trees (WorkspaceRuleContext.fixesIn); the
    // files a kustomize build read have theirs again.
    const treeless = new Set(assembled.filter((f) => !hasTrees(f)).map((f) => f.uri));
    const dropped = [...expected.findings].reduce((n, [uri, list]) => n + (treeless.has(uri) ? list.filter((f) => WORKSPACE_CODES.has(f.code) && f.fixes).length : 0), 0);
    if (name === 'examples') assert.ok(dropped > 0, 'a workspace fix in a file without trees');
    const withoutWorkspaceFixes = new Map([...expected.findings].map(([uri, list]) => [uri, treeless.has(uri) ? list.map(({ fixes, ...f }) => (WORKSPACE_CODES.has(f.code) || !fixes ? f : { ...f, fixes })) : list]));
    assert.deepEqual(got.findings, withoutWorkspaceFixes, name);
    assert.deepEqual(got.suppressed, expected.suppressed, name);
    const { memo: _a, ...model } = got.analysis.model;
    const { memo: _b, ...want } = expected.analysis.model;
    assert.deepEqual(model, want, name);
    // The generated workspace's findings (ports, peers, gateway traffic) point where the workers said: no file
    // is parsed again. examples/ has kustomize builds, which do read trees.
    if (reparsed !== undefined) assert.equal(lazyStats.parsed - before, reparsed, name);
  }
});

test('a result for other text or another uri is not assembled', () => {
  const [f] = ODD;
  assert.ok(f);
  const data = workerData(f, DEFAULT_OPTIONS);
  const cache = createWorkspaceCache();
  assert.equal(offloadedFile(f.uri, `${f.text}# more\n`, DEFAULT_OPTIONS, cache, data), undefined);
  assert.equal(offloadedFile('file:///odd/other.yaml', f.text, DEFAULT_OPTIONS, cache, data), undefined);
  assert.equal(offloadedFile(f.uri, f.text, DEFAULT_OPTIONS, cache, { ...data, skeleton: undefined }), undefined);
  assert.ok(offloadedFile(f.uri, f.text, DEFAULT_OPTIONS, cache, data));
});

test('a shared batch: the caller steals chunks from the end, the worker takes the others, each file once', async (t) => {
  const pool = new AnalysisPool(WORKER, 1);
  t.after(() => pool.close());
  const files = generatedFiles(200);
  const batch = pool.submit(files, DEFAULT_OPTIONS, true);
  // Once the worker has answered for its first chunk (polled, not timed), this side takes what is left.
  while (batch.results.size === 0) await new Promise((resolve) => setImmediate(resolve));
  const stolen: string[] = [];
  for (let chunk = batch.steal(); chunk; chunk = batch.steal()) for (const f of chunk) stolen.push(f.uri);
  const results = await batch.taken();
  const worked = [...results.keys()];
  assert.equal(stolen.length + worked.length, files.length);
  assert.deepEqual(new Set([...stolen, ...worked]).size, files.length, 'no file on both sides');
  // The caller took a suffix of the list, the worker a prefix.
  const index = new Map(files.map((f, i) => [f.uri, i]));
  assert.ok(stolen.length > 0 && worked.length > 0, `both sides worked (${stolen.length} / ${worked.length})`);
  assert.ok(Math.max(...worked.map((u) => index.get(u) ?? Infinity)) < Math.min(...stolen.map((u) => index.get(u) ?? -1)));
  for (const data of results.values()) assert.ok(data.skeleton && data.model && data.facts, 'whole results');
});
