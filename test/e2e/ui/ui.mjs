// Playwright UI test against the real workbench (code-server in headless chromium), with the installed .vsix:
// what a person sees. Screenshots go to OUTDIR (test-artifacts/). Prints "ui: N passed, N failed".
// usage: node ui.mjs SERVER_URL WORKSPACE_DIR OUTDIR
import { chromium } from 'playwright-core';
import os from 'node:os';
import fs from 'node:fs';

const [url, ws, out] = process.argv.slice(2);
fs.mkdirSync(out, { recursive: true });
const t0 = Date.now();
const lap = (m) => console.log(`  [${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);
const profile = fs.mkdtempSync((process.env.E2E_TMP || os.tmpdir()) + '/chrome-');
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.E2E_CHROMIUM || '/usr/bin/chromium', headless: true,
  viewport: { width: 1400, height: 860 }, deviceScaleFactor: 1,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
const page = ctx.pages()[0] ?? await ctx.newPage();
page.on('pageerror', (e) => lap('PAGEERROR ' + e.message));
const qi = page.locator('.quick-input-widget input');

async function command(title) {
  await page.keyboard.press('F1');
  await qi.waitFor();
  await qi.fill('>' + title);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

async function openFile(name, text) {
  await page.keyboard.press('Control+P');
  await qi.waitFor();
  await qi.fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.editor-instance .view-lines', { hasText: text }).first().waitFor();
}

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

test('workbench loads the workspace', async () => {
  await page.goto(`${url}/?folder=${encodeURIComponent(ws)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 90000 });
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'kustomization.yaml' }).waitFor({ timeout: 90000 });
  // the installed NetLens activated (workspaceContains YAML): its status item is in the status bar
  await page.locator('.statusbar-item', { hasText: 'NetLens' }).first().waitFor({ timeout: 90000 });
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } }).catch(() => {});
});

test('Get Started walkthrough shows its three steps', async () => {
  // the step media only shows when the editor is wide enough: hide the side bar meanwhile
  await command('View: Close Primary Side Bar');
  await command('Welcome: Open Walkthrough...');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Get Started with NetLens' }).first().click();
  const steps = page.locator('.getting-started-step .step-title');
  for (const title of ['Open a NetworkPolicy', 'Open the topology preview', 'Ask "can A reach B?"']) {
    await steps.filter({ hasText: title }).first().waitFor({ timeout: 30000 });
  }
  // the step's markdown media (media/walkthrough/*.md from the .vsix) renders in a webview beside the steps
  const media = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  await media.locator('h1', { hasText: 'Open a NetworkPolicy' }).waitFor({ timeout: 30000 });
  await page.screenshot({ path: `${out}/walkthrough.png` });
  await command('View: Close All Editors');
  await command('View: Toggle Primary Side Bar Visibility');
});

test('diagnostics: squiggle, Problems panel entry and hover on a broken policy', async () => {
  await openFile('broken.yaml', 'NetworkPolicy');
  await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 30000 });
  await page.keyboard.press('Control+Shift+M');
  const problem = page.locator('.markers-panel .monaco-tl-row', { hasText: 'invalid-protocol' }).first();
  await problem.waitFor({ timeout: 30000 });
  lap('Problems: ' + (await problem.innerText()).replace(/\s+/g, ' '));
  await page.locator('.markers-panel .monaco-tl-row', { hasText: 'invalid-port' }).first().waitFor();
  // hover the offending value: the diagnostic's message shows in the editor hover
  const token = page.locator('.editor-instance .view-lines span', { hasText: /^tcp$/ }).first();
  await token.hover();
  const hover = page.locator('.monaco-hover', { hasText: 'must be one of TCP, UDP, SCTP' }).first();
  await hover.waitFor({ timeout: 15000 });
  await page.screenshot({ path: `${out}/diagnostics-hover.png` });
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');
});

test('hover on podSelector lists the workloads a default-deny selects, beside its DNS warning', async () => {
  await openFile('default-deny.yaml', 'default-deny');
  await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: 30000 });
  const token = page.locator('.editor-instance .view-lines span', { hasText: /^podSelector$/ }).first();
  await token.hover();
  const hover = page.locator('.monaco-hover', { hasText: 'selects 3 workloads' }).first();
  await hover.waitFor({ timeout: 15000 });
  lap('hover: ' + (await hover.innerText()).replace(/\s+/g, ' ').slice(0, 160));
  await page.screenshot({ path: `${out}/diagnostics-hover.png` });
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');
});

test('"Can A reach B?" through its quick picks answers in the NetLens output', async () => {
  await command('NetLens: Can A reach B?');
  for (const pick of ['shop/frontend', 'shop/api']) {
    await page.locator('.quick-input-list .monaco-list-row', { hasText: pick }).first().waitFor({ timeout: 30000 });
    await qi.fill(pick);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: pick }).first().waitFor();
    await page.keyboard.press('Enter');
  }
  await page.locator('.quick-input-widget', { hasText: '3/3' }).waitFor();
  await qi.fill('8080');
  await page.screenshot({ path: `${out}/reach-port.png` });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  await command('NetLens: Show Output');
  const line = page.locator('.output-view .view-lines', { hasText: 'shop/frontend can reach shop/api on 8080' }).first();
  await line.waitFor({ timeout: 30000 });
  await page.locator('.output-view .view-lines', { hasText: 'allowed by shop/allow-frontend-to-api ingress[0]' }).first().waitFor();
  lap('reach verdict seen in the NetLens output channel');
});

test('topology preview renders the workspace graph as SVG in its webview', async () => {
  await command('View: Hide Panel');
  await openFile('allow-frontend-to-api.yaml', 'allow-frontend-to-api');
  await command('NetLens: Open Topology Preview to the Side');
  // webview = iframe.webview (host) -> iframe#active-frame (content); the last one is the newest panel
  const wv = page.frameLocator('iframe.webview.ready >> nth=-1').frameLocator('iframe#active-frame');
  const svg = wv.locator('svg g.node');
  for (const name of ['frontend', 'api', 'db', 'kube-dns']) await svg.filter({ hasText: name }).first().waitFor({ timeout: 60000 });
  const edge = wv.locator('svg .edgeLabel', { hasText: 'TCP 8080' }).first();
  await edge.waitFor({ timeout: 15000 });
  const nodes = (await svg.allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
  lap(`preview SVG nodes: ${nodes.join(' | ')}; rendered in ${await wv.locator('body').getAttribute('data-render-ms')} ms`);
  await page.screenshot({ path: `${out}/editor-topology-preview.png` });
});

// E2E_UI_GREP: run only the tests whose name matches (plus the first, which loads the workbench)
const only = process.env.E2E_UI_GREP ? new RegExp(process.env.E2E_UI_GREP) : undefined;
if (only) tests.splice(0, tests.length, ...tests.filter((t, i) => i === 0 || only.test(t.name)));
let passed = 0, failed = 0;
for (const t of tests) {
  const s = Date.now();
  try {
    await t.fn();
    passed++; console.log(`  ok   ui: ${t.name} (${Date.now() - s}ms)`);
  } catch (e) {
    failed++; console.log(`  FAIL ui: ${t.name}\n       ${String(e?.message ?? e).split('\n').slice(0, 4).join('\n       ')}`);
    await page.screenshot({ path: `${out}/failure-${passed + failed}.png` }).catch(() => {});
    if (passed === 0) break;   // the workbench did not load: nothing else can run
  }
}
await ctx.close();
fs.rmSync(profile, { recursive: true, force: true });
console.log(`ui: ${passed} passed, ${failed + (tests.length - passed - failed)} failed`);
process.exit(failed || passed < tests.length ? 1 : 0);
