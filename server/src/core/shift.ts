// Moving results with their text: after an edit, the findings of a document the edit did not touch are those
// of its previous version with every offset in the file shifted (spans, related spans, fix edits).
import type { Span } from './source.ts';
import type { Fix, RelatedInfo } from './types.ts';

/** The parts of a finding or problem that hold offsets. */
export interface Shiftable {
  span: Span;
  uri?: string;
  related?: RelatedInfo[];
  fixes?: Fix[];
}

export function shiftSpan(span: Span, delta: number): Span {
  return { start: span.start + delta, end: span.end + delta };
}

/** A copy of `r` moved by `delta` within file `uri`; offsets into other files stay as they are. */
export function shiftReport<T extends Shiftable>(r: T, delta: number, uri: string): T {
  if (delta === 0) return r;
  const out: T = { ...r };
  if (r.uri === undefined || r.uri === uri) out.span = shiftSpan(r.span, delta);
  if (r.related) out.related = r.related.map((x) => (x.uri === uri ? { ...x, span: shiftSpan(x.span, delta) } : x));
  if (r.fixes) out.fixes = r.fixes.map((f) => (f.uri === undefined || f.uri === uri ? { ...f, edits: f.edits.map((e) => ({ ...e, span: shiftSpan(e.span, delta) })) } : f));
  return out;
}
