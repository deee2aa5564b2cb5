// Webview script of the topology preview: the page layout, the messages from the extension, and the glue
// between the toolbar, search, focus mode, diff list, rendering (renderer.ts) and zoom/pan (viewport.ts).
import { parseToWebview, type PreviewNode, type PreviewOptions, type SearchEntry, type ToWebview } from '../client/src/preview/messages.ts';
import { FlowsPanel } from './preview/flows.ts';
import { el, loadState, post, saveState } from './preview/host.ts';
import { Renderer } from './preview/renderer.ts';
import { SearchBox } from './preview/search.ts';
import { Toolbar } from './preview/toolbar.ts';
import { Viewport } from './preview/viewport.ts';
import { wire } from './preview/wire.ts';

type Update = Extract<ToWebview, { kind: 'update' }>;

const saved = loadState();
let current: Update | undefined;
let renders = 0;

const app = document.getElementById('app') ?? document.body;
const focusBar = el('div', 'focusbar');
const banner = el('div', 'banner');
const messageBox = el('div', 'message');
const main = el('div', 'main');
const viewportEl = el('div', 'viewport');
const stage = el('div', 'stage');
viewportEl.append(stage);
const viewport = new Viewport(viewportEl, stage, saved.view);
const flows = new FlowsPanel((edge) => {
  stage.querySelectorAll('.netlens-highlight').forEach((n) => n.classList.remove('netlens-highlight'));
  if (edge) stage.querySelectorAll(`[data-netlens-edge="${edge}"]`).forEach((n) => n.classList.add('netlens-highlight'));
});
main.append(viewportEl, flows.element);
const search = new SearchBox(pickSearch);
const svgText = () => {
  const svg = stage.querySelector('svg');
  return svg ? new XMLSerializer().serializeToString(svg) : undefined;
};
const toolbar = new Toolbar(search, viewport, setOptions, svgText);
app.append(toolbar.element, focusBar, banner, messageBox, main);
messageBox.textContent = 'Loading the topology…';
flows.show(undefined);
focusBar.style.display = 'none';
let overflow = false;
// A diff larger than the panel opens on its first change, not on whatever fits the corner.
viewport.anchor = () => (current?.diff ? stage.querySelector('path[data-diff="removed"], path[data-diff="added"]') : null);
viewport.onOverflow = (o) => {
  overflow = o;
  showBanner();
};

function setOptions(options: Partial<PreviewOptions>): void {
  post({ kind: 'setOptions', options });
}

function pickSearch(e: SearchEntry): void {
  if (e.kind === 'workload') setOptions({ focus: { kind: 'node', id: e.id }, compare: null });
  else if (e.kind === 'policy') setOptions({ focus: { kind: 'policy', name: e.id }, compare: null });
  // The way in is drawn with the external peers: focus turns them on, or the node would not be in the graph.
  else if (e.kind === 'gateway' || e.kind === 'route' || e.kind === 'ingress') setOptions({ focus: { kind: 'node', id: e.id }, externalPeers: true, compare: null });
  else setOptions({ namespaces: [e.id], expand: [e.id], focus: null, compare: null });
}

/** Esc: close the search list or the menu first, then leave focus mode (back to the view before it). */
document.addEventListener('keydown', (e) => {
  if (e.key !== 'Escape') return;
  if (toolbar.menuOpen) toolbar.closeMenu();
  else if (search.open) search.close();
  else if (current?.options.focus) setOptions({ focus: null });
});

function showMessage(text: string | undefined): void {
  messageBox.textContent = text ?? '';
  messageBox.style.display = text ? 'block' : 'none';
}

function showBanner(): void {
  const u = current;
  const parts: string[] = [];
  if (u?.collapsed && !u.diff) parts.push(`Large graph: namespaces${u.nodes.some((n) => n.kind === 'gateway') ? ' and gateway routes' : ''} are folded. Click one to open it.`);
  if (overflow) parts.push('Larger than the panel at a readable size: drag to pan, or search (/) to focus on one workload.');
  banner.textContent = parts.join(' ');
  banner.style.display = parts.length > 0 ? 'block' : 'none';
}

function focusLabel(u: Update): string | undefined {
  const f = u.options.focus;
  if (!f) return undefined;
  if (f.kind === 'policy') return `policy ${f.name}`;
  return u.search?.find((s) => s.kind === 'workload' && s.id === f.id)?.label ?? u.nodes.find((n) => n.id === f.id)?.label ?? f.id;
}

function showFocusBar(u: Update): void {
  const label = focusLabel(u);
  focusBar.style.display = label ? '' : 'none';
  if (!label) return focusBar.replaceChildren();
  const f = u.options.focus;
  const what = f?.kind === 'policy' ? 'the flows it decides' : 'its inbound and outbound flows';
  const back = el('button', 'back', 'Back (Esc)');
  back.addEventListener('click', () => setOptions({ focus: null }));
  const children: HTMLElement[] = [el('span', 'focus-text', `Focus: ${label} — ${what}, with the rules that allow them`)];
  if (f?.kind === 'node' && u.nodes.find((n) => n.id === f.id)?.navigable) {
    const open = el('button', 'open-manifest', 'Open manifest');
    open.addEventListener('click', () => post({ kind: 'reveal', target: 'node', id: f.id }));
    children.push(open);
  }
  focusBar.replaceChildren(...children, back);
}

/** Views that share a zoom and position (an edit keeps them; a new focus or expansion refits). */
function viewKey(o: PreviewOptions): string {
  return JSON.stringify([o.scope, o.namespaces, o.expand, o.focus ?? null, o.compare ?? null]);
}

function activateNode(n: PreviewNode): void {
  const u = current;
  if (!u) return;
  if (n.kind === 'namespace' && n.namespace) return setOptions({ expand: [n.namespace], focus: null });
  // A folded gateway opens into its routes (its node id joins the expanded list; namespaces stay as they are).
  if (n.kind === 'gateway' && u.collapsed && !u.options.expand.includes(n.id)) return setOptions({ expand: [...u.options.expand, n.id], focus: null });
  const f = u.options.focus;
  if (u.diff || (f?.kind === 'node' && f.id === n.id)) {
    if (n.navigable) post({ kind: 'reveal', target: 'node', id: n.id });
    return;
  }
  setOptions({ focus: { kind: 'node', id: n.id } });
}

function nodeAction(n: PreviewNode): string | undefined {
  const u = current;
  if (n.kind === 'namespace') return `Expand namespace ${n.label}`;
  if (n.kind === 'gateway' && u?.collapsed && !u.options.expand.includes(n.id)) return `Show the routes of ${n.label}`;
  if (u?.diff) return n.navigable ? `Go to ${n.label}` : undefined;
  const f = u?.options.focus;
  if (f?.kind === 'node' && f.id === n.id) return n.navigable ? `Go to ${n.label}` : undefined;
  return `Focus on ${n.label}`;
}

const renderer = new Renderer<Update>(
  (svg, svgId, u) => {
    stage.replaceChildren(svg);
    wire(svg, svgId, u.nodes, u.edges, {
      node: activateNode,
      edge: (e) => post({ kind: 'reveal', target: 'edge', id: e.id }),
      nodeAction,
      dragging: () => viewport.dragging,
    });
    if (u.diff) for (const [id, s] of Object.entries(u.diff.edgeStatus)) svg.querySelectorAll(`[data-netlens-edge="${id}"]`).forEach((n) => n.setAttribute('data-diff', s));
    showMessage(u.message);
    const key = viewKey(u.options);
    if (viewport.view && loadState().viewKey === key) viewport.apply();
    else viewport.fit();
    saveState({ viewKey: key });
  },
  (message) => {
    showMessage(`The graph could not be drawn (${message.split('\n')[0]}). The rest of NetLens keeps working; the output channel has details.`);
    post({ kind: 'renderError', message });
  },
  (u) => {
    if (u.nodes.length > 0) return false;
    stage.replaceChildren();
    showMessage(u.message ?? 'Nothing to draw.');
    return true;
  },
  (u, ms) => {
    document.body.dataset.renderCount = String(++renders);
    document.body.dataset.renderedSeq = String(u.seq);
    document.body.dataset.renderMs = String(Math.round(ms));
  },
);

window.addEventListener('message', (e: MessageEvent) => {
  const m = parseToWebview(e.data);
  if (!m) return;
  if (m.kind === 'update') {
    if (current && m.seq < current.seq) return;
    current = m;
    saveState({ options: m.options });
    toolbar.update(m);
    search.setEntries(m.search ?? []);
    showFocusBar(m);
    flows.show(m.diff);
    showBanner();
    renderer.schedule({ mermaid: m.mermaid, data: m });
  } else if (m.kind === 'error') {
    showMessage(m.message);
  } else if (m.kind === 'requestSvg') {
    const svg = svgText();
    if (svg) post({ kind: 'svg', svg });
  }
});

post({ kind: 'ready' });
