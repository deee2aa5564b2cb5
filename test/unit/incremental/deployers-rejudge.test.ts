// Edits that move a HelmRelease's pods into or out of a policy's namespace (its targetNamespace, its own namespace,
// the object itself): the analysis that reuses the previous one's findings equals a from-scratch analysis; and an
// edit elsewhere reads the kustomize placement of HelmReleases from the model's build, without building again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeWorkspace, createWorkspaceCache, DEFAULT_OPTIONS, fingerprint, parseFile, reparseFile, WORKSPACE_RULES, type ParsedFile, type WorkspaceAnalysis } from '../../../server/src/core/index.ts';
import { kustomizeStats } from '../../../server/src/core/model/kustomize/build.ts';
import { deployment } from '../rules/workspace-harness.ts';

const APPS = deployment('shop', 'web', { app: 'web' });
const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: plex, namespace: shop}
spec:
  podSelector: {matchLabels: {app: plex}}
  policyTypes: [Ingress]
`;
const RELEASE = `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: plex, namespace: flux-system}
spec:
  targetNamespace: shop
  chart: {spec: {chart: plex}}
`;

/**
 * Each text in turn as the edited file `uri` among `others`, reusing the previous analysis (and, with `cached`, the
 * workspace cache, whose model an edit may splice); returns the counts.
 */
function steps(uri: string, texts: string[], others: ParsedFile[], cached = false): number[] {
  const o = DEFAULT_OPTIONS;
  const cache = cached ? createWorkspaceCache() : undefined;
  const sorted = (f: ParsedFile): ParsedFile[] => [...others, f].sort((a, b) => (a.uri < b.uri ? -1 : 1));
  let file = parseFile(uri, texts[0] as string, o);
  let prev: WorkspaceAnalysis = analyzeWorkspace(sorted(file), o, cache, WORKSPACE_RULES, undefined);
  const counts = [count(prev)];
  for (const [i, text] of texts.slice(1).entries()) {
    fingerprint(file, o);
    file = reparseFile(file, uri, text, o);
    const got = analyzeWorkspace(sorted(file), o, cache, WORKSPACE_RULES, undefined, prev.rules);
    const want = analyzeWorkspace(sorted(file), o, undefined, WORKSPACE_RULES, undefined);
    assert.deepEqual([...got.findings], [...want.findings], `step ${i + 1}`);
    counts.push(count(got));
    prev = got;
  }
  return counts;
}
const sortedFiles = (files: ParsedFile[]): ParsedFile[] => [...files].sort((a, b) => (a.uri < b.uri ? -1 : 1));
const count = (a: WorkspaceAnalysis): number => [...a.findings.values()].flat().filter((f) => f.code === 'policy-selects-nothing').length;

test('the HelmRelease edited in the file that holds the policy', () => {
  const doc = [APPS, POLICY, RELEASE].join('---\n');
  const texts = [
    doc,
    doc.replace('targetNamespace: shop', 'targetNamespace: shoq'),
    doc.replace('targetNamespace: shop', 'targetNamespace: shoq').replace('app: plex}', 'app: plex2}'),
    doc.replace('app: plex}', 'app: plex2}'),
    doc.replace('  targetNamespace: shop\n', ''),
    doc.replace('  targetNamespace: shop\n', '').replace('namespace: flux-system', 'namespace: shop'),
    [APPS, POLICY].join('---\n'),
    doc,
  ];
  assert.deepEqual(steps('file:///ws/all.yaml', texts, []), [0, 1, 1, 0, 1, 0, 1, 0]);
});

test('the HelmRelease edited in its own file, the policy in another', () => {
  const others = [parseFile('file:///ws/a.yaml', [APPS, POLICY].join('---\n'), DEFAULT_OPTIONS)];
  const texts = [RELEASE, RELEASE.replace('targetNamespace: shop', 'targetNamespace: media'), RELEASE.replace('kind: HelmRelease', 'kind: HelmChart'), RELEASE];
  assert.deepEqual(steps('file:///ws/hr.yaml', texts, others), [0, 1, 1, 0]);
});

test('an edit beside HelmReleases that kustomizations list builds nothing again, and equals a fresh analysis', () => {
  const o = DEFAULT_OPTIONS;
  const texts: Record<string, string> = { 'file:///ws/np.yaml': [APPS, POLICY].join('---\n') };
  for (const [i, ns] of ['shop', 'media', 'games'].entries()) {
    texts[`file:///ws/app${i}/kustomization.yaml`] = `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: ${ns}\nresources: [hr.yaml]\n`;
    texts[`file:///ws/app${i}/hr.yaml`] = RELEASE.replace('  targetNamespace: shop\n', '');
  }
  const parsed = Object.entries(texts).map(([uri, text]) => parseFile(uri, text, o));
  const cache = createWorkspaceCache();
  const first = analyzeWorkspace(sortedFiles(parsed), o, cache);
  assert.equal(count(first), 0, 'shop: app0 HelmRelease placed there by its kustomization');
  let np = parsed.find((f) => f.uri === 'file:///ws/np.yaml') as ParsedFile;
  let prev = first;
  for (const label of ['plex2', 'plex3']) {
    fingerprint(np, o);
    np = reparseFile(np, np.uri, np.text.replace(/app: plex\d?\}/, `app: ${label}}`), o);
    const inputs = sortedFiles([...parsed.filter((f) => f.uri !== np.uri), np]);
    const builds = kustomizeStats.builds;
    const got = analyzeWorkspace(inputs, o, cache, WORKSPACE_RULES, undefined, prev.rules);
    assert.equal(kustomizeStats.builds, builds, `${label}: the model's build is reused`);
    assert.deepEqual([...got.findings], [...analyzeWorkspace(inputs, o, undefined, WORKSPACE_RULES, undefined).findings], label);
    assert.equal(count(got), 0);
    prev = got;
  }
});

test('a kustomization edited to put a remote base in the policy namespace, or out of it, and back', () => {
  const others = [parseFile('file:///ws/a.yaml', [APPS, POLICY].join('---\n'), DEFAULT_OPTIONS)];
  const kust = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: shop\nresources: [https://example.com/plex.yaml]\n';
  const texts = [kust, kust.replace('namespace: shop', 'namespace: media'), kust.replace('resources: [https://example.com/plex.yaml]', 'resources: []'), kust];
  assert.deepEqual(steps('file:///ws/plex/kustomization.yaml', texts, others), [0, 1, 1, 0]);
});

test('a GitRepository URL edited to or from another repository, and a policy edited beside a kustomization with a remote base', () => {
  const git = (url: string) => `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: vendor, namespace: flux-system}\nspec:\n  url: ${url}\n`;
  const others = [
    parseFile('file:///ws/a.yaml', [APPS, POLICY].join('---\n'), DEFAULT_OPTIONS),
    parseFile('file:///ws/flux/sync.yaml', 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: flux-system, namespace: flux-system}\nspec:\n  url: https://github.com/me/ops\n', DEFAULT_OPTIONS),
    parseFile('file:///ws/flux/ks.yaml', 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: vendor, namespace: flux-system}\nspec:\n  targetNamespace: shop\n  path: ./deploy\n  sourceRef: {kind: GitRepository, name: vendor}\n', DEFAULT_OPTIONS),
    parseFile('file:///ws/deploy/app.yaml', deployment('x', 'app', { app: 'other' }), DEFAULT_OPTIONS),
  ];
  const urls = [git('https://github.com/vendor/app'), git('https://github.com/me/ops'), git('https://github.com/vendor/app')];
  assert.deepEqual(steps('file:///ws/flux/vendor.yaml', urls, others), [0, 1, 0]);
  assert.deepEqual(steps('file:///ws/flux/vendor.yaml', urls, others, true), [0, 1, 0], 'through the workspace cache');
  // The policy file itself edited (not read by any build): its findings are re-judged against the opaque namespace.
  const kust = parseFile('file:///ws/k/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: shop\nresources: [https://example.com/plex.yaml]\n', DEFAULT_OPTIONS);
  const doc = [APPS, POLICY].join('---\n');
  const edits = [doc, doc.replace('app: plex}', 'app: plex2}'), doc.replace('namespace: shop}', 'namespace: shoq}'), doc];
  assert.deepEqual(steps('file:///ws/a.yaml', edits, [kust]), [0, 0, 0, 0]);
  assert.deepEqual(steps('file:///ws/a.yaml', edits, [kust], true), [0, 0, 0, 0], 'through the workspace cache');
});
