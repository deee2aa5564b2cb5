// Mermaid (bundled, ELK layout) rendering: one render at a time, latest wins, drawn offscreen then swapped in,
// themed from VS Code's body classes and re-rendered when the theme changes.
import mermaid from 'mermaid';
import { LABEL_PX } from './viewport.ts';

function themeConfig() {
  const cls = document.body.classList;
  const dark = cls.contains('vscode-dark') || (cls.contains('vscode-high-contrast') && !cls.contains('vscode-high-contrast-light'));
  const css = getComputedStyle(document.body);
  const font = css.getPropertyValue('--vscode-font-family').trim() || 'sans-serif';
  return { theme: dark ? ('dark' as const) : ('default' as const), themeVariables: { fontFamily: font, fontSize: `${LABEL_PX}px` } };
}

function initMermaid(): void {
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

export interface RenderJob<T> {
  mermaid: string;
  data: T;
}

/**
 * Renders jobs in order, dropping superseded ones. `draw` gets the SVG element (not yet in the page) and
 * places it; `fail` gets mermaid's error (the previous drawing stays).
 */
export class Renderer<T> {
  private rendering = false;
  private pending: RenderJob<T> | undefined;
  private last: RenderJob<T> | undefined;
  private count = 0;

  constructor(
    private readonly draw: (svg: SVGSVGElement, svgId: string, data: T) => void,
    private readonly fail: (message: string, data: T) => void,
    private readonly skip: (data: T) => boolean,
    private readonly finished: (data: T, ms: number) => void,
  ) {
    initMermaid();
    new MutationObserver(() => {
      initMermaid();
      if (this.last) this.schedule(this.last);
    }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }

  schedule(job: RenderJob<T>): void {
    this.pending = job;
    this.last = job;
    if (!this.rendering) void this.drain();
  }

  private async drain(): Promise<void> {
    this.rendering = true;
    while (this.pending) {
      const job = this.pending;
      this.pending = undefined;
      await this.render(job);
    }
    this.rendering = false;
  }

  private async render(job: RenderJob<T>): Promise<void> {
    const t0 = performance.now();
    if (this.skip(job.data)) {
      this.finished(job.data, performance.now() - t0);
      return;
    }
    try {
      const svgId = `netlens-graph-${++this.count}`;
      const { svg } = await mermaid.render(svgId, job.mermaid);
      const holder = document.createElement('div');
      holder.innerHTML = svg; // mermaid's own output, sanitized by it (securityLevel strict)
      const node = holder.querySelector('svg');
      if (!node) throw new Error('mermaid produced no SVG');
      const vb = node.viewBox.baseVal;
      node.removeAttribute('style');
      node.setAttribute('width', String(vb.width));
      node.setAttribute('height', String(vb.height));
      this.draw(node, svgId, job.data);
    } catch (err) {
      // Never a blank panel or mermaid's bomb icon: keep the last drawing and say what happened.
      document.querySelectorAll('[id^="dnetlens-graph-"]').forEach((n) => n.remove());
      this.fail(err instanceof Error ? err.message : String(err), job.data);
    }
    this.finished(job.data, performance.now() - t0);
  }
}
