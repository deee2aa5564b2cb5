// Seeded random edits for the incremental == full tests: the edits people make (typing, deleting, pasting a
// document, splitting one with `---`) and the ones that move document boundaries (markers, `...`, directives,
// unclosed quotes and flows, block scalars, templates), plus a snapshot of a parse to compare exactly.
import fs from 'node:fs';
import path from 'node:path';
import { isAlias, isCollection, isPair, isScalar, type Document } from 'yaml';
import type { Model, ParsedFile } from '../../../server/src/core/index.ts';

export const ROOT = path.resolve(__dirname, '../../..');

/** The seeded PRNG of the benchmarks' generator: the same seed gives the same edits on every run. */
export { rng } from '../../fixtures/generate.ts';

export interface Edit {
  start: number;
  end: number;
  text: string;
}

const SNIPPETS = [
  'x', ' ', '\n', ':', '- ', '#', '"', "'", '[', '{', '}', ']', '|', '>', '*a', '&a ', '\t', '{{ .Values.x }}', '${VAR}',
  '---\n', '\n---\n', '...\n', '%YAML 1.2\n', '# comment\n', 'key: value\n', '  port: 80\n', 'kind: NetworkPolicy\n',
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: pasted\nspec:\n  podSelector: {}\n',
  '---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  selector: {app: a}\n', 'name: dup\nname: dup\n',
  'data: |\n  ---\n  text\n', '\r\n', '\uFEFF',
];

/** One random edit of `text`: mostly at line starts and inside lines, sometimes whole lines or `---` lines. */
export function randomEdit(text: string, r: () => number): Edit {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const line = Math.floor(r() * lineStarts.length);
  const ls = lineStarts[line] ?? 0;
  const le = lineStarts[line + 1] ?? text.length;
  const pick = r();
  const snippet = SNIPPETS[Math.floor(r() * SNIPPETS.length)] ?? 'x';
  if (pick < 0.35) {
    const at = ls + Math.floor(r() * (le - ls + 1));
    return { start: at, end: at, text: snippet }; // typing or pasting inside a line
  }
  if (pick < 0.5) {
    const at = ls + Math.floor(r() * (le - ls + 1));
    return { start: at, end: Math.min(text.length, at + 1 + Math.floor(r() * 3)), text: '' }; // backspace
  }
  if (pick < 0.6) return { start: ls, end: le, text: '' }; // delete a line
  if (pick < 0.7) {
    const marker = text.indexOf('\n---', Math.floor(r() * text.length));
    if (marker !== -1) return { start: marker + 1, end: marker + 4, text: r() < 0.5 ? '' : '--' }; // break a marker
  }
  if (pick < 0.8) return { start: ls, end: ls, text: snippet }; // at a line start
  const at = ls + Math.floor(r() * (le - ls + 1));
  return { start: at, end: Math.min(text.length, at + Math.floor(r() * 40)), text: r() < 0.5 ? snippet : '' };
}

export function apply(text: string, e: Edit): string {
  return text.slice(0, e.start) + e.text + text.slice(e.end);
}

/** Every YAML file under `dir` (relative paths, sorted). */
export function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name)) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

/** Everything of a parse that analysis reads, as plain data: documents node by node, issues, objects, templates. */
export function snapshot(file: ParsedFile): unknown {
  return {
    text: file.text,
    lines: file.lines.lineCount,
    docs: file.docs.map(docSnapshot),
    issues: file.issues,
    objects: file.objects.map((o) => ({ ...o, doc: file.docs.indexOf(o.doc), node: o.node.range })),
    template: file.template,
    templated: file.templated,
  };
}

function docSnapshot(doc: Document.Parsed): unknown {
  const nodes: unknown[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const n = stack.pop();
    if (isPair(n)) stack.push(n.value, n.key);
    else if (isScalar(n)) nodes.push(['scalar', n.range, n.value, n.type, n.comment, n.commentBefore, n.anchor]);
    else if (isAlias(n)) nodes.push(['alias', n.range, n.source]);
    else if (isCollection(n)) {
      nodes.push([n.constructor.name, n.range, n.flow, n.tag, n.comment, n.commentBefore, n.anchor]);
      for (let i = n.items.length - 1; i >= 0; i--) stack.push(n.items[i]);
    } else nodes.push(['other', n === null ? null : typeof n]);
  }
  return {
    range: doc.range,
    errors: doc.errors.map((e) => [e.code, e.pos, e.message]),
    warnings: doc.warnings.map((e) => [e.code, e.pos, e.message]),
    comment: doc.comment,
    commentBefore: doc.commentBefore,
    docStart: doc.directives?.docStart,
    docEnd: doc.directives?.docEnd,
    nodes,
  };
}

/** A model as data to compare: every table, Maps and Sets as entries, the memo left out. */
export function plainModel(m: Model): string {
  return JSON.stringify({ ...m, memo: undefined }, (_k, v: unknown) => (v instanceof Map ? { map: [...v.entries()] } : v instanceof Set ? { set: [...v] } : v));
}

/** A same-length edit: one digit or lower-case letter replaced by another of its class (nothing moves). */
export function sameLengthEdit(text: string, r: () => number): Edit {
  for (;;) {
    const at = Math.floor(r() * text.length);
    const c = text[at] ?? '';
    if (/[0-9]/.test(c)) return { start: at, end: at + 1, text: String((Number(c) + 1 + Math.floor(r() * 8)) % 10) };
    if (/[a-z]/.test(c)) return { start: at, end: at + 1, text: c === 'z' ? 'a' : String.fromCharCode(c.charCodeAt(0) + 1) };
  }
}
