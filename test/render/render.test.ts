// Render test (npm run test:render, needs /usr/bin/chromium): the built webview draws the graph with the bundled
// mermaid — expected nodes and edges, click-through messages, no console errors, injected labels stay text.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { buildModel, DEFAULT_OPTIONS, parseFile } from '../../server/src/core/index.ts';
import { topologyView } from '../../server/src/core/topology/index.ts';
import { model, policy, port, rule, sel, workload } from '../unit/topology/fixtures.ts';
import { ARTIFACTS, ROOT, launch, openPage, outbox, render, screenshot, updateOf } from './page.ts';

const FIXTURE = path.join(ROOT, 'test/cli/fixtures/topology');

function brokkrView() {
  const files = ['brokkr/workloads.yaml', 'brokkr/policies.yaml', 'platform/workloads.yaml'].map((f) =>
    parseFile(pathToFileURL(path.join(FIXTURE, f)).href, fs.readFileSync(path.join(FIXTURE, f), 'utf8'), DEFAULT_OPTIONS),
  );
  return topologyView(buildModel(files, DEFAULT_OPTIONS), { externalPeers: true });
}

const EVIL = ['evil"]; click x call alert(1)', '<script>window.__pwned=1</script>', '`**bold**` <img src=x onerror="window.__pwned=2">', 'a|b#c&d; %%{init}%%'];

function injectionView() {
  const target = workload('prod', 'db', { app: 'db' }, [[5432]]);
  const sources = EVIL.map((name, i) => workload(i % 2 ? 'prod' : 'tenant`"]<b>', name, { app: `s${i}` }));
  const p = policy('prod', 'db-in', sel({ app: 'db' }), ['ingress'], [rule([{ namespaceSelector: sel(), podSelector: sel() }], [port(5432)])]);
  return topologyView(model([target, ...sources], [p]), { externalPeers: false });
}

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('the brokkr graph: every node and edge drawn, clickable, no console errors; screenshot saved', async () => {
  const view = brokkrView();
  assert.equal(view.graph.nodes.length, 8);
  assert.equal(view.graph.edges.length, 8);
  const { page, problems } = await openPage(browser);
  await render(page, updateOf(view, 1));
  const drawn = await page.evaluate(() => ({
    nodes: Array.from(document.querySelectorAll<SVGGElement>('g.node[data-netlens-node]')).map((g) => g.dataset.netlensNode),
    edges: [...new Set(Array.from(document.querySelectorAll<SVGElement>('[data-netlens-edge]')).map((e) => e.dataset.netlensEdge))],
    labels: Array.from(document.querySelectorAll('g.edgeLabel')).map((g) => (g.querySelector('foreignObject') ?? g).textContent?.trim()),
    message: getComputedStyle(document.querySelector('.message')!).display,
    tooltip: document.querySelector('path[data-netlens-edge="e3"] > title')?.textContent,
  }));
  // The tooltip carries the deciding rules and the engine's caveats (here: the broker's 0.0.0.0/0 ipBlock rule).
  assert.match(drawn.tooltip ?? '', /^TCP 5432, allowed by:\n {2}brokkr\/brokkr-broker \(egress rule 0\)\n {2}brokkr\/postgresql \(ingress rule 0\)\nNote: ipBlock 0\.0\.0\.0\/0 of brokkr\/brokkr-broker may cover pod IPs/);
  assert.deepEqual(drawn.nodes.sort(), view.graph.nodes.map((n) => n.id).sort());
  assert.deepEqual(drawn.edges.sort(), view.graph.edges.map((e) => e.id).sort());
  assert.deepEqual(drawn.labels.sort(), view.graph.edges.map((e) => e.label).sort());
  assert.equal(drawn.message, 'none');
  // Click-through: a node asks for focus mode on it, an edge label posts reveal(edge).
  await page.click('g.node[data-netlens-node="w_deployment__brokkr__brokkr_2d_broker"]');
  await page.click('g.label[data-netlens-edge="e3"]');
  const sent = (await outbox(page)).filter((m) => ['reveal', 'setOptions'].includes((m as { kind: string }).kind));
  assert.deepEqual(sent, [
    { kind: 'setOptions', options: { focus: { kind: 'node', id: 'w_deployment__brokkr__brokkr_2d_broker' } } },
    { kind: 'reveal', target: 'edge', id: 'e3' },
  ]);
  // Keyboard: focus a node and press Enter.
  await page.focus('g.node[data-netlens-node="w_statefulset__brokkr__postgresql"]');
  await page.keyboard.press('Enter');
  assert.deepEqual((await outbox(page)).at(-1), { kind: 'setOptions', options: { focus: { kind: 'node', id: 'w_statefulset__brokkr__postgresql' } } });
  // Theme: switching VS Code to dark re-renders with mermaid's dark theme.
  const before = await page.evaluate(() => Number(document.body.dataset.renderCount));
  await page.evaluate(() => document.body.classList.replace('vscode-light', 'vscode-dark'));
  await page.waitForFunction((n) => Number(document.body.dataset.renderCount) > n, before);
  assert.ok(await page.evaluate(() => (document.querySelector('.stage svg style')?.textContent ?? '').includes('#1f2020')), 'dark theme colours');
  await page.evaluate(() => document.body.classList.replace('vscode-dark', 'vscode-light'));
  await page.waitForFunction((n) => Number(document.body.dataset.renderCount) > n + 1, before);
  await page.evaluate(() => (document.querySelector('button.fit') as HTMLButtonElement).click());
  await screenshot(page, 'topology-preview.png');
  assert.deepEqual(problems.errors, []);
  await page.close();
});

test('injection: quotes, brackets, <script>, backticks and %% in names render as text and run nothing', async () => {
  const view = injectionView();
  const { page, problems } = await openPage(browser, 'vscode-dark');
  await render(page, updateOf(view, 1));
  const result = await page.evaluate(() => ({
    pwned: (window as unknown as { __pwned?: number }).__pwned,
    scripts: document.scripts.length,
    images: document.querySelectorAll('svg img, svg script').length,
    text: document.querySelector('.stage')?.textContent ?? '',
    nodes: document.querySelectorAll('g.node[data-netlens-node]').length,
  }));
  assert.equal(result.pwned, undefined);
  assert.equal(result.scripts, 1);
  assert.equal(result.images, 0);
  for (const name of EVIL) assert.ok(result.text.includes(name), `label text ${JSON.stringify(name)} in ${JSON.stringify(result.text)}`);
  assert.ok(result.text.includes('tenant`"]<b>'));
  assert.equal(result.nodes, 5);
  assert.deepEqual(problems.errors, []);
  await page.screenshot({ path: path.join(ARTIFACTS, 'topology-injection-dark.png') });
  await page.close();
});

test('an empty workspace shows a message, and text mermaid cannot parse shows a clear error, never a blank panel', async () => {
  const { page, problems } = await openPage(browser);
  const empty = topologyView(model([], []), { externalPeers: true });
  await render(page, updateOf(empty, 1));
  const msg = await page.evaluate(() => document.querySelector('.message')?.textContent);
  assert.match(msg ?? '', /^No workloads found/);
  await render(page, updateOf(brokkrView(), 2));
  const broken = { ...updateOf(brokkrView(), 3), mermaid: 'flowchart LR\n  a -->|"x| b\n  subgraph\n' } as const;
  await render(page, broken);
  const after = await page.evaluate(() => ({
    message: document.querySelector('.message')?.textContent ?? '',
    svgs: document.querySelectorAll('.stage svg').length,
    bomb: document.body.textContent?.includes('Syntax error in text') ?? false,
  }));
  assert.match(after.message, /^The graph could not be drawn \(/);
  assert.equal(after.svgs, 1, 'the previous drawing stays');
  assert.equal(after.bomb, false);
  assert.ok((await outbox(page)).some((m) => (m as { kind: string }).kind === 'renderError'));
  // Mermaid reports the parse error on the console itself; nothing else may.
  assert.deepEqual(problems.errors.filter((e) => !/Parse error|Syntax error|Expecting|Lexical error|UnknownDiagramError/i.test(e)), []);
  await page.close();
});
