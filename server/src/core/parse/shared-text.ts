// One copy of each short scalar text for the whole process: both readers (bounded.ts, fast.ts) give their scalars it.
// The composer copies every key and value out of the source, so a parsed workspace held a copy of `name`, `app`,
// `metadata`... per occurrence (2,000 files: 383,000 of its 418,000 strings, 11 MB of a 152 MB heap). Bounded:
// cleared when full, so texts seen once (names) are not kept for the process.
import type { Scalar } from 'yaml';

const SHARED_TEXTS = new Map<string, string>();
const MAX_SHARED_TEXTS = 16_384;
/** Longer texts are mostly unique (descriptions, certificates): not worth a lookup. */
const MAX_SHARED_LENGTH = 64;

/** The process's copy of `text` (the same string value). */
export function shared(text: string): string {
  if (text.length > MAX_SHARED_LENGTH) return text;
  const known = SHARED_TEXTS.get(text);
  if (known !== undefined) return known;
  if (SHARED_TEXTS.size >= MAX_SHARED_TEXTS) SHARED_TEXTS.clear();
  SHARED_TEXTS.set(text, text);
  return text;
}

/** A scalar's value (when a string) and its source text made the shared copies: equal strings, fewer of them. */
export function shareText(node: Scalar): void {
  const { value, source } = node as Scalar & { source?: unknown };
  if (typeof value === 'string') node.value = shared(value);
  if (typeof source === 'string') (node as { source?: string }).source = source === value ? (node.value as string) : shared(source);
}
