// Webview script of the topology preview: renders the server's Mermaid text with the bundled mermaid (ELK
// layout), offscreen then swapped in (no flicker), with zoom/pan kept across updates, click-through and export.
import mermaid from 'mermaid';
import { parseToWebview, type FromWebview, type PreviewOptions, type ToWebview } from '../client/src/preview/messages.ts';

type Update = Extract<ToWebview, { kind: 'update' }>;

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare const acquireVsCodeApi: (() => VsCodeApi) | undefined;

interface ViewState {
  scale: number;
  x: number;
  y: number;
}

interface SavedState {
  options?: PreviewOptions;
  view?: ViewState;
}

// Outside VS Code (the render test harness) messages go to an outbox the test can read.
const vscode: VsCodeApi =
  typeof acquireVsCodeApi === 'function'
    ? acquireVsCodeApi()
    : {
        postMessage: (m) => ((window as unknown as { __netlensOutbox: unknown[] }).__netlensOutbox ??= []).push(m),
        getState: () => undefined,
        setState: () => undefined,
      };

const post = (m: FromWebview) => vscode.postMessage(m);
const saved = (vscode.getState() ?? {}) as SavedState;
let view: ViewState | undefined = saved.view;
let current: Update | undefined;

// ---- DOM (built here with textContent only: nothing from the workspace is parsed as HTML except mermaid's SVG) ----
function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

const app = document.getElementById('app') ?? document.body;
const toolbar = el('div', 'toolbar');
const scopeBtn = el('button', 'scope', 'Scope: workspace');
scopeBtn.title = 'Switch between the namespaces of the current file and the whole workspace';
const nsSelect = el('select', 'namespaces');
nsSelect.title = 'Show one namespace';
const extLabel = el('label', 'externals');
const extBox = el('input');
extBox.type = 'checkbox';
extLabel.append(extBox, document.createTextNode(' External peers'));
const collapseBtn = el('button', 'collapse', 'Collapse');
collapseBtn.title = 'Back to the namespace overview';
const zoomOut = el('button', 'zoom-out', '−');
const fitBtn = el('button', 'fit', 'Fit');
const zoomIn = el('button', 'zoom-in', '+');
const copyBtn = el('button', 'copy', 'Copy Mermaid');
const mdBtn = el('button', 'save-md', 'Save Markdown');
const svgBtn = el('button', 'save-svg', 'Save SVG');
const status = el('span', 'status');
toolbar.append(scopeBtn, nsSelect, extLabel, collapseBtn, zoomOut, fitBtn, zoomIn, copyBtn, mdBtn, svgBtn, status);
const banner = el('div', 'banner');
const messageBox = el('div', 'message');
const viewport = el('div', 'viewport');
const stage = el('div', 'stage');
viewport.append(stage);
app.append(toolbar, banner, messageBox, viewport);
messageBox.textContent = 'Loading the topology…';

function setOptions(options: Partial<PreviewOptions>) {
  post({ kind: 'setOptions', options });
}
scopeBtn.addEventListener('click', () => setOptions({ scope: current?.options.scope === 'file' ? 'workspace' : 'file' }));
nsSelect.addEventListener('change', () => setOptions({ namespaces: nsSelect.value ? [nsSelect.value] : [] }));
extBox.addEventListener('change', () => setOptions({ externalPeers: extBox.checked }));
collapseBtn.addEventListener('click', () => setOptions({ expand: [] }));
copyBtn.addEventListener('click', () => post({ kind: 'copyMermaid' }));
mdBtn.addEventListener('click', () => post({ kind: 'saveMarkdown' }));
svgBtn.addEventListener('click', () => {
  const svg = stage.querySelector('svg');
  if (svg) post({ kind: 'svg', svg: new XMLSerializer().serializeToString(svg) });
});

// ---- zoom and pan: a CSS transform on the stage, kept across updates and saved with the webview state ----
function applyView() {
  if (!view) return;
  stage.style.transform = `translate(${view.x}px, ${view.y}px) scale(${view.scale})`;
  vscode.setState({ ...(vscode.getState() as SavedState | undefined), view } satisfies SavedState);
}

function fit() {
  const svg = stage.querySelector('svg');
  if (!svg) return;
  const w = svg.width.baseVal.value || 1;
  const h = svg.height.baseVal.value || 1;
  const vw = viewport.clientWidth || 800;
  const vh = viewport.clientHeight || 600;
  const scale = Math.min(2, Math.max(0.05, Math.min(vw / w, vh / h) * 0.95));
  view = { scale, x: (vw - w * scale) / 2, y: Math.max(0, (vh - h * scale) / 2) };
  applyView();
}

function zoomAt(factor: number, cx: number, cy: number) {
  const v = view ?? { scale: 1, x: 0, y: 0 };
  const scale = Math.min(8, Math.max(0.05, v.scale * factor));
  view = { scale, x: cx - ((cx - v.x) * scale) / v.scale, y: cy - ((cy - v.y) * scale) / v.scale };
  applyView();
}
zoomIn.addEventListener('click', () => zoomAt(1.25, viewport.clientWidth / 2, viewport.clientHeight / 2));
zoomOut.addEventListener('click', () => zoomAt(0.8, viewport.clientWidth / 2, viewport.clientHeight / 2));
fitBtn.addEventListener('click', fit);
viewport.addEventListener(
  'wheel',
  (e) => {
    e.preventDefault();
    const r = viewport.getBoundingClientRect();
    if (e.ctrlKey || e.metaKey) zoomAt(e.deltaY < 0 ? 1.1 : 0.9, e.clientX - r.left, e.clientY - r.top);
    else {
      const v = view ?? { scale: 1, x: 0, y: 0 };
      view = { ...v, x: v.x - e.deltaX, y: v.y - e.deltaY };
      applyView();
    }
  },
  { passive: false },
);
let drag: { x: number; y: number; moved: boolean } | undefined;
viewport.addEventListener('pointerdown', (e) => {
  drag = { x: e.clientX, y: e.clientY, moved: false };
});
window.addEventListener('pointermove', (e) => {
  if (!drag || (e.buttons & 1) === 0) return;
  const dx = e.clientX - drag.x;
  const dy = e.clientY - drag.y;
  if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
  drag = { x: e.clientX, y: e.clientY, moved: true };
  const v = view ?? { scale: 1, x: 0, y: 0 };
  view = { ...v, x: v.x + dx, y: v.y + dy };
  applyView();
});
window.addEventListener('pointerup', () => setTimeout(() => (drag = undefined), 0));

// ---- theme: VS Code puts vscode-light / vscode-dark / vscode-high-contrast(-light) on <body> ----
function themeConfig() {
  const cls = document.body.classList;
  const dark = cls.contains('vscode-dark') || (cls.contains('vscode-high-contrast') && !cls.contains('vscode-high-contrast-light'));
  const css = getComputedStyle(document.body);
  const font = css.getPropertyValue('--vscode-font-family').trim() || 'sans-serif';
  return { theme: dark ? ('dark' as const) : ('default' as const), themeVariables: { fontFamily: font } };
}

function initMermaid() {
  mermaid.initialize({
    startOnLoad: false,
    securityLevel: 'strict',
    layout: 'elk',
    maxTextSize: 2_000_000,
    maxEdges: 20_000,
    flowchart: { htmlLabels: true, useMaxWidth: false },
    ...themeConfig(),
  });
}
initMermaid();
new MutationObserver(() => {
  initMermaid();
  if (current) schedule(current);
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });

// ---- rendering: one at a time, latest wins, offscreen first then swapped in ----
let rendering = false;
let pending: Update | undefined;
let renderCount = 0;

function schedule(u: Update) {
  pending = u;
  if (!rendering) void drain();
}

async function drain() {
  rendering = true;
  while (pending) {
    const u = pending;
    pending = undefined;
    await render(u);
  }
  rendering = false;
}

function showMessage(text: string | undefined) {
  messageBox.textContent = text ?? '';
  messageBox.style.display = text ? 'block' : 'none';
}

async function render(u: Update) {
  const t0 = performance.now();
  updateToolbar(u);
  if (u.nodes.length === 0) {
    stage.replaceChildren();
    showMessage(u.message ?? 'Nothing to draw.');
    done(u, t0);
    return;
  }
  try {
    const svgId = `netlens-graph-${++renderCount}`;
    const { svg } = await mermaid.render(svgId, u.mermaid);
    const holder = document.createElement('div');
    holder.innerHTML = svg; // mermaid's own output, sanitized by it (securityLevel strict)
    const node = holder.querySelector('svg');
    if (!node) throw new Error('mermaid produced no SVG');
    const vb = node.viewBox.baseVal;
    node.removeAttribute('style');
    node.setAttribute('width', String(vb.width));
    node.setAttribute('height', String(vb.height));
    stage.replaceChildren(node);
    wire(node, svgId, u);
    showMessage(u.message);
    if (view) applyView();
    else fit();
  } catch (err) {
    // Never a blank panel or mermaid's bomb icon: keep the last drawing and say what happened.
    document.querySelectorAll('[id^="dnetlens-graph-"]').forEach((n) => n.remove());
    const text = err instanceof Error ? err.message : String(err);
    showMessage(`The graph could not be drawn (${text.split('\n')[0]}). The rest of NetLens keeps working; the output channel has details.`);
    post({ kind: 'renderError', message: text });
  }
  done(u, t0);
}

let renders = 0;

function done(u: Update, t0: number) {
  document.body.dataset.renderCount = String(++renders);
  document.body.dataset.renderedSeq = String(u.seq);
  document.body.dataset.renderMs = String(Math.round(performance.now() - t0));
}

function updateToolbar(u: Update) {
  scopeBtn.textContent = u.options.scope === 'file' ? 'Scope: this file' : 'Scope: workspace';
  const chosen = u.options.namespaces[0] ?? '';
  const opts = [el('option', undefined, 'All namespaces'), ...u.namespaces.map((n) => el('option', undefined, n))];
  opts[0]!.value = '';
  u.namespaces.forEach((n, i) => (opts[i + 1]!.value = n));
  nsSelect.replaceChildren(...opts);
  nsSelect.value = chosen;
  extBox.checked = u.options.externalPeers;
  collapseBtn.style.display = u.collapsed && u.options.expand.length > 0 ? '' : 'none';
  const c = u.counts;
  status.textContent = `${count(c.workloads, 'workload')} · ${count(c.namespaces, 'namespace')} · ${count(c.edges, 'flow')}${u.source ? ` · ${u.source}` : ''}`;
  banner.textContent = u.collapsed ? 'Large graph: namespaces are folded. Click a namespace to expand it.' : '';
  banner.style.display = u.collapsed ? 'block' : 'none';
}

/** Focusable with Tab, activated with Enter or Space, named for screen readers. */
function keyboard(el: SVGElement, label: string, activate: () => void) {
  el.setAttribute('tabindex', '0');
  el.setAttribute('role', 'button');
  el.setAttribute('aria-label', label);
  el.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      activate();
    }
  });
}

/**
 * Mermaid names node groups `<svgId>-flowchart-<nodeId>-<n>` and edge paths `<svgId>-<edgeId>` (our ids are
 * letters, digits and `_`, so they parse back unambiguously); edge labels carry `data-id` = edge id.
 */
function wire(svg: SVGSVGElement, svgId: string, u: Update) {
  const nodes = new Map(u.nodes.map((n) => [n.id, n]));
  const edges = new Map(u.edges.map((e) => [e.id, e]));
  const nodePrefix = `${svgId}-flowchart-`;
  svg.querySelectorAll<SVGGElement>('g.node').forEach((g) => {
    if (!g.id.startsWith(nodePrefix)) return;
    const id = g.id.slice(nodePrefix.length).replace(/-\d+$/, '');
    const n = nodes.get(id);
    if (!n) return;
    g.dataset.netlensNode = id;
    if (n.kind !== 'namespace' && !n.navigable) return;
    g.classList.add('netlens-clickable');
    const activate = () => {
      if (drag?.moved) return;
      if (n.kind === 'namespace' && n.namespace) setOptions({ expand: [n.namespace] });
      else post({ kind: 'reveal', target: 'node', id });
    };
    keyboard(g, n.kind === 'namespace' ? `Expand namespace ${n.label}` : `Go to ${n.label}`, activate);
    g.addEventListener('click', activate);
  });
  const clickEdge = (el: SVGElement, id: string) => {
    el.dataset.netlensEdge = id;
    const detail = edges.get(id)?.detail;
    if (detail) {
      const title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
      title.textContent = detail; // text only: rule names and caveats come from the workspace
      el.append(title);
    }
    if (!edges.get(id)?.navigable) return;
    el.classList.add('netlens-clickable');
    const activate = () => !drag?.moved && post({ kind: 'reveal', target: 'edge', id });
    if (el.tagName.toLowerCase() === 'g') keyboard(el, `Go to the rule that allows ${edges.get(id)?.label ?? 'this flow'}`, activate);
    el.addEventListener('click', activate);
  };
  svg.querySelectorAll<SVGPathElement>('path.flowchart-link').forEach((p) => {
    const id = p.id.startsWith(`${svgId}-`) ? p.id.slice(svgId.length + 1) : '';
    if (edges.has(id)) clickEdge(p, id);
  });
  svg.querySelectorAll<SVGGElement>('g.edgeLabel > g.label[data-id]').forEach((g) => {
    const id = g.dataset.id ?? '';
    if (edges.has(id)) clickEdge(g, id);
  });
}

window.addEventListener('message', (e: MessageEvent) => {
  const m = parseToWebview(e.data);
  if (!m) return;
  if (m.kind === 'update') {
    if (current && m.seq < current.seq) return;
    current = m;
    vscode.setState({ ...(vscode.getState() as SavedState | undefined), options: m.options } satisfies SavedState);
    schedule(m);
  } else if (m.kind === 'error') {
    showMessage(m.message);
  } else if (m.kind === 'requestSvg') {
    const svg = stage.querySelector('svg');
    if (svg) post({ kind: 'svg', svg: new XMLSerializer().serializeToString(svg) });
  }
});

post({ kind: 'ready' });

/** `1 flow`, `3 flows`. */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
