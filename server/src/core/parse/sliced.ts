// The first parse of a large file in steps: slices of whole `---` documents, each parsed in steps too, so an adapter
// can answer other requests meanwhile (a 5 MB file parses for seconds, one declined huge document for a second).
// The result equals parseFile's; wherever the yaml library might draw document boundaries differently than a parse
// of the whole text, it falls back to that parse, itself in steps (the same checks as the incremental re-parse).
import { boundedParseSteps, duplicatesOf, givesErrorsBack, normaliseLineBreaks, readsPastItself, type BoundedParse } from './bounded.ts';
import { firstBoundaryAfter, plainStream } from './regions.ts';
import { fileFromParseSteps, parseFile, parseWholeSteps, type ParsedFile, type ParseOptions } from './parse.ts';

/** About this much text is parsed between two stops (whole documents: a slice ends at a `---` line). */
export const SLICE_CHARS = 32_000;

/**
 * Parses `rawText` as parseFile does, stopping (`yield`) after every slice of about `sliceChars` characters of whole
 * documents, inside a slice's parse, and every few hundred documents read into objects. Run it to the end for the file.
 */
export function* parseFileSteps(uri: string, rawText: string, opts: ParseOptions, sliceChars = SLICE_CHARS): Generator<void, ParsedFile, void> {
  const text = normaliseLineBreaks(rawText);
  // Small and declined (too large, binary) files: one parse, as before.
  if (text.length <= sliceChars || text.length > opts.maxFileSize || text.includes('\u0000')) return parseFile(uri, rawText, opts);
  // Directives and byte-order marks apply across `---` lines: the whole text at once (still in steps).
  if (!plainStream(text)) return yield* parseWholeSteps(uri, rawText, opts);
  const docs: BoundedParse['docs'] = [];
  const duplicates: BoundedParse['duplicates'] = [];
  for (let from = 0; from < text.length; ) {
    const to = firstBoundaryAfter(text, from + sliceChars);
    // The region runs on over the marker line at `to`, so its last document ends at a real `---`, as in a parse of
    // the whole text; the document begun there is dropped (the next slice reads it).
    const eol = text.indexOf('\n', to);
    const ext = to < text.length && eol !== -1 ? eol + 1 : text.length;
    const region = yield* boundedParseSteps(text, from, ext);
    // Too deep or a document over the token budget: what the parse of the whole text says about them is per file.
    // A region that is the whole text (one huge document) was that parse: it is not done twice.
    if (region.tooDeepAt !== undefined || region.oversized) {
      return from === 0 && ext === text.length ? yield* fileFromParseSteps(uri, text, region) : yield* parseWholeSteps(uri, rawText, opts);
    }
    const parsed = region.docs.filter((d) => d.range[0] < to);
    const beyond = region.docs.slice(parsed.length);
    const last = parsed[parsed.length - 1];
    const boundaryHolds =
      (to === text.length || (last?.range[2] === to && beyond.length === 1 && beyond[0]?.range[0] === to)) &&
      !parsed.some((d) => d.range[0] < from || d.range[2] > to || readsPastItself(d)) &&
      !(from > 0 && parsed[0] && givesErrorsBack(parsed[0]));
    if (!boundaryHolds) return yield* parseWholeSteps(uri, rawText, opts);
    for (const d of parsed) {
      docs.push(d);
      duplicates.push(...(duplicatesOf(d) ?? []));
    }
    from = to;
    yield;
  }
  return yield* fileFromParseSteps(uri, text, { docs, duplicates });
}
