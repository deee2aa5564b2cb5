// The namespace a HelmRelease or an Argo CD Application names for its pods (model/deployers.ts) is read while the
// file has its trees and kept with it: files kept without trees (`netlens check`: withoutTrees; the editor's index:
// droppableFile + dropOwnTrees) quiet the "selects nothing" rules there as a full parse does, without a tree read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeWorkspace, createWorkspaceCache, droppableFile, dropOwnTrees, hasTrees, lazyStats, optionsFromRaw, parseFile, prepareFile, withoutTrees, type Finding, type ParsedFile } from '../../../server/src/core/index.ts';
import { deployment } from '../rules/workspace-harness.ts';

const TEXTS: Record<string, string> = {
  'file:///ws/shop/web.yaml': `${deployment('shop', 'web', { app: 'web' })}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: plex, namespace: shop}
spec:
  podSelector: {matchLabels: {app.kubernetes.io/name: plex}}
  policyTypes: [Ingress]
  ingress:
  - from:
    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: media}}
      podSelector: {matchLabels: {app: player}}
`,
  'file:///ws/media/player.yaml': deployment('media', 'tv', { app: 'tv' }),
  // Pods for shop from a HelmRelease kept in flux-system, and for media from an Application kept in argocd: only
  // their specs say so.
  'file:///ws/flux/plex.yaml': `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: plex, namespace: flux-system}
spec:
  targetNamespace: shop
  chart: {spec: {chart: plex}}
`,
  'file:///ws/argo/player.yaml': `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: player, namespace: argocd}
spec:
  source: {repoURL: https://charts.example.com, chart: player, targetRevision: 1.0.0}
  destination: {server: https://kubernetes.default.svc, namespace: media}
`,
};
const options = optionsFromRaw({});
const parseAll = (texts: Record<string, string>): ParsedFile[] => Object.entries(texts).map(([uri, text]) => parseFile(uri, text, options)).sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
const CODES = ['policy-selects-nothing', 'peer-selects-nothing'];
const selects = (m: Map<string, Finding[]>): string[] => [...m.values()].flat().filter((f) => CODES.includes(f.code)).map((f) => `${f.code} ${f.span.start}`);

test('without the deployers the policy and its peer are reported; with them, by a full parse, neither', () => {
  const without = { ...TEXTS };
  delete without['file:///ws/flux/plex.yaml'];
  delete without['file:///ws/argo/player.yaml'];
  assert.equal(selects(analyzeWorkspace(parseAll(without), options).findings).length, 2);
  assert.deepEqual(selects(analyzeWorkspace(parseAll(TEXTS), options).findings), []);
});

test('`check`: files kept without their trees (withoutTrees) read the deployers\' targets from what was kept', () => {
  const cache = createWorkspaceCache();
  const files = parseAll(TEXTS).map((f) => {
    prepareFile(f, options, cache);
    return withoutTrees(f, options, cache);
  });
  assert.equal(files.filter(hasTrees).length, 0);
  const parsed = lazyStats.parsed;
  assert.deepEqual(selects(analyzeWorkspace(files, options, cache).findings), []);
  assert.equal(lazyStats.parsed, parsed, 'no tree was parsed again');
});

test('the editor\'s index: files whose trees went in place (dropOwnTrees) read them from the same objects', () => {
  const cache = createWorkspaceCache();
  const files = parseAll(TEXTS).map((f) => droppableFile(f, options));
  for (const f of files) prepareFile(f, options, cache, false);
  for (const f of files) assert.equal(dropOwnTrees(f, options, cache), true, f.uri);
  const parsed = lazyStats.parsed;
  assert.deepEqual(selects(analyzeWorkspace(files, options, cache).findings), []);
  assert.equal(lazyStats.parsed, parsed, 'no tree was parsed again');
});
