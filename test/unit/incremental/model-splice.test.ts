// After an edit of one file that changed only its objects' contents, the model is the previous one with that file's
// objects put in their places (core/model/splice.ts). Over seeded edit sequences across a workspace (examples/,
// a kustomize tree, generated multi-document files, a copy of an object in two files), the model of every analysis
// through the cache equals a model built from fresh parses, and so do the findings; the splice is taken for most
// same-length edits and never where kustomize or a namespace declaration is involved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyzeWorkspace, buildModel, createWorkspaceCache, DEFAULT_OPTIONS, parseFile, reparseFile, type ParsedFile, type WorkspaceCache } from '../../../server/src/core/index.ts';
import { splicedModels } from '../../../server/src/core/model/splice.ts';
import { apply, plainModel as plain, randomEdit, rng, ROOT, sameLengthEdit as sameLength, yamlFiles } from './edits.ts';
import { multiDocFile } from '../../fixtures/generate.ts';

const opts = DEFAULT_OPTIONS;

const DEPLOY = (name: string, ns: string): string =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec:\n      containers: [{name: c, image: i, ports: [{containerPort: 8080, name: http}]}]\n`;

/** The workspace: examples/ (a kustomize tree, namespaces), generated files, and one object written in two files. */
function workspace(): Map<string, string> {
  const texts = new Map<string, string>();
  for (const f of yamlFiles(path.join(ROOT, 'examples'))) texts.set(`file://${f}`, fs.readFileSync(f, 'utf8'));
  texts.set('file:///gen/a/big.yaml', multiDocFile(1200, 4));
  texts.set('file:///gen/b/more.yaml', multiDocFile(600, 7));
  texts.set('file:///gen/c/copy1.yaml', DEPLOY('twin', 'gen'));
  texts.set('file:///gen/c/copy2.yaml', DEPLOY('twin', 'gen'));
  return texts;
}

/** The workspace parsed and analysed once through a cache (the edits that follow splice from its model). */
function analysed(): { texts: Map<string, string>; uris: string[]; parsed: Map<string, ParsedFile>; cache: WorkspaceCache; inputs: () => ParsedFile[] } {
  const texts = workspace();
  const uris = [...texts.keys()].sort();
  const parsed = new Map(uris.map((u) => [u, parseFile(u, texts.get(u) as string, opts)]));
  const cache = createWorkspaceCache();
  const inputs = (): ParsedFile[] => uris.map((u) => parsed.get(u) as ParsedFile);
  analyzeWorkspace(inputs(), opts, cache);
  return { texts, uris, parsed, cache, inputs };
}

test('a model spliced after each edit equals the model of fresh parses, and its findings are the same', () => {
  const { texts, uris, parsed, cache, inputs } = analysed();
  const r = rng(5);
  // Mostly the generated files (same-length edits of names, labels, ports); examples/ and the copies now and then.
  const targets = ['file:///gen/a/big.yaml', 'file:///gen/a/big.yaml', 'file:///gen/b/more.yaml', 'file:///gen/c/copy1.yaml', ...uris.filter((u) => u.includes('/examples/'))];
  const before = splicedModels();
  for (let i = 0; i < 160; i++) {
    const uri = targets[Math.floor(r() * targets.length)] as string;
    const text = texts.get(uri) as string;
    const e = r() < 0.8 ? sameLength(text, r) : randomEdit(text, r);
    const next = apply(text, e);
    texts.set(uri, next);
    parsed.set(uri, reparseFile(parsed.get(uri), uri, next, opts));
    const got = analyzeWorkspace(inputs(), opts, cache);
    const freshInputs = uris.map((u) => parseFile(u, texts.get(u) as string, opts));
    const where = `edit ${i} of ${uri}: ${JSON.stringify(e)}`;
    assert.equal(plain(got.model), plain(buildModel(freshInputs, opts)), where);
    assert.deepEqual(got.findings, analyzeWorkspace(freshInputs, opts).findings, where);
  }
  const spliced = splicedModels() - before;
  // About two in three edits hit the generated files with a same-length edit; most of those keep every identity.
  assert.ok(spliced >= 40, `only ${spliced} of 160 models were spliced`);
  assert.ok(spliced < 160, 'every model was spliced: kustomize, namespaces and renames must build anew');
});

test('no splice where kustomize reads the file or a namespace is declared; an identical copy elsewhere blocks it too', () => {
  const { texts, uris, parsed, cache, inputs } = analysed();
  const edit = (uri: string, from: string, to: string): number => {
    const text = texts.get(uri) as string;
    assert.ok(text.includes(from), `${uri} holds ${from}`);
    texts.set(uri, text.replace(from, to));
    parsed.set(uri, reparseFile(parsed.get(uri), uri, texts.get(uri) as string, opts));
    const n = splicedModels();
    const got = analyzeWorkspace(inputs(), opts, cache);
    assert.equal(plain(got.model), plain(buildModel(uris.map((u) => parseFile(u, texts.get(u) as string, opts)), opts)), `${uri}: ${from} -> ${to}`);
    return splicedModels() - n;
  };
  const shop = uris.find((u) => u.endsWith('/examples/shop/kustomization.yaml')) as string;
  const inShop = uris.find((u) => u.includes('/examples/shop/') && u !== shop && /containerPort: \d/.test(texts.get(u) as string)) as string;
  const ns = uris.find((u) => u.endsWith('/examples/namespaces.yaml')) as string;
  assert.ok(inShop && ns, 'the examples hold a kustomize tree and a namespaces file');
  const port = /containerPort: (\d)/.exec(texts.get(inShop) as string)?.[0] as string;
  assert.equal(edit(inShop, port, port.replace(/\d$/, (d) => String((Number(d) + 1) % 10))), 0, 'a file beside a kustomization');
  assert.equal(edit(ns, 'name: ', 'name: x'), 0, 'a namespace declaration');
  // One object in two files: the first is kept, the second merged into it; neither can be put in place.
  assert.equal(edit('file:///gen/c/copy2.yaml', 'containerPort: 8080', 'containerPort: 8081'), 0, 'a copy of an object');
  assert.equal(edit('file:///gen/c/copy1.yaml', 'image: i', 'image: j'), 0, 'the kept copy');
  // A rename changes an identity: built anew; a port of an ordinary file: spliced.
  const big = 'file:///gen/a/big.yaml';
  const name = /name: (\S+)/.exec(texts.get(big) as string)?.[0] as string;
  assert.equal(edit(big, name, `${name}x`), 0, 'a rename');
  assert.equal(edit(big, 'port: ', 'port: 1'), 1, 'a port');
});

test('a file of more objects than one splice step handles (2,500 of each): spliced, and equal to a fresh model', () => {
  // 2,500 Deployments and as many policies: each list pass of the splice (splice.ts ITEMS_PER_STEP) yields inside.
  const np = (name: string): string => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: gen}\nspec:\n  podSelector: {matchLabels: {app: ${name}}}\n  ingress: [{ports: [{port: 8080}]}]\n`;
  const text = Array.from({ length: 2500 }, (_, i) => `${DEPLOY(`d${i}`, 'gen')}---\n${np(`d${i}`)}`).join('---\n');
  const uri = 'file:///gen/huge.yaml';
  const cache = createWorkspaceCache();
  let file = parseFile(uri, text, opts);
  analyzeWorkspace([file], opts, cache);
  const edited = text.replace('port: 8080}]}]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d2400', 'port: 8081}]}]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d2400');
  assert.notEqual(edited, text);
  file = reparseFile(file, uri, edited, opts);
  const n = splicedModels();
  const got = analyzeWorkspace([file], opts, cache);
  assert.equal(splicedModels() - n, 1, 'the edit was spliced');
  assert.equal(plain(got.model), plain(buildModel([parseFile(uri, edited, opts)], opts)));
  assert.equal(got.model.policies.find((p) => p.name === 'd2399')?.ingress[0]?.ports?.[0]?.port, 8081);
});
