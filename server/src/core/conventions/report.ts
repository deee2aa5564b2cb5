// Shared helpers of the convention rules: where a finding about a policy goes, and short spans.
import type { Origin } from '../model/types.ts';
import type { ManifestObject, ParsedFile } from '../parse/parse.ts';
import type { Span } from '../source.ts';
import { objectNameSpan } from '../rules/object-spans.ts';

/** The first line of a span (a rule item, a peer): a whole rule underlined would drown the editor in squiggles. */
export function headSpan(text: string, span: Span): Span {
  const nl = text.indexOf('\n', span.start);
  const lineEnd = nl === -1 ? text.length : nl > 0 && text[nl - 1] === '\r' ? nl - 1 : nl;
  return { start: span.start, end: Math.max(span.start, Math.min(span.end, lineEnd)) };
}

/** The object an origin points at. */
export function objectAt(files: ReadonlyMap<string, ParsedFile>, o: Origin): { file: ParsedFile; obj: ManifestObject } | undefined {
  if (o.kind !== 'file') return undefined;
  const file = files.get(o.uri);
  const obj = file?.objects.find((x) => x.docIndex === o.docIndex && x.listIndex === o.listIndex && x.span.start === o.span.start);
  return file && obj ? { file, obj } : undefined;
}

/** `metadata.name`'s value span of an object, else the object's first line. */
export function nameSpan(file: ParsedFile, obj: ManifestObject): Span {
  return objectNameSpan(obj) ?? headSpan(file.text, obj.span);
}

/** `metadata`'s key span (missing labels or annotations are reported there), else the name. */
export function metadataSpan(file: ParsedFile, obj: ManifestObject): Span {
  for (const item of obj.node.items) {
    const k = item.key as { value?: unknown; range?: [number, number, number] } | null;
    if (k?.value === 'metadata' && k.range) return { start: k.range[0], end: k.range[1] };
  }
  return nameSpan(file, obj);
}

/** "ingress and egress" */
export function andList(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
