// Drives the built webview page (dist/preview.js + media/preview.css, same HTML shell as the panel) in Debian's
// chromium through playwright-core; shared by the render test and the topology benchmark.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { previewHtml } from '../../client/src/preview/html.ts';
import { PREVIEW_COLLAPSE_ABOVE, PREVIEW_MAX_EDGES, type PreviewOptions, type ToWebview } from '../../client/src/preview/messages.ts';
import type { Model, WayInInput } from '../../server/src/core/index.ts';
import { arrowCounts, topologyView } from '../../server/src/core/topology/index.ts';
import type { TopologyView } from '../../server/src/core/topology/view.ts';
import { searchEntries } from '../../server/src/lsp/features/topology.ts';


export const ROOT = path.resolve(__dirname, '..', '..');
export const ARTIFACTS = path.join(ROOT, 'test-artifacts');
export const CHROMIUM = '/usr/bin/chromium';

export async function launch(): Promise<Browser> {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'preview.js'))) throw new Error('dist/preview.js is missing: run `node esbuild.mjs` first');
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

/** Writes the panel's HTML shell (file: URLs stand in for webview URIs) and returns its path. */
export function writeHarness(): string {
  const dir = path.join(ARTIFACTS, 'render');
  fs.mkdirSync(dir, { recursive: true });
  const webview = { cspSource: 'file:', asWebviewUri: (u: { toString(): string }) => u };
  const html = previewHtml(webview, pathToFileURL(path.join(ROOT, 'dist', 'preview.js')), pathToFileURL(path.join(ROOT, 'media', 'preview.css')), 'cmVuZGVydGVzdG5vbmNlMDE=');
  const file = path.join(dir, 'harness.html');
  // Written beside and renamed over: the render test files run in parallel processes (test/run.mjs), and a page that
  // loaded the file while another process had just truncated it to write it again stayed blank until its render
  // timed out (a CI run: no DOM, no console line, an empty screenshot). A rename never shows a half-written file.
  const tmp = path.join(dir, `harness.${process.pid}.tmp`);
  fs.writeFileSync(tmp, html);
  fs.renameSync(tmp, file);
  return file;
}

export interface Problems {
  errors: string[];
}

// Every console line of each page (all levels), for the message of a render that timed out: a render that never
// finishes is rare (seen once in CI) and leaves nothing to debug without the page's own account.
const CONSOLE = new WeakMap<Page, string[]>();

export async function openPage(browser: Browser, theme = 'vscode-light', size = { width: 1400, height: 800 }): Promise<{ page: Page; problems: Problems }> {
  const page = await browser.newPage({ viewport: size });
  const problems: Problems = { errors: [] };
  const lines: string[] = [];
  CONSOLE.set(page, lines);
  page.on('console', (m) => {
    lines.push(`${m.type()}: ${m.text()}`);
    if (m.type() === 'error') problems.errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.errors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) problems.errors.push(`network: ${r.url()}`);
  });
  await page.goto(pathToFileURL(writeHarness()).href);
  await page.evaluate((cls) => document.body.classList.add(cls), theme);
  return { page, problems };
}

/** The view the preview asks the server for (same options as client/src/preview/panel.ts sends). */
export function previewView(model: Model, options: Partial<PreviewOptions> = {}, wayIn?: WayInInput): TopologyView {
  const o = {
    externalPeers: options.externalPeers !== false,
    namespaces: options.namespaces ?? [],
    expand: options.expand ?? [],
    ...(options.focus ? { focus: options.focus } : {}),
    declutter: true,
    dnsEdges: options.dnsEdges === true,
    collapseAbove: PREVIEW_COLLAPSE_ABOVE,
    maxEdges: PREVIEW_MAX_EDGES,
  };
  return topologyView(model, o, { kind: 'workspace' }, wayIn);
}

/** An update as the panel posts it for the preview's own view, with the search entries. */
export function previewUpdate(model: Model, seq: number, options: Partial<PreviewOptions> = {}, wayIn?: WayInInput): ToWebview {
  const view = previewView(model, options, wayIn);
  const u = updateOf(view, seq, undefined, options);
  return { ...u, search: searchEntries(model, [...new Set(model.workloads.map((w) => w.namespace))].sort()) } as ToWebview;
}

/** The update the panel would post for this view (same mapping as client/src/preview/panel.ts). */
export function updateOf(view: TopologyView, seq: number, message?: string, options: Partial<PreviewOptions> = {}): ToWebview {
  const g = view.graph;
  return {
    kind: 'update',
    seq,
    mermaid: view.mermaid,
    nodes: g.nodes.map((n) => ({ id: n.id, label: n.label, kind: n.kind, ...(n.namespace ? { namespace: n.namespace } : {}), navigable: n.location !== undefined })),
    edges: g.edges.map((e) => ({
      id: e.id,
      from: e.from,
      to: e.to,
      label: e.label,
      navigable: e.rules.some((r) => r.uri !== undefined),
      detail: [`${e.label}, allowed by:`, ...e.rules.map((r) => `  ${r.policy} (${r.direction} rule ${r.ruleIndex})`), ...e.caveats.map((c) => `Note: ${c}`)].join('\n'),
    })),
    collapsed: g.collapsed,
    options: { scope: 'workspace', namespaces: [], externalPeers: true, expand: g.expanded, focus: null, dnsEdges: false, compare: null, ...options },
    namespaces: [...new Set(g.nodes.map((n) => n.namespace).filter((n): n is string => n !== undefined))].sort(),
    counts: { workloads: g.counts.workloads, namespaces: g.counts.namespaces, edges: g.counts.edges, policies: g.counts.policies, arrows: arrowCounts(g) },
    ...(message ?? view.message ? { message: message ?? view.message } : {}),
  };
}

/** Posts an update and waits until the page has rendered it; returns the page's own render time (ms). */
export async function render(page: Page, update: ToWebview, timeoutMs = 30_000): Promise<number> {
  const seq = update.kind === 'update' ? update.seq : -1;
  await page.evaluate((m) => window.postMessage(m, '*'), update);
  try {
    await page.waitForFunction((s) => document.body.dataset.renderedSeq === String(s), seq, { timeout: timeoutMs });
  } catch (err) {
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n${await renderState(page)}`);
  }
  return Number(await page.evaluate(() => document.body.dataset.renderMs));
}

/** What the page says about its renders (dataset, message, console), saved with a screenshot under test-artifacts/. */
async function renderState(page: Page): Promise<string> {
  const state = await page
    .evaluate(() => ({ dataset: { ...document.body.dataset }, message: document.querySelector('.message')?.textContent ?? null, svgs: document.querySelectorAll('svg').length }))
    .catch((e: unknown) => ({ unavailable: String(e) }));
  const shot = `render-timeout-${Date.now()}.png`;
  await screenshot(page, shot).catch(() => undefined);
  return `page state: ${JSON.stringify(state)}\nconsole:\n${(CONSOLE.get(page) ?? []).slice(-40).join('\n') || '(nothing)'}\nscreenshot: test-artifacts/${shot}`;
}

/**
 * Saves a screenshot under test-artifacts/; with NETLENS_SCREENSHOTS=1 also over the README's copy in
 * docs/images/ (tracked files change only on request).
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, name);
  await page.screenshot({ path: file });
  if (process.env.NETLENS_SCREENSHOTS === '1') {
    fs.mkdirSync(path.join(ROOT, 'docs', 'images'), { recursive: true });
    fs.copyFileSync(file, path.join(ROOT, 'docs', 'images', name));
  }
}

export async function outbox(page: Page): Promise<unknown[]> {
  return page.evaluate(() => (window as unknown as { __netlensOutbox?: unknown[] }).__netlensOutbox ?? []);
}
