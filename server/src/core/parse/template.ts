// Detects template syntax (Helm/Go, Jinja, Flux substitution) so templated files are not drowned in errors.
import type { Span } from '../source.ts';

export type TemplateKind = 'go' | 'jinja' | 'flux';

export interface TemplateInfo {
  kind: TemplateKind;
  /** The first marker found, for the one information diagnostic. */
  span: Span;
}

// Go templates ({{ }}) and Jinja blocks/comments ({% %}, {# #}) make the YAML itself unreliable.
const BLOCK_MARKERS: [RegExp, TemplateKind][] = [
  [/\{\{-?[^}]*/, 'go'],
  [/\{%-?[^%]*/, 'jinja'],
  [/\{#[^#]*#\}/, 'jinja'],
];
// Flux post-build substitution: ${VAR}, ${VAR:=default}. The YAML stays valid; only those values are unknown.
const FLUX_MARKER = /\$\{[A-Za-z_][A-Za-z0-9_]*(?::?[-=][^}]*)?\}/;

export function detectTemplate(text: string): TemplateInfo | undefined {
  let best: TemplateInfo | undefined;
  for (const [re, kind] of BLOCK_MARKERS) {
    const m = re.exec(text);
    if (m && (!best || m.index < best.span.start)) best = { kind, span: { start: m.index, end: m.index + Math.min(m[0].length, 80) } };
  }
  if (best) return best;
  const f = FLUX_MARKER.exec(text);
  return f ? { kind: 'flux', span: { start: f.index, end: f.index + f[0].length } } : undefined;
}

/** True when a scalar holds substitution syntax and so has no value we can check. */
export function isTemplated(value: string): boolean {
  return value.includes('${') || value.includes('{{') || value.includes('{%');
}
