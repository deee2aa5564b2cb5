// Zoom and pan as a CSS transform on the stage: fit never shrinks labels below a readable size, a fitted view
// refits when the panel resizes, and a placed view is kept across updates of the same view.
import { saveState, type ViewState } from './host.ts';

/** Mermaid draws node labels at this size (set in the renderer's theme). */
export const LABEL_PX = 16;
/** Labels stay at 12 px or more on screen: fit stops at this scale and the graph is panned instead. */
export const MIN_SCALE = 12 / LABEL_PX;
const MAX_FIT_SCALE = 1.5;

export class Viewport {
  view: ViewState | undefined;
  /** Set when the fitted graph is larger than the panel at the smallest readable scale. */
  onOverflow: (overflow: boolean) => void = () => undefined;
  /** What a fit that cannot show everything centres on (the diff's first change), if anything. */
  anchor: () => Element | null = () => null;
  private drag: { x: number; y: number; moved: boolean } | undefined;

  constructor(
    readonly element: HTMLElement,
    readonly stage: HTMLElement,
    saved: ViewState | undefined,
  ) {
    this.view = saved;
    element.addEventListener('wheel', (e) => this.wheel(e), { passive: false });
    element.addEventListener('pointerdown', (e) => (this.drag = { x: e.clientX, y: e.clientY, moved: false }));
    window.addEventListener('pointermove', (e) => this.pointerMove(e));
    window.addEventListener('pointerup', () => setTimeout(() => (this.drag = undefined), 0));
    // The side bar closing, the panel split changing: a fitted graph fits again.
    new ResizeObserver(() => {
      if (this.view?.auto !== false && this.stage.querySelector('svg')) this.fit();
    }).observe(element);
  }

  /** A click that ended a drag is not a click. */
  get dragging(): boolean {
    return this.drag?.moved === true;
  }

  apply(): void {
    if (!this.view) return;
    this.stage.style.transform = `translate(${this.view.x}px, ${this.view.y}px) scale(${this.view.scale})`;
    document.body.dataset.scale = String(this.view.scale);
    saveState({ view: this.view });
  }

  fit(): void {
    const svg = this.stage.querySelector('svg');
    if (!svg) return;
    const w = svg.width.baseVal.value || 1;
    const h = svg.height.baseVal.value || 1;
    const vw = this.element.clientWidth || 800;
    const vh = this.element.clientHeight || 600;
    const wanted = Math.min(vw / w, vh / h) * 0.95;
    const scale = Math.min(MAX_FIT_SCALE, Math.max(MIN_SCALE, wanted));
    const overflow = wanted < MIN_SCALE;
    // Too large to read whole: start at the top left corner (where the first namespace is), not the middle.
    const x = w * scale <= vw ? (vw - w * scale) / 2 : 8;
    const y = h * scale <= vh ? (vh - h * scale) / 2 : 8;
    this.view = { scale, x, y, auto: true };
    this.onOverflow(overflow);
    this.apply();
    const anchor = overflow ? this.anchor() : null;
    if (anchor) this.centerOn(anchor);
  }

  /** Pans (keeping the scale) so that this element of the drawing is in the middle of the panel. */
  centerOn(target: Element): void {
    if (!this.view) return;
    const r = target.getBoundingClientRect();
    const box = this.element.getBoundingClientRect();
    const dx = box.left + box.width / 2 - (r.left + r.width / 2);
    const dy = box.top + box.height / 2 - (r.top + r.height / 2);
    this.view = { ...this.view, x: this.view.x + dx, y: this.view.y + dy };
    this.apply();
  }


  zoomAt(factor: number, cx: number, cy: number): void {
    const v = this.view ?? { scale: 1, x: 0, y: 0 };
    const scale = Math.min(8, Math.max(0.05, v.scale * factor));
    this.view = { scale, x: cx - ((cx - v.x) * scale) / v.scale, y: cy - ((cy - v.y) * scale) / v.scale, auto: false };
    this.apply();
  }

  zoomCenter(factor: number): void {
    this.zoomAt(factor, this.element.clientWidth / 2, this.element.clientHeight / 2);
  }

  private wheel(e: WheelEvent): void {
    e.preventDefault();
    const r = this.element.getBoundingClientRect();
    if (e.ctrlKey || e.metaKey) this.zoomAt(e.deltaY < 0 ? 1.1 : 0.9, e.clientX - r.left, e.clientY - r.top);
    else this.panBy(-e.deltaX, -e.deltaY);
  }

  private panBy(dx: number, dy: number): void {
    const v = this.view ?? { scale: 1, x: 0, y: 0 };
    this.view = { ...v, x: v.x + dx, y: v.y + dy, auto: false };
    this.apply();
  }

  private pointerMove(e: PointerEvent): void {
    if (!this.drag || (e.buttons & 1) === 0) return;
    const dx = e.clientX - this.drag.x;
    const dy = e.clientY - this.drag.y;
    if (!this.drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
    this.drag = { x: e.clientX, y: e.clientY, moved: true };
    this.panBy(dx, dy);
  }
}
