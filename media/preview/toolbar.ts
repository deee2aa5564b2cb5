// The toolbar, always one line: search, namespace, zoom and a status; everything else in the "⋯" menu.
import { countsLine } from '../../client/src/preview/counts.ts';
import type { PreviewOptions, ToWebview } from '../../client/src/preview/messages.ts';
import { el, post } from './host.ts';
import type { SearchBox } from './search.ts';
import type { Viewport } from './viewport.ts';

type Update = Extract<ToWebview, { kind: 'update' }>;

/** What the arrows and borders mean (the same words as the CLI's Markdown legend). */
const LEGEND: readonly [string, string][] = [
  ['──▶', 'a flow a policy rule allows, with its ports'],
  ['┈┈▶', 'allowed at L4, narrowed by Cilium L7 rules (HTTP, Kafka, DNS): only what they name passes the proxy'],
  ['━━▶', 'the way in: entry → route → Service → pods'],
  ['┈┈✕', 'dropped by a policy, a route no listener takes, or a rule that allows nothing'],
  ['▢', 'border: green isolated in and out · amber one way · red dashed open'],
];

function legend(): HTMLElement {
  const box = el('div', 'legend');
  box.setAttribute('aria-label', 'Legend');
  for (const [sign, text] of LEGEND) {
    const row = el('div', 'legend-row');
    row.append(el('span', 'legend-sign', sign), el('span', undefined, text));
    box.append(row);
  }
  return box;
}

export class Toolbar {
  readonly element = el('div', 'toolbar');
  private readonly nsSelect = el('select', 'namespaces');
  private readonly status = el('span', 'status');
  private readonly menuButton = el('button', 'more', '⋯');
  private readonly menu = el('div', 'menu');
  private readonly scopeBtn = el('button', 'scope', 'Scope: workspace');
  private readonly extBox = el('input');
  private readonly dnsBox = el('input');
  private readonly collapseBtn = el('button', 'collapse', 'Back to the namespace overview');
  private readonly compareBtn = el('button', 'compare', 'Compare with a git revision…');
  private readonly exitBtn = el('button', 'exit-compare', 'Exit compare');
  private current: Update | undefined;

  constructor(
    search: SearchBox,
    viewport: Viewport,
    private readonly setOptions: (o: Partial<PreviewOptions>) => void,
    svgText: () => string | undefined,
  ) {
    this.nsSelect.title = 'Show one namespace';
    const zoomOut = el('button', 'zoom-out', '−');
    const fitBtn = el('button', 'fit', 'Fit');
    const zoomIn = el('button', 'zoom-in', '+');
    zoomOut.title = 'Zoom out';
    zoomIn.title = 'Zoom in';
    fitBtn.title = 'Fit the graph (labels stay readable: large graphs are panned, not shrunk)';
    this.menuButton.title = 'More actions';
    this.menuButton.setAttribute('aria-haspopup', 'true');
    this.menuButton.setAttribute('aria-expanded', 'false');
    this.exitBtn.title = 'Back to the topology';
    this.element.append(search.element, this.nsSelect, zoomOut, fitBtn, zoomIn, this.exitBtn, this.menuButton, this.status, this.menu);

    const check = (box: HTMLInputElement, text: string, cls: string) => {
      const label = el('label', cls);
      box.type = 'checkbox';
      label.append(box, document.createTextNode(` ${text}`));
      return label;
    };
    const copyBtn = el('button', 'copy', 'Copy Mermaid');
    const mdBtn = el('button', 'save-md', 'Save Markdown');
    const svgBtn = el('button', 'save-svg', 'Save SVG');
    this.menu.append(this.scopeBtn, check(this.extBox, 'External peers and the way in', 'externals'), check(this.dnsBox, 'DNS flows as arrows', 'dns'), this.collapseBtn, this.compareBtn, copyBtn, mdBtn, svgBtn, legend());
    this.menu.setAttribute('role', 'menu');
    this.closeMenu();

    this.nsSelect.addEventListener('change', () => setOptions({ namespaces: this.nsSelect.value ? [this.nsSelect.value] : [], focus: null }));
    zoomIn.addEventListener('click', () => viewport.zoomCenter(1.25));
    zoomOut.addEventListener('click', () => viewport.zoomCenter(0.8));
    fitBtn.addEventListener('click', () => viewport.fit());
    this.exitBtn.addEventListener('click', () => setOptions({ compare: null }));
    this.menuButton.addEventListener('click', () => (this.menu.style.display === 'none' ? this.openMenu() : this.closeMenu()));
    this.menu.addEventListener('click', (e) => {
      if (e.target instanceof HTMLButtonElement) this.closeMenu();
    });
    document.addEventListener('click', (e) => {
      if (!this.menu.contains(e.target as Node) && e.target !== this.menuButton) this.closeMenu();
    });
    this.scopeBtn.addEventListener('click', () => setOptions({ scope: this.current?.options.scope === 'file' ? 'workspace' : 'file', focus: null }));
    this.extBox.addEventListener('change', () => setOptions({ externalPeers: this.extBox.checked }));
    this.dnsBox.addEventListener('change', () => setOptions({ dnsEdges: this.dnsBox.checked }));
    this.collapseBtn.addEventListener('click', () => setOptions({ expand: [], focus: null }));
    this.compareBtn.addEventListener('click', () => post({ kind: 'pickCompare' }));
    copyBtn.addEventListener('click', () => post({ kind: 'copyMermaid' }));
    mdBtn.addEventListener('click', () => post({ kind: 'saveMarkdown' }));
    svgBtn.addEventListener('click', () => {
      const svg = svgText();
      if (svg) post({ kind: 'svg', svg });
    });
  }

  get menuOpen(): boolean {
    return this.menu.style.display !== 'none';
  }

  openMenu(): void {
    this.menu.style.display = '';
    this.menuButton.setAttribute('aria-expanded', 'true');
    this.menu.querySelector('button')?.focus();
  }

  closeMenu(): void {
    this.menu.style.display = 'none';
    this.menuButton.setAttribute('aria-expanded', 'false');
  }

  update(u: Update): void {
    this.current = u;
    const o = u.options;
    const diff = u.diff !== undefined;
    this.scopeBtn.textContent = o.scope === 'file' ? 'Scope: this file (switch to workspace)' : 'Scope: workspace (switch to this file)';
    const chosen = o.namespaces[0] ?? '';
    const opts = [el('option', undefined, 'All namespaces'), ...u.namespaces.map((n) => el('option', undefined, n))];
    opts[0]!.value = '';
    u.namespaces.forEach((n, i) => (opts[i + 1]!.value = n));
    this.nsSelect.replaceChildren(...opts);
    this.nsSelect.value = chosen;
    this.nsSelect.style.display = diff ? 'none' : '';
    this.extBox.checked = o.externalPeers;
    this.dnsBox.checked = o.dnsEdges === true;
    this.collapseBtn.style.display = u.collapsed && o.expand.length > 0 ? '' : 'none';
    this.exitBtn.style.display = diff ? '' : 'none';
    this.compareBtn.textContent = diff ? 'Compare with another revision…' : 'Compare with a git revision…';
    const c = u.counts;
    this.status.textContent = diff
      ? `Compared with ${u.diff?.base ?? ''}`
      : `${countsLine(c)}${u.source ? ` · ${u.source}` : ''}`;
    this.status.title = this.status.textContent;
  }
}
