// Long completion lists (label values of a namespace with thousands of pods) cut to the best `limit` items for the
// text typed so far; the adapter marks such a list incomplete, so the editor asks again as the user types.
import type { CompletionEntry } from './types.ts';

/** The text typed between the start of the entry's span and the cursor (what the editor filters by). */
function typedFor(e: CompletionEntry, text: string, offset: number): string {
  return offset > e.span.start && offset <= e.span.end ? text.slice(e.span.start, offset) : '';
}

/** `typed` occurs in `label` in order (case-insensitive): a superset of what the editor's fuzzy filter keeps. */
function subsequence(label: string, typed: string): boolean {
  let i = 0;
  for (let j = 0; j < label.length && i < typed.length; j++) if (label[j] === typed[i]) i++;
  return i === typed.length;
}

/**
 * At most `limit` entries: those the typed text can still match, the ones it starts first, each group in the
 * engine's order. Nothing the editor would show is dropped unless more than `limit` of them match.
 */
export function limitEntries(entries: readonly CompletionEntry[], text: string, offset: number, limit: number): CompletionEntry[] {
  const starts: CompletionEntry[] = [];
  const others: CompletionEntry[] = [];
  for (const e of entries) {
    const typed = typedFor(e, text, offset).toLowerCase();
    const label = e.label.toLowerCase();
    if (label.startsWith(typed)) starts.push(e);
    else if (subsequence(label, typed)) others.push(e);
    if (starts.length >= limit) break;
  }
  return [...starts, ...others].slice(0, limit);
}
