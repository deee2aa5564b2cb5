// Render test of the way in (npm run test:render): examples/ with its Gateway starts folded with labels of 12 px
// or more at fit, the gateway opens into its routes by click, and the hop a policy drops is drawn red.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { FromWebview } from '../../client/src/preview/messages.ts';
import { buildModel, DEFAULT_OPTIONS, parseFile, wayInOf } from '../../server/src/core/index.ts';
import { ROOT, launch, openPage, outbox, previewUpdate, render, screenshot } from './page.ts';

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [path.join(dir, e.name)] : []));
}

/** examples/, plus `extra` open workloads (enough of them fold the preview: more than 20 nodes). */
function examples(extra = 0) {
  const texts = walk(path.join(ROOT, 'examples')).map((f) => [pathToFileURL(f).href, fs.readFileSync(f, 'utf8')] as const);
  const more = Array.from({ length: extra }, (_, i) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app-${i}, namespace: extra}\nspec:\n  selector: {matchLabels: {app: app-${i}}}\n  template:\n    metadata: {labels: {app: app-${i}}}\n    spec: {containers: [{name: c, image: x}]}\n`);
  if (extra > 0) texts.push(['file:///extra/apps.yaml', more.join('---\n')]);
  const files = new Map(texts.map(([uri, text]) => [uri, parseFile(uri, text, DEFAULT_OPTIONS)] as const));
  const model = buildModel([...files.values()], DEFAULT_OPTIONS);
  return { model, wayIn: wayInOf(model, files, DEFAULT_OPTIONS) };
}

async function smallestLabelPx(page: Page): Promise<number> {
  return page.evaluate(() => {
    const scale = Number(document.body.dataset.scale);
    return Math.min(...Array.from(document.querySelectorAll<HTMLElement>('.stage g.node .nodeLabel, .stage g.node text')).map((e) => parseFloat(getComputedStyle(e).fontSize) * scale));
  });
}

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('the way in at fit in a 1280x800 panel: routes drawn, labels 12 px or more, the hop a policy drops in red', async () => {
  const { model, wayIn } = examples();
  const { page, problems } = await openPage(browser, 'vscode-light', { width: 1280, height: 800 });
  await render(page, previewUpdate(model, 1, {}, wayIn));
  const routes = await page.evaluate(() => Array.from(document.querySelectorAll('g.node[data-netlens-node^="r_httproute__"]')).map((g) => (g as HTMLElement).dataset.netlensNode));
  assert.deepEqual(routes, ['r_httproute__gateway__prometheus', 'r_httproute__gateway__redirect_2d_to_2d_https', 'r_httproute__gateway__shop']);
  const px = await smallestLabelPx(page);
  assert.ok(px >= 12, `smallest label ${px.toFixed(1)} px`);
  // Envoy Gateway -> shop/frontend is dropped by the shop's policies: that edge is drawn red.
  const blocked = await page.evaluate(() => {
    const label = Array.from(document.querySelectorAll('g.edgeLabel')).find((g) => g.textContent?.includes('no rule admits Envoy Gateway'));
    const id = label?.querySelector<HTMLElement>('g.label[data-id]')?.dataset.id;
    const p = id ? document.querySelector(`path[data-netlens-edge="${id}"]`) : null;
    return p ? getComputedStyle(p).stroke : 'missing';
  });
  assert.equal(blocked, 'rgb(207, 34, 46)');
  await screenshot(page, 'topology-wayin.png');
  assert.deepEqual(problems.errors, []);
  await page.close();
});

test('a larger workspace starts folded: the gateway stands for its routes and opens them by click', async () => {
  const { model, wayIn } = examples(6);
  const { page, problems } = await openPage(browser, 'vscode-light', { width: 1280, height: 800 });
  await render(page, previewUpdate(model, 1, {}, wayIn));
  const folded = await page.evaluate(() => document.querySelector('g.node[data-netlens-node="g_gateway__edge"]')?.textContent ?? '');
  assert.match(folded, /Gateway gateway\/edge.*3 routes folded/s);
  assert.match(await page.evaluate(() => document.querySelector('.banner')?.textContent ?? ''), /namespaces and gateway routes are folded/);
  assert.ok((await smallestLabelPx(page)) >= 12);
  await page.click('g.node[data-netlens-node="g_gateway__edge"]');
  const sent = (await outbox(page)) as FromWebview[];
  assert.deepEqual(sent.filter((m) => m.kind === 'setOptions').at(-1), { kind: 'setOptions', options: { expand: ['g_gateway__edge'], focus: null } });
  await render(page, previewUpdate(model, 2, { expand: ['g_gateway__edge'] }, wayIn));
  assert.equal(await page.evaluate(() => document.querySelectorAll('g.node[data-netlens-node^="r_httproute__"]').length), 3);
  assert.ok((await smallestLabelPx(page)) >= 12);
  assert.deepEqual(problems.errors, []);
  await page.close();
});
