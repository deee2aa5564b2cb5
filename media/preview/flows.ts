// The diff view's side list: every opened and closed flow (drawn or not), each rule that decided it linked to
// its YAML (closed flows: as it was at the base), and the findings the change added or fixed.
import type { DiffInfo } from '../../client/src/preview/messages.ts';
import { count, el, post } from './host.ts';

const WHY = { allows: 'allowed by', allowed: 'was allowed by', denies: 'now denied by', routes: 'routed by', routed: 'was routed by' } as const;

export class FlowsPanel {
  readonly element = el('aside', 'flows');

  /** Highlights the edge of a hovered flow. */
  constructor(private readonly highlight: (edge: string | undefined) => void) {
    this.element.setAttribute('aria-label', 'Changed flows');
  }

  show(diff: DiffInfo | undefined): void {
    this.element.style.display = diff ? '' : 'none';
    if (!diff) return this.element.replaceChildren();
    const opened = diff.flows.filter((f) => f.status === 'added').length;
    const closed = diff.flows.length - opened;
    const head = el('h2', undefined, `Against ${diff.base}${diff.commit ? ` (${diff.commit.slice(0, 7)})` : ''}`);
    const summary = el('p', 'summary', `${count(opened, 'flow')} opened · ${count(closed, 'flow')} closed${diff.undecided ? ` · ${diff.undecided} between unisolated pods (listed, not drawn)` : ''}`);
    const list = el('ul', 'flow-list');
    diff.flows.forEach((f, i) => {
      const li = el('li', `flow ${f.status}`);
      li.dataset.status = f.status;
      li.append(el('span', 'sign', f.status === 'added' ? '+' : '−'), el('span', 'text', f.text));
      const rules = el('div', 'rules');
      if (f.rules.length === 0) rules.append(el('span', 'none', 'no policy isolates either side'));
      f.rules.forEach((r, k) => {
        const why = el('span', 'why', `${WHY[r.why]} `);
        const link = r.navigable ? el('a', 'rule', r.label) : el('span', 'rule', r.label);
        if (r.navigable) {
          link.setAttribute('href', '#');
          link.addEventListener('click', (e) => {
            e.preventDefault();
            post({ kind: 'revealFlow', index: i, rule: k });
          });
        }
        rules.append(el('div', undefined), why, link);
      });
      li.append(rules);
      if (f.edge) {
        li.addEventListener('mouseenter', () => this.highlight(f.edge));
        li.addEventListener('mouseleave', () => this.highlight(undefined));
      }
      list.append(li);
    });
    const children: HTMLElement[] = [head, summary, list];
    if (diff.findings.length > 0) {
      const fl = el('ul', 'finding-list');
      diff.findings.forEach((f, i) => {
        const li = el('li', `finding ${f.status}`);
        li.append(el('span', 'sign', f.status === 'added' ? 'new' : 'fixed'), document.createTextNode(' '));
        const text = f.navigable ? el('a', undefined, f.text) : el('span', undefined, f.text);
        if (f.navigable) {
          text.setAttribute('href', '#');
          text.addEventListener('click', (e) => {
            e.preventDefault();
            post({ kind: 'revealFinding', index: i });
          });
        }
        li.append(text);
        fl.append(li);
      });
      children.push(el('h3', undefined, 'Findings'), fl);
    }
    this.element.replaceChildren(...children);
  }
}
