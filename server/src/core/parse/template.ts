// Detects template syntax (Helm/Go, Jinja, Flux substitution): which documents of a file are templates, and
// which are rendered YAML that merely mentions template text (comments, block scalars, other tools' data).
import { isScalar, visit, type Document } from 'yaml';
import type { Span } from '../source.ts';

export type TemplateKind = 'go' | 'jinja' | 'flux';

export interface TemplateInfo {
  kind: TemplateKind;
  /** The first marker found, for the one information diagnostic. */
  span: Span;
}

/** One document that is a template, not YAML we can trust: it is neither checked nor modelled. */
export interface TemplatedDoc extends TemplateInfo {
  docIndex: number;
  /** The document's kind and name as far as the text tells (it may not parse). */
  objectKind?: string;
  name?: string;
  /** Whether the document failed to parse (else: template syntax in a field of an object we model). */
  unparsable: boolean;
}

// Go templates ({{ }}) and Jinja blocks/comments ({% %}, {# #}) make the YAML itself unreliable.
const BLOCK_MARKER = /\{\{|\{%|\{#/g;
// Flux post-build substitution: ${VAR}, ${VAR:=default}. The YAML stays valid; only those values are unknown.
const FLUX_MARKER = /\$\{[A-Za-z_][A-Za-z0-9_]*(?::?[-=][^}]*)?\}/;

function markerInfo(text: string, index: number): TemplateInfo {
  const kind: TemplateKind = text.startsWith('{{', index) ? 'go' : 'jinja';
  const close = kind === 'go' ? text.indexOf('}}', index) : text.indexOf(text[index + 1] === '%' ? '%}' : '#}', index);
  const lineEnd = text.indexOf('\n', index);
  let end = close === -1 ? index + 2 : close + 2;
  if (lineEnd !== -1 && end > lineEnd) end = lineEnd;
  return { kind, span: { start: index, end: Math.min(end, index + 80) } };
}

/** Offsets of every Go/Jinja marker in `text` starting between start and end. */
export function blockMarkers(text: string, start = 0, end = text.length): number[] {
  const out: number[] = [];
  // Searched in the slice (one character more, for a marker starting at its last one): a search in the whole
  // text ran on to the next marker or the end, once per object, so a large file without markers was quadratic.
  const part = start === 0 && end >= text.length ? text : text.slice(start, end + 1);
  BLOCK_MARKER.lastIndex = 0;
  for (let m = BLOCK_MARKER.exec(part); m && m.index < end - start; m = BLOCK_MARKER.exec(part)) out.push(start + m.index);
  return out;
}

/** Whether `offset` sits in a YAML comment: a `#` at line start or after a blank, outside quotes, before it. */
export function inComment(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let quote: string | undefined;
  for (let i = lineStart; i < offset; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      // Quotes open a scalar only at its start (after ': ', '- ', '[', '{', ',' or a blank).
      const prev = i === lineStart ? ' ' : text[i - 1];
      if (prev === ' ' || prev === '\t' || prev === '[' || prev === '{' || prev === ',') quote = c;
    } else if (c === '#' && (i === lineStart || text[i - 1] === ' ' || text[i - 1] === '\t')) return true;
  }
  return false;
}

/**
 * The first template marker of a parsed document that stands where YAML structure or a value would be:
 * markers in comments and in block scalars (`|`, `>`) are text, not template syntax NetLens must fear.
 * `within` limits the search to one object's node (the caller decides which objects are ours).
 */
export function structuralMarker(doc: Document.Parsed, text: string, within: { start: number; end: number }): TemplateInfo | undefined {
  const markers = blockMarkers(text, within.start, within.end);
  if (markers.length === 0) return undefined;
  const blocks: [number, number][] = [];
  visit(doc, {
    Scalar(_, node) {
      if (isScalar(node) && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') && node.range) blocks.push([node.range[0], node.range[1]]);
    },
  });
  for (const at of markers) {
    if (blocks.some(([s, e]) => at >= s && at < e)) continue;
    if (inComment(text, at)) continue;
    return markerInfo(text, at);
  }
  return undefined;
}

/** The first marker of an unparsable document, or undefined when it holds none (a plain syntax error). */
export function anyMarker(text: string, start: number, end: number): TemplateInfo | undefined {
  for (const at of blockMarkers(text, start, end)) if (!inComment(text, at)) return markerInfo(text, at);
  return undefined;
}

/** Flux substitution in the file (files with it stay valid YAML; their substituted values are skipped). */
export function detectFlux(text: string): TemplateInfo | undefined {
  const f = FLUX_MARKER.exec(text);
  return f ? { kind: 'flux', span: { start: f.index, end: f.index + f[0].length } } : undefined;
}

/** True when a scalar holds substitution syntax and so has no value we can check. */
export function isTemplated(value: string): boolean {
  return value.includes('${') || value.includes('{{') || value.includes('{%');
}

