// The search box: finds workloads, namespaces, policies, gateways, routes and ingresses of the whole workspace
// (not only what is drawn);
// arrows move, Enter picks, Escape closes. `/` from anywhere puts the cursor in it.
import type { SearchEntry } from '../../client/src/preview/messages.ts';
import { el } from './host.ts';

const MAX_RESULTS = 30;

export class SearchBox {
  readonly element = el('div', 'search');
  readonly input = el('input', 'search-input');
  private readonly list = el('ul', 'search-results');
  private entries: readonly SearchEntry[] = [];
  private shown: SearchEntry[] = [];
  private active = 0;

  constructor(private readonly pick: (e: SearchEntry) => void) {
    this.input.type = 'search';
    this.input.placeholder = 'Search workloads, namespaces, policies, gateways, routes  (/)';
    this.input.setAttribute('aria-label', 'Search workloads, namespaces, policies, gateways, routes and ingresses');
    this.input.setAttribute('role', 'combobox');
    this.input.setAttribute('aria-controls', 'netlens-search-results');
    this.list.id = 'netlens-search-results';
    this.list.setAttribute('role', 'listbox');
    this.element.append(this.input, this.list);
    this.input.addEventListener('input', () => this.update());
    this.input.addEventListener('focus', () => this.update());
    this.input.addEventListener('blur', () => setTimeout(() => this.close(), 150));
    this.input.addEventListener('keydown', (e) => this.key(e));
    document.addEventListener('keydown', (e) => {
      if (e.key === '/' && !(e.target instanceof HTMLInputElement) && !(e.target instanceof HTMLSelectElement)) {
        e.preventDefault();
        this.input.focus();
      }
    });
  }

  get open(): boolean {
    return this.list.childElementCount > 0;
  }

  setEntries(entries: readonly SearchEntry[]): void {
    this.entries = entries;
  }

  close(): void {
    this.list.replaceChildren();
    this.input.setAttribute('aria-expanded', 'false');
  }

  private update(): void {
    const q = this.input.value.trim().toLowerCase();
    if (q === '') return this.close();
    // Exact names first, then names that start with the text, then anywhere; workloads, namespaces, policies, then
    // the way in (gateways, routes, ingresses).
    const score = (e: SearchEntry) => {
      const l = e.label.toLowerCase();
      const name = l.slice(l.lastIndexOf('/') + 1);
      return name === q || l === q ? 0 : name.startsWith(q) ? 1 : l.startsWith(q) ? 2 : l.includes(q) ? 3 : -1;
    };
    const kind = { workload: 0, namespace: 1, policy: 2, gateway: 3, route: 4, ingress: 5 } as const;
    this.shown = this.entries
      .map((e) => ({ e, s: score(e) }))
      .filter((x) => x.s >= 0)
      .sort((a, b) => a.s - b.s || kind[a.e.kind] - kind[b.e.kind] || a.e.label.localeCompare(b.e.label))
      .slice(0, MAX_RESULTS)
      .map((x) => x.e);
    this.active = 0;
    this.renderList();
  }

  private renderList(): void {
    this.list.replaceChildren(
      ...this.shown.map((e, i) => {
        const li = el('li', i === this.active ? 'active' : undefined);
        li.setAttribute('role', 'option');
        li.dataset.kind = e.kind;
        li.append(el('span', 'label', e.label), el('span', 'detail', e.detail));
        li.addEventListener('mousedown', (ev) => {
          ev.preventDefault();
          this.choose(e);
        });
        return li;
      }),
    );
    if (this.shown.length === 0 && this.input.value.trim() !== '') this.list.append(el('li', 'empty', 'Nothing found'));
    this.input.setAttribute('aria-expanded', String(this.shown.length > 0));
  }

  private key(e: KeyboardEvent): void {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (this.shown.length === 0) return;
      this.active = (this.active + (e.key === 'ArrowDown' ? 1 : this.shown.length - 1)) % this.shown.length;
      this.renderList();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const chosen = this.shown[this.active];
      if (chosen) this.choose(chosen);
    } else if (e.key === 'Escape') {
      e.stopPropagation();
      this.input.value = '';
      this.close();
      this.input.blur();
    }
  }

  private choose(e: SearchEntry): void {
    this.input.value = '';
    this.close();
    this.input.blur();
    this.pick(e);
  }
}
