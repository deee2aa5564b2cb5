// Render tests of what the preview promises (npm run test:render, headless Chromium): labels of 12 px or more at
// fit in a 1280x800 panel (examples/ and a generated 60-workload workspace), focus mode and the keyboard path
// (search, focus, back), refit on resize, and the diff view's colours and flows list.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { FromWebview, ToWebview } from '../../client/src/preview/messages.ts';
import { buildModel, connectivityDiff, diffView, DEFAULT_OPTIONS, parseFile, type Model } from '../../server/src/core/index.ts';
import { ROOT, launch, openPage, outbox, previewUpdate, render, screenshot } from './page.ts';

const SIZE = { width: 1280, height: 800 };

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [path.join(dir, e.name)] : []));
}

function modelOf(files: { file: string; text: string }[]): Model {
  return buildModel(
    files.map((f) => parseFile(pathToFileURL(f.file).href, f.text, DEFAULT_OPTIONS)),
    DEFAULT_OPTIONS,
  );
}

const examples = () => modelOf(walk(path.join(ROOT, 'examples')).map((file) => ({ file, text: fs.readFileSync(file, 'utf8') })));

/** 60 workloads in 6 namespaces: default-deny everywhere, each tier talking to the next, DNS, a public frontend. */
function generated(): Model {
  const docs: string[] = [];
  const tiers = ['web', 'api', 'worker', 'cache', 'db', 'metrics', 'auth', 'search', 'queue', 'mail'];
  for (let n = 0; n < 6; n++) {
    const ns = `team-${n}`;
    docs.push(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n`);
    docs.push(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: default-deny, namespace: ${ns}}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n  egress:\n    - to:\n        - namespaceSelector: {}\n          podSelector: {matchLabels: {k8s-app: kube-dns}}\n      ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]\n`);
    tiers.forEach((t, i) => {
      docs.push(`apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${t}, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: ${t}}}\n  template:\n    metadata: {labels: {app: ${t}}}\n    spec:\n      containers: [{name: c, image: x, ports: [{containerPort: ${8000 + i}}]}]\n`);
      const next = tiers[i + 1];
      if (next) {
        docs.push(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${t}-to-${next}, namespace: ${ns}}\nspec:\n  podSelector: {matchLabels: {app: ${t}}}\n  policyTypes: [Egress]\n  egress: [{to: [{podSelector: {matchLabels: {app: ${next}}}}], ports: [{port: ${8001 + i}}]}]\n`);
        docs.push(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${next}-from-${t}, namespace: ${ns}}\nspec:\n  podSelector: {matchLabels: {app: ${next}}}\n  policyTypes: [Ingress]\n  ingress: [{from: [{podSelector: {matchLabels: {app: ${t}}}}], ports: [{port: ${8001 + i}}]}]\n`);
      }
    });
    docs.push(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web-public, namespace: ${ns}}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress]\n  ingress: [{ports: [{port: 8000}]}]\n`);
  }
  return modelOf([{ file: '/gen/all.yaml', text: docs.join('---\n') }]);
}

/** The smallest node label on screen: its font size times the stage's scale (every label is measured). */
async function smallestLabelPx(page: Page): Promise<{ px: number; labels: number }> {
  return page.evaluate(() => {
    const scale = Number(document.body.dataset.scale);
    const sizes = Array.from(document.querySelectorAll<HTMLElement>('.stage g.node .nodeLabel, .stage g.node text')).map((e) => parseFloat(getComputedStyle(e).fontSize) * scale);
    return { px: Math.min(...sizes), labels: sizes.length };
  });
}

/** Replies to the webview's setOptions the way the panel does, with the next update. */
async function lastOptions(page: Page): Promise<Extract<FromWebview, { kind: 'setOptions' }>['options']> {
  const sent = (await outbox(page)) as FromWebview[];
  const last = sent.filter((m) => m.kind === 'setOptions').at(-1);
  assert.ok(last && last.kind === 'setOptions', 'the webview asked for new options');
  return last.options;
}

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('examples/ at fit in a 1280x800 panel: every node label is 12 px or more', async () => {
  const { page, problems } = await openPage(browser, 'vscode-light', SIZE);
  await render(page, previewUpdate(examples(), 1));
  const { px, labels } = await smallestLabelPx(page);
  assert.ok(labels >= 8, `labels measured: ${labels}`);
  assert.ok(px >= 12, `smallest label ${px.toFixed(1)} px`);
  // One line of toolbar, whatever is in it.
  const toolbar = await page.evaluate(() => document.querySelector('.toolbar')!.getBoundingClientRect().height);
  assert.ok(toolbar < 40, `toolbar height ${toolbar}`);
  await screenshot(page, 'topology-examples.png');
  assert.deepEqual(problems.errors, []);
  await page.close();
});

test('a generated 60-workload workspace starts folded, opens a namespace by click, and labels stay 12 px or more', async () => {
  const model = generated();
  const { page, problems } = await openPage(browser, 'vscode-light', SIZE);
  await render(page, previewUpdate(model, 1));
  const folded = await page.evaluate(() => ({ nodes: document.querySelectorAll('g.node[data-netlens-node^="n_team"]').length, banner: document.querySelector('.banner')?.textContent }));
  assert.equal(folded.nodes, 6);
  assert.match(folded.banner ?? '', /namespaces are folded/);
  assert.ok((await smallestLabelPx(page)).px >= 12);
  await page.click('g.node[data-netlens-node="n_team_2d_3"]');
  const options = await lastOptions(page);
  assert.deepEqual(options, { expand: ['team-3'], focus: null });
  await render(page, previewUpdate(model, 2, { expand: ['team-3'] }));
  const expanded = await page.evaluate(() => document.querySelectorAll('g.node[data-netlens-node^="w_deployment__team_2d_3__"]').length);
  assert.equal(expanded, 10);
  const { px } = await smallestLabelPx(page);
  assert.ok(px >= 12, `smallest label ${px.toFixed(1)} px after expanding`);
  // DNS is a badge on each workload, not ten arrows to kube-dns; the public rule is a marker on web.
  const text = await page.evaluate(() => document.querySelector('.stage')?.textContent ?? '');
  assert.match(text, /DNS TCP 53, UDP 53/);
  assert.equal(await page.evaluate(() => document.querySelectorAll('g.node[data-netlens-node*="kube_2d_dns"]').length), 0);
  assert.deepEqual(problems.errors, []);
  await page.close();
});

test('keyboard path: / to search, arrows and Enter to focus a workload, Esc back; focus shows one hop with rules', async () => {
  const model = examples();
  const { page, problems } = await openPage(browser, 'vscode-light', SIZE);
  await render(page, previewUpdate(model, 1));
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement?.className), 'search-input');
  await page.keyboard.type('api');
  const results = await page.evaluate(() => Array.from(document.querySelectorAll('.search-results li')).map((li) => li.textContent));
  assert.equal(results[0], 'shop/apiDeployment');
  await page.keyboard.press('Enter');
  const focus = await lastOptions(page);
  assert.deepEqual(focus, { focus: { kind: 'node', id: 'w_deployment__shop__api' }, compare: null });
  const focused = previewUpdate(model, 2, { focus: { kind: 'node', id: 'w_deployment__shop__api' } }) as Extract<ToWebview, { kind: 'update' }>;
  await render(page, focused);
  const shown = await page.evaluate(() => ({
    bar: document.querySelector('.focusbar .focus-text')?.textContent,
    barShown: getComputedStyle(document.querySelector('.focusbar')!).display,
    nodes: Array.from(document.querySelectorAll<SVGGElement>('g.node[data-netlens-node]')).map((g) => g.dataset.netlensNode).sort(),
    labels: Array.from(document.querySelectorAll('g.edgeLabel')).map((g) => g.textContent?.trim()),
  }));
  assert.equal(shown.bar, 'Focus: shop/api — its inbound and outbound flows, with the rules that allow them');
  assert.notEqual(shown.barShown, 'none');
  // Every arrow touches the api (one hop) and names the rules that allow it.
  assert.ok(focused.edges.length > 0);
  assert.ok(focused.edges.every((e) => e.from === 'w_deployment__shop__api' || e.to === 'w_deployment__shop__api'));
  assert.ok(shown.labels.every((l) => / · by /.test(l ?? '')), JSON.stringify(shown.labels));
  assert.ok(shown.nodes.includes('w_deployment__shop__api'));
  assert.ok((await smallestLabelPx(page)).px >= 12);
  await page.keyboard.press('Escape');
  assert.deepEqual(await lastOptions(page), { focus: null });
  assert.deepEqual(problems.errors, []);
  await page.close();
});

test('a fitted graph refits when the panel is resized (the side bar closing)', async () => {
  const model = generated();
  const { page } = await openPage(browser, 'vscode-light', { width: 700, height: 500 });
  await render(page, previewUpdate(model, 1));
  const before = await page.evaluate(() => Number(document.body.dataset.scale));
  const size = await page.evaluate(() => [document.querySelector('.stage svg')?.getAttribute('width'), document.querySelector('.stage svg')?.getAttribute('height')]);
  assert.ok(before < 1.5, `fitted at ${before} for ${size.join('x')}`);
  await page.setViewportSize({ width: 1600, height: 900 });
  await page.waitForFunction((s) => Number(document.body.dataset.scale) !== s, before);
  const afterScale = await page.evaluate(() => Number(document.body.dataset.scale));
  assert.ok(afterScale >= before, `${before} -> ${afterScale}`);
  // An update of the same view keeps the position the fit chose.
  const t = await page.evaluate(() => (document.querySelector('.stage') as HTMLElement).style.transform);
  await render(page, previewUpdate(model, 2));
  assert.equal(await page.evaluate(() => (document.querySelector('.stage') as HTMLElement).style.transform), t);
  await page.close();
});

test('the diff view: opened flows green, closed red dashed, unchanged grey; the flows list links the rules', async () => {
  const files = ['shop', 'monitoring', 'ingress-nginx', 'namespaces.yaml'].flatMap((d) => {
    const p = path.join(ROOT, 'examples', d);
    return (fs.statSync(p).isDirectory() ? walk(p) : [p]).map((file) => ({ file, text: fs.readFileSync(file, 'utf8') }));
  });
  const base = modelOf(files);
  // The change under review: the api no longer reaches postgres (closed), prometheus may scrape redis (opened).
  const head = modelOf(
    files.map((f) => {
      if (f.file.endsWith('policies/api.yaml')) return { ...f, text: f.text.replace(/ {4}- to:\n {8}- podSelector:\n {12}matchLabels:\n {14}app: postgres\n {6}ports:\n {8}- protocol: TCP\n {10}port: 5432\n/, '') };
      if (f.file.endsWith('policies/redis.yaml'))
        return { ...f, text: `${f.text}    - from:\n        - namespaceSelector:\n            matchLabels:\n              kubernetes.io/metadata.name: monitoring\n      ports:\n        - port: 6380\n` };
      return f;
    }),
  );
  const diff = connectivityDiff({ model: base, findings: new Map() }, { model: head, findings: new Map() });
  const view = diffView(diff, base, head);
  assert.ok(Object.values(view.status).includes('added') && Object.values(view.status).includes('removed'), JSON.stringify(view.status));
  const u = {
    kind: 'update',
    seq: 1,
    mermaid: view.mermaid,
    nodes: view.graph.nodes.map((n) => ({ id: n.id, label: n.label, kind: n.kind, navigable: false })),
    edges: view.graph.edges.map((e) => ({ id: e.id, from: e.from, to: e.to, label: e.label, navigable: false })),
    collapsed: false,
    options: { scope: 'workspace', namespaces: [], externalPeers: true, expand: [], focus: null, compare: 'main' },
    namespaces: [],
    counts: { workloads: 0, namespaces: 0, edges: 0, policies: 0, arrows: { flows: 0, wayIn: 0, blocked: 0 } },
    diff: {
      base: 'main',
      flows: diff.added.concat(diff.removed).map((c) => ({ status: diff.added.includes(c) ? 'added' : 'removed', text: `${c.from.name} → ${c.to.name}  ${c.protocol} ${c.port}`, rules: c.rules.map((r) => ({ label: `${r.policy} (${r.direction} rule ${r.ruleIndex})`, why: diff.added.includes(c) ? 'allows' : 'allowed', navigable: true })) })),
      findings: [],
      undecided: 0,
      edgeStatus: view.status,
    },
  } as ToWebview;
  const { page, problems } = await openPage(browser, 'vscode-light', SIZE);
  await render(page, u);
  const colours = await page.evaluate(() =>
    Array.from(document.querySelectorAll<SVGPathElement>('path[data-netlens-edge][data-diff]')).map((p) => {
      const s = getComputedStyle(p);
      return { status: p.dataset.diff, stroke: s.stroke, dash: s.strokeDasharray };
    }),
  );
  const by = (status: string) => colours.filter((c) => c.status === status);
  // Mermaid writes its own dash array on solid links (to stop short of the arrow head); ours is 6 4.
  assert.ok(by('added').length > 0 && by('added').every((c) => c.stroke === 'rgb(45, 164, 78)' && c.dash !== '6px, 4px'), JSON.stringify(colours));
  assert.ok(by('removed').length > 0 && by('removed').every((c) => c.stroke === 'rgb(207, 34, 46)' && c.dash === '6px, 4px'), JSON.stringify(colours));
  assert.ok(by('unchanged').every((c) => c.stroke === 'rgb(140, 149, 159)'), JSON.stringify(colours));
  const list = await page.evaluate(() => Array.from(document.querySelectorAll<HTMLElement>('.flows li.flow')).map((li) => li.dataset.status));
  assert.deepEqual(list.sort(), [...diff.added.map(() => 'added'), ...diff.removed.map(() => 'removed')].sort());
  await page.click('.flows li.flow a.rule');
  assert.deepEqual((await outbox(page)).at(-1), { kind: 'revealFlow', index: 0, rule: 0 });
  await screenshot(page, 'connectivity-diff.png');
  assert.deepEqual(problems.errors, []);
  await page.close();
});
