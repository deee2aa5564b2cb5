// not-in-kustomization beside inline transformers (kustomize/read.ts readsNoFile): an inline builtin transformer that
// names a file, in any document of the entry or with a quoted key, keeps the folder unjudged (its files may be read).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, DEFAULT_OPTIONS, parseFile, type Model } from '../../../server/src/core/index.ts';

const opts = { ...DEFAULT_OPTIONS, clusterWorkloads: [] };
const parse = (files: Record<string, string>) => Object.entries(files).map(([u, t]) => parseFile(`file:///repo/${u}`, t, opts));
const model = (files: Record<string, string>): Model => buildModel(parse(files), opts);
const APP = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app}\n';
const PATCH = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app}\ndata: {a: b}\n';
const inline = (config: string) =>
  model({ 'app/kustomization.yaml': `resources: [app.yaml]\ntransformers:\n  - |-\n${config.replace(/^/gm, '    ')}\n`, 'app/app.yaml': APP, 'app/patch.yaml': PATCH }).kustomizeUnlisted;

test('a PatchTransformer with path: keeps the folder unjudged', () => {
  assert.equal(inline('apiVersion: builtin\nkind: PatchTransformer\nmetadata:\n  name: p\npath: patch.yaml'), undefined);
});

test('a second document in the inline string (kustomize reads every document) that reads a file', () => {
  // kustomize reads every document of an inline entry as a transformer.
  const config = 'apiVersion: builtin\nkind: LabelTransformer\nmetadata:\n  name: l\nlabels:\n  a: b\nfieldSpecs:\n- path: metadata/labels\n  create: true\n---\napiVersion: builtin\nkind: PatchTransformer\nmetadata:\n  name: p\npath: patch.yaml';
  assert.equal(inline(config), undefined, `patch.yaml judged unlisted: ${[...(inline(config)?.keys() ?? [])]}`);
});

test('a second document that is not builtin (an exec/KRM plugin)', () => {
  const config = 'apiVersion: builtin\nkind: LabelTransformer\nmetadata:\n  name: l\nlabels:\n  a: b\n---\napiVersion: example.com/v1\nkind: Mutator\nmetadata:\n  name: m';
  assert.equal(inline(config), undefined);
});

test('a quoted "path" key', () => {
  assert.equal(inline('apiVersion: builtin\nkind: PatchTransformer\nmetadata:\n  name: p\n"path": patch.yaml'), undefined);
});

test('a quoted "path" key in replacements', () => {
  assert.equal(inline('apiVersion: builtin\nkind: ReplacementTransformer\nmetadata:\n  name: r\nreplacements:\n- "path": patch.yaml'), undefined);
});

test('inline builtins that name no file, in several documents, flow style or with comments: the stray file is judged', () => {
  for (const config of [
    'apiVersion: builtin\nkind: LabelTransformer\nmetadata:\n  name: l\nlabels: {a: b}\nfieldSpecs: [{path: metadata/labels, create: true}]\n---\napiVersion: builtin # ours\nkind: AnnotationsTransformer\nmetadata: {name: a}\nannotations: {x: y}',
    'apiVersion: builtin\nkind: ReplacementTransformer\nmetadata: {name: r}\nreplacements:\n- source: {kind: Namespace, fieldPath: metadata.name}\n  targets: [{select: {kind: ConfigMap}, fieldPaths: [metadata.namespace]}]',
  ]) {
    assert.deepEqual([...(inline(config)?.keys() ?? [])], ['file:///repo/app/patch.yaml'], config);
  }
  // Text that does not parse as YAML is not judged.
  assert.equal(inline('apiVersion: builtin\nkind: LabelTransformer\nlabels: {a: b'), undefined);
});
