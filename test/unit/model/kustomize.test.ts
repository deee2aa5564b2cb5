// Namespaces from kustomizations: files and directories of resources, nesting, overlays, explicit namespaces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, DEFAULT_OPTIONS, parseFile } from '../../../server/src/core/index.ts';
import { normalizePath, splitUri } from '../../../server/src/core/model/kustomize/paths.ts';

const opts = { ...DEFAULT_OPTIONS, clusterWorkloads: [] };
const pod = (name: string, ns?: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ''}`;
const ids = (files: Record<string, string>) =>
  buildModel(Object.entries(files).map(([u, t]) => parseFile(u, t, opts)), opts)
    .workloads.map((w) => w.id)
    .sort();

test('a kustomization places the files it lists, overriding metadata.namespace as kustomize build does', () => {
  assert.deepEqual(
    ids({
      'file:///repo/app/kustomization.yaml': 'namespace: shop\nresources:\n  - pod.yaml\n  - ./sub/../explicit.yaml\n',
      'file:///repo/app/pod.yaml': pod('a'),
      'file:///repo/app/explicit.yaml': pod('b', 'elsewhere'),
      // Beside the kustomization but not listed: never deployed (not-in-kustomization), so not in the model.
      'file:///repo/app/unlisted.yaml': pod('c'),
    }),
    ['shop/a', 'shop/b'],
  );
});

test('a kustomization without namespace keeps metadata.namespace, else the default', () => {
  assert.deepEqual(
    ids({
      'file:///repo/app/kustomization.yaml': 'resources: [a.yaml, b.yaml]\n',
      'file:///repo/app/a.yaml': pod('a'),
      'file:///repo/app/b.yaml': pod('b', 'elsewhere'),
    }),
    ['default/a', 'elsewhere/b'],
  );
});

test('directory resources follow their kustomization; the outer namespace overrides the inner one', () => {
  assert.deepEqual(
    ids({
      'file:///repo/overlays/prod/kustomization.yml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: prod\nresources: [../../base]\n',
      'file:///repo/base/kustomization.yaml': 'namespace: base-ns\nresources: [web.yaml, nested]\n',
      'file:///repo/base/web.yaml': pod('web'),
      'file:///repo/base/nested/Kustomization': 'resources: [db.yaml]\n',
      'file:///repo/base/nested/db.yaml': pod('db'),
    }),
    ['prod/db', 'prod/web'],
  );
});

test('two overlays placing the same base in two namespaces: the objects exist in both', () => {
  assert.deepEqual(
    ids({
      'file:///repo/overlays/dev/kustomization.yaml': 'namespace: dev\nresources: [../../base]\n',
      'file:///repo/overlays/prod/kustomization.yaml': 'namespace: prod\nresources: [../../base]\n',
      'file:///repo/base/kustomization.yaml': 'resources: [web.yaml]\n',
      'file:///repo/base/web.yaml': pod('web'),
    }),
    ['dev/web', 'prod/web'],
  );
});

// A cycle is a kustomize build error; NetLens only has to terminate and keep placing what it can.
test('a cycle of kustomizations and remote bases are harmless', () => {
  assert.deepEqual(
    ids({
      'file:///repo/a/kustomization.yaml': 'resources: [../b, https://github.com/x/y//base?ref=v1, p.yaml]\n',
      'file:///repo/b/kustomization.yaml': 'namespace: bee\nresources: [../a, q.yaml]\n',
      'file:///repo/a/p.yaml': pod('p'),
      'file:///repo/b/q.yaml': pod('q'),
    }),
    ['bee/q', 'default/p'],
  );
});

test('percent-encoded URIs resolve against raw resource paths', () => {
  assert.deepEqual(
    ids({
      'file:///my%20repo/kustomization.yaml': 'namespace: spaced\nresources: ["my app.yaml"]\n',
      'file:///my%20repo/my%20app.yaml': pod('x'),
    }),
    ['spaced/x'],
  );
  assert.deepEqual(splitUri('file:///a%20b/c'), { prefix: 'file://', path: '/a b/c' });
  assert.equal(normalizePath('/a/./b/../../c//d'), '/c/d');
});
