// A parsed file as plain data (what another thread's parse tells about it), and a ParsedFile built from it whose
// YAML trees (`docs`, each object's `doc` and `node`) are parsed here only when something reads them.
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

// A lazy object's parse, under a non-enumerable symbol: a spread copy (which reads the trees through the getters)
// does not take it along, as it does not take the memo slots (core/slots.ts).
const MATERIALISE = Symbol('netlens.materialise');
type LazyObject = ManifestObject & { [MATERIALISE]: () => unknown };
type LazyFile = ParsedFile & { [MATERIALISE]: () => Document.Parsed[] };

// One getter pair for every lazy object, one `docs` getter for every lazy file: with closures per object each object
// and file had a hidden class of its own (V8 keeps an accessor's functions in the class), so every engine site
// reading their fields saw thousands of classes. Reading one parses the file, which replaces them with data.
function lazyDoc(this: LazyObject): Document.Parsed {
  this[MATERIALISE]();
  return this.doc;
}
function lazyNode(this: LazyObject): YAMLMap {
  this[MATERIALISE]();
  return this.node;
}
const LAZY_TREES: PropertyDescriptorMap = {
  doc: { get: lazyDoc, configurable: true, enumerable: true },
  node: { get: lazyNode, configurable: true, enumerable: true },
};
function lazyDocs(this: LazyFile): Document.Parsed[] {
  return this[MATERIALISE]();
}
const LAZY_DOCS: PropertyDescriptor = { get: lazyDocs, configurable: true, enumerable: true };

/** Counts the lazy files whose trees were parsed after all (tests and benchmarks). */
export const lazyStats = { created: 0, parsed: 0 };

/**
 * The ParsedFile of `text` as `sk` describes it, equal to parseFile(uri, text, opts) in every field: reading
 * `docs` or any object's `doc`/`node` parses the text (once) and hands each object its own tree. The parse is
 * deterministic, so the skeleton's objects are the parse's objects, in order; should they ever differ, the trees
 * are still given in order (never a throw: the engine's callers rely on that).
 */
export function lazyParsedFile(uri: string, rawText: string, opts: ParseOptions, sk: FileSkeleton): ParsedFile {
  lazyStats.created++;
  const text = normaliseLineBreaks(rawText);
  let docs: Document.Parsed[] | undefined;
  const materialise = (): Document.Parsed[] => {
    if (docs) return docs;
    lazyStats.parsed++;
    const full = parseFile(uri, text, opts);
    docs = full.docs;
    Object.defineProperty(file, 'docs', { value: docs, writable: true, configurable: true, enumerable: true });
    full.objects.forEach((o, i) => {
      const obj = objects[i];
      if (obj) setTree(obj, o.doc, o.node);
    });
    // A skeleton listing more objects than the parse (a worker bundle of another version): the extras get an
    // empty map in a document of their own rather than getters that call themselves forever.
    for (const obj of objects.slice(full.objects.length)) setTree(obj, new Document() as Document.Parsed, new YAMLMap());
    return docs;
  };
  const objects = sk.objects.map((head) => {
    const obj = sameShapeCopy(head) as LazyObject;
    Object.defineProperty(obj, MATERIALISE, { value: materialise });
    Object.defineProperties(obj, LAZY_TREES);
    return obj;
  });
  const file: ParsedFile = { uri, text, lines: new LineIndex(text), docs: [], objects, issues: sk.issues, templated: sk.templated };
  Object.defineProperty(file, MATERIALISE, { value: materialise });
  Object.defineProperty(file, 'docs', LAZY_DOCS);
  if (sk.template) file.template = sk.template;
  ownObjects(file);
  return file;
}

/** Whether the file's trees were parsed (a lazy file not read yet answers false; any other file true). */
export function hasTrees(file: ParsedFile): boolean {
  return Object.getOwnPropertyDescriptor(file, 'docs')?.get === undefined;
}

function setTree(obj: ManifestObject, doc: Document.Parsed, node: YAMLMap): void {
  Object.defineProperty(obj, 'doc', { value: doc, writable: true, configurable: true, enumerable: true });
  Object.defineProperty(obj, 'node', { value: node, writable: true, configurable: true, enumerable: true });
}
