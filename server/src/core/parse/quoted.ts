// Long double-quoted scalars composed without the yaml library's per-character loop, with the same Document.
// The library builds a double-quoted value one character at a time (`res += ch`): a 2,000-character annotation costs
// 2,000 string allocations, and 1,000 of them (a 1.9 MB document) took 150-300 ms of composing and garbage
// collection in one call the server cannot interrupt. A double-quoted scalar without escapes or line breaks means
// exactly the text between its quotes, so the composer is given a blank of the same length instead (its loop takes
// a run of blanks as one slice), and the real text is put back on the composed node: same value, range and errors.
import { isCollection, isPair, isScalar, Scalar, type CST, type Document } from 'yaml';

/** Double-quoted lexemes at least this long take the fast path (short ones cost the library little). */
export const LONG_QUOTED = 256;

/** Whether a double-quoted lexeme means exactly the text between its quotes: closed, no escape, no line break. */
export function plainQuoted(source: string): boolean {
  if (source.length < 2 || source.charCodeAt(source.length - 1) !== 34) return false;
  // The quotes are none of these: the whole lexeme is searched (native searches; a loop here cost 15-20 ms per 2 MB).
  return !source.includes('\\') && !source.includes('\n') && !source.includes('\r');
}

/** Tokens given a blank source, by offset, with their real source (blanked holds them until restored). */
export type Blanked = Map<number, { token: CST.FlowScalar; source: string }>;

const hasTag = (props: readonly CST.SourceToken[] | undefined): boolean => props?.some((t) => t.type === 'tag') ?? false;

/**
 * Gives every plain double-quoted scalar among `tokens` at least `min` long a blank source of its length; returns
 * them to restore. A tagged scalar keeps its source: its tag resolves the value while composing (`!!int "..."`).
 */
export function blankLongQuoted(tokens: readonly CST.Token[], min = LONG_QUOTED): Blanked {
  const blanked: Blanked = new Map();
  // One blank per length (annotations of one file tend to share a few lengths).
  const blanks = new Map<number, string>();
  const blank = (token: CST.Token | null | undefined): void => {
    if (token?.type !== 'double-quoted-scalar' || token.source.length < min || !plainQuoted(token.source)) return;
    blanked.set(token.offset, { token, source: token.source });
    let b = blanks.get(token.source.length);
    if (b === undefined) {
      b = `"${' '.repeat(token.source.length - 2)}"`;
      blanks.set(b.length, b);
    }
    token.source = b;
  };
  // Each collection with whether a tag sits on it or on a collection around it: a tagged collection's tag reads its
  // children while composing (`!!omap` compares its keys' values, so two blanks of one length would be duplicates),
  // so nothing under a tag is blanked.
  const stack: { t: CST.Token; under: boolean }[] = [];
  for (const t of tokens) if (t.type === 'document' && t.value) stack.push({ t, under: false });
  while (stack.length > 0) {
    const top = stack.pop();
    if (!top) break;
    const { t, under } = top;
    if (t.type === 'document') {
      const tagged = hasTag(t.start);
      if (!tagged) blank(t.value);
      if (t.value && 'items' in t.value) stack.push({ t: t.value, under: tagged });
    } else if ('items' in t) {
      for (const item of t.items) {
        // Props before a key are in `start`, before a value in `sep`: either tagged, both keep their source.
        const tagged = under || hasTag(item.start) || hasTag('sep' in item ? item.sep : undefined);
        const key = 'key' in item ? item.key : undefined;
        if (!tagged) {
          blank(key);
          blank(item.value);
        }
        if (key && 'items' in key) stack.push({ t: key, under: tagged });
        if (item.value && 'items' in item.value) stack.push({ t: item.value, under: tagged });
      }
    }
  }
  return blanked;
}

/**
 * Puts the real text back on `doc`'s scalars composed from blanked tokens. False when one came out tagged (the
 * value would have been resolved from the blank): the caller composes again without blanks.
 */
export function restoreBlanked(doc: Document, blanked: Blanked): boolean {
  if (blanked.size === 0) return true;
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isScalar(node)) {
      const b = node.type === Scalar.QUOTE_DOUBLE && node.range ? blanked.get(node.range[0]) : undefined;
      if (!b) continue;
      if (node.tag !== undefined) return false;
      node.value = b.source.slice(1, -1);
      (node as { source?: string }).source = node.value as string;
    } else if (isCollection(node)) {
      for (const item of node.items) stack.push(item);
    } else if (isPair(node)) stack.push(node.key, node.value);
  }
  return true;
}

/** Gives the blanked tokens their real source back (before they are composed again or dropped). */
export function unblank(blanked: Blanked): void {
  for (const { token, source } of blanked.values()) token.source = source;
}
