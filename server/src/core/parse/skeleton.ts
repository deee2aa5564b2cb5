// A parsed file as plain data (what another thread's parse tells about it), and ParsedFiles whose YAML trees (`docs`,
// each object's `doc` and `node`) are parsed only when something reads them, or can be let go and parsed again.
import { Document, YAMLMap } from 'yaml';
import { LineIndex } from '../source.ts';
import { normaliseLineBreaks } from './bounded.ts';
import { ownObjects, parseFile, type ManifestObject, type ParsedFile, type ParseIssue, type ParseOptions } from './parse.ts';
import type { TemplateInfo, TemplatedDoc } from './template.ts';
import { sameShapeCopy } from '../same-shape.ts';

/** An object's identity without its tree: everything of ManifestObject but `doc` and `node`. */
export type ObjectHead = Omit<ManifestObject, 'doc' | 'node'>;

/** Structured-clonable: what parseFile found in a text, minus the YAML trees. */
export interface FileSkeleton {
  /** Length of the text parsed: a guard that both sides read the same text. */
  length: number;
  objects: ObjectHead[];
  issues: ParseIssue[];
  template?: TemplateInfo;
  templated: TemplatedDoc[];
}

export function skeletonOf(file: ParsedFile): FileSkeleton {
  const objects = file.objects.map(({ doc: _doc, node: _node, ...head }) => head);
  const out: FileSkeleton = { length: file.text.length, objects, issues: file.issues, templated: file.templated };
  if (file.template) out.template = file.template;
  return out;
}

// A lazy file's trees live in one holder shared by the file and its objects, reached through a non-enumerable symbol:
// `doc`, `node` and `docs` stay accessors for the file's whole life, so letting the trees go again (dropTrees) keeps
// the same objects, and every cache keyed by them, valid. A spread copy (which reads the trees through the getters)
// does not take the symbol along, as it does not take the memo slots (core/slots.ts).
const TREES = Symbol('netlens.trees');
interface Holder {
  uri: string;
  text: string;
  opts: ParseOptions;
  /** How many objects the file lists (a skeleton may list more than the text parses into). */
  count: number;
  /** The parse's documents and each object's tree, while the file has them. */
  docs?: Document.Parsed[];
  trees?: { doc: Document.Parsed; node: YAMLMap }[];
}
interface Place {
  holder: Holder;
  /** The object's place in the file (-1: the file itself). */
  index: number;
}
type Lazy = { [TREES]: Place };

function treesOf(h: Holder): NonNullable<Holder['trees']> {
  if (h.trees) return h.trees;
  lazyStats.parsed++;
  const full = parseFile(h.uri, h.text, h.opts);
  // A skeleton listing more objects than the parse (a worker bundle of another version): the extras get an empty
  // map in a document of their own rather than a throw.
  const trees = full.objects.slice(0, h.count).map((o) => ({ doc: o.doc, node: o.node }));
  while (trees.length < h.count) trees.push({ doc: new Document() as Document.Parsed, node: new YAMLMap() });
  h.docs = full.docs;
  h.trees = trees;
  return trees;
}

// One getter pair for every lazy object, one `docs` getter for every lazy file: with closures per object each object
// and file had a hidden class of its own (V8 keeps an accessor's functions in the class), so every engine site
// reading their fields saw thousands of classes.
function lazyDoc(this: ManifestObject & Lazy): Document.Parsed {
  const at = this[TREES];
  return (treesOf(at.holder)[at.index] as { doc: Document.Parsed }).doc;
}
function lazyNode(this: ManifestObject & Lazy): YAMLMap {
  const at = this[TREES];
  return (treesOf(at.holder)[at.index] as { node: YAMLMap }).node;
}
const LAZY_TREES: PropertyDescriptorMap = {
  doc: { get: lazyDoc, configurable: true, enumerable: true },
  node: { get: lazyNode, configurable: true, enumerable: true },
};
function lazyDocs(this: ParsedFile & Lazy): Document.Parsed[] {
  const h = this[TREES].holder;
  treesOf(h);
  return h.docs as Document.Parsed[];
}
const LAZY_DOCS: PropertyDescriptor = { get: lazyDocs, configurable: true, enumerable: true };

/** Counts the lazy files whose trees were parsed after all (tests and benchmarks). */
export const lazyStats = { created: 0, parsed: 0 };

/** The file of `holder` with `sk`'s objects, their trees read through the holder. */
function assemble(holder: Holder, sk: FileSkeleton, lines: LineIndex): ParsedFile {
  const objects = sk.objects.map((head, index) => {
    const obj = sameShapeCopy(head) as ManifestObject & Lazy;
    Object.defineProperty(obj, TREES, { value: { holder, index } });
    Object.defineProperties(obj, LAZY_TREES);
    return obj;
  });
  // `docs` added as an accessor, not redefined over a data property: that turned every such file into a
  // dictionary-mode object (slow property reads at every engine site that takes a file).
  const file = { uri: holder.uri, text: holder.text, lines, objects, issues: sk.issues, templated: sk.templated } as Omit<ParsedFile, 'docs'> as ParsedFile;
  Object.defineProperty(file, TREES, { value: { holder, index: -1 } });
  Object.defineProperty(file, 'docs', LAZY_DOCS);
  if (sk.template) file.template = sk.template;
  ownObjects(file);
  return file;
}

/**
 * The ParsedFile of `text` as `sk` describes it, equal to parseFile(uri, text, opts) in every field: reading
 * `docs` or any object's `doc`/`node` parses the text (once) and hands each object its own tree. The parse is
 * deterministic, so the skeleton's objects are the parse's objects, in order; should they ever differ, the trees
 * are still given in order (never a throw: the engine's callers rely on that).
 */
export function lazyParsedFile(uri: string, rawText: string, opts: ParseOptions, sk: FileSkeleton): ParsedFile {
  lazyStats.created++;
  const text = normaliseLineBreaks(rawText);
  return assemble({ uri, text, opts, count: sk.objects.length }, sk, new LineIndex(text));
}

/**
 * `file` as a file that can let its trees go later (dropTrees) and parse them again if something reads them then:
 * equal in every field, with the trees it has now. Its objects are new: call it before anything caches under them.
 */
export function droppableFile(file: ParsedFile, opts: ParseOptions): ParsedFile {
  if (TREES in file) return file;
  const holder: Holder = { uri: file.uri, text: file.text, opts, count: file.objects.length, docs: file.docs, trees: file.objects.map((o) => ({ doc: o.doc, node: o.node })) };
  return assemble(holder, skeletonOf(file), file.lines);
}

/**
 * Lets a droppable or lazy file's trees go (the next reader parses its text again). Returns whether it had trees
 * to drop. The caller first keeps whatever later analyses read of them (core/offload.ts dropOwnTrees).
 */
export function dropTrees(file: ParsedFile): boolean {
  const h = (file as Partial<Lazy>)[TREES]?.holder;
  if (!h?.trees) return false;
  h.trees = undefined;
  h.docs = undefined;
  return true;
}

/** Whether the file can let its trees go (droppableFile, lazyParsedFile). */
export function isDroppable(file: ParsedFile): boolean {
  return TREES in file;
}

/** Whether the file's trees are parsed (a lazy file not read yet, or one whose trees were dropped, answers false). */
export function hasTrees(file: ParsedFile): boolean {
  const h = (file as Partial<Lazy>)[TREES]?.holder;
  return h === undefined || h.trees !== undefined;
}
