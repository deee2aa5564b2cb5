// Text -> YAML documents -> manifest objects (with offsets). Never throws; problems become parse issues.
import { isMap, isSeq, LineCounter, parseAllDocuments, visit, type Document, type YAMLMap } from 'yaml';
import { LineIndex, type Span } from '../source.ts';
import { detectTemplate, type TemplateInfo } from './template.ts';
import { get, scalarString, spanOf } from './access.ts';

export type ParseIssueKind = 'syntax' | 'duplicate-key' | 'alias-limit' | 'too-large' | 'binary';

export interface ParseIssue {
  kind: ParseIssueKind;
  span: Span;
  message: string;
}

/** A Kubernetes object found in a file: a top-level document, or an item of a `kind: List`. */
export interface ManifestObject {
  uri: string;
  docIndex: number;
  /** Index inside `items` when the object comes from a `kind: List`. */
  listIndex?: number;
  doc: Document.Parsed;
  node: YAMLMap;
  span: Span;
  apiVersion?: string;
  kind?: string;
  name?: string;
  /** `metadata.namespace` as written (the model resolves kustomization and default namespaces). */
  namespace?: string;
}

export interface ParsedFile {
  uri: string;
  text: string;
  lines: LineIndex;
  docs: Document.Parsed[];
  objects: ManifestObject[];
  issues: ParseIssue[];
  /** Set when the file holds template syntax. */
  template?: TemplateInfo;
}

// The file each object was read from: validation needs its text (spans, fixes) while callers hold only the object.
const OWNER = new WeakMap<ManifestObject, ParsedFile>();

/** The parsed file an object came from (undefined for an object parseFile did not produce). */
export function fileOfObject(obj: ManifestObject): ParsedFile | undefined {
  return OWNER.get(obj);
}

export interface ParseOptions {
  maxFileSize: number;
}

// Expanding more aliases than this is treated as an alias bomb (the yaml library counts expansions).
const MAX_ALIAS_COUNT = 1000;

export function parseFile(uri: string, text: string, opts: ParseOptions): ParsedFile {
  const base = { uri, text, docs: [], objects: [] };
  if (text.length > opts.maxFileSize) {
    const mb = (text.length / 1_000_000).toFixed(1);
    return {
      ...base,
      lines: new LineIndex(text),
      issues: [{ kind: 'too-large', span: { start: 0, end: 0 }, message: `File is ${mb} MB, larger than the ${(opts.maxFileSize / 1_000_000).toFixed(1)} MB NetLens analyses; it was skipped.` }],
    };
  }
  const nul = text.indexOf('\u0000');
  if (nul !== -1) {
    return {
      ...base,
      lines: new LineIndex(text),
      issues: [{ kind: 'binary', span: { start: 0, end: 0 }, message: 'File holds binary data (a NUL character), not YAML text; it was skipped.' }],
    };
  }
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, keepSourceTokens: true, prettyErrors: false }) as Document.Parsed[] | { empty: true };
  const docList: Document.Parsed[] = Array.isArray(docs) ? docs : [];
  const file: ParsedFile = { ...base, lines: new LineIndex(text, lineCounter.lineStarts), docs: docList, issues: [] };
  const template = detectTemplate(text);
  if (template) file.template = template;

  docList.forEach((doc, docIndex) => {
    for (const e of doc.errors) {
      const [start, end] = e.pos;
      const kind: ParseIssueKind = e.code === 'DUPLICATE_KEY' ? 'duplicate-key' : 'syntax';
      // The parser points at the key's first character; the whole key reads better as a squiggle.
      const keyEnd = kind === 'duplicate-key' ? start + keyLength(text, start) : end;
      file.issues.push({ kind, span: { start, end: Math.max(keyEnd, end, start) }, message: cleanMessage(e.message) });
    }
    if (doc.errors.some((e) => e.code !== 'DUPLICATE_KEY')) return; // structure unreliable: index nothing
    if (hasAliasBomb(doc, text)) {
      file.issues.push({ kind: 'alias-limit', span: spanOf(doc.contents) ?? { start: 0, end: 0 }, message: `Aliases in this document expand to more than ${MAX_ALIAS_COUNT} nodes; it was skipped (a YAML "billion laughs" pattern).` });
      return;
    }
    collectObjects(file, doc, docIndex);
  });
  for (const obj of file.objects) OWNER.set(obj, file);
  return file;
}

function collectObjects(file: ParsedFile, doc: Document.Parsed, docIndex: number): void {
  const root = doc.contents;
  if (!isMap(root)) return; // scalars, lists and empty documents are not Kubernetes objects
  const top = toObject(file.uri, doc, docIndex, root);
  const items = get(doc, root, 'items');
  if (top.kind && /List$/.test(top.kind) && isSeq(items)) {
    items.items.forEach((item, listIndex) => {
      const node = isMap(item) ? item : undefined;
      if (node) file.objects.push({ ...toObject(file.uri, doc, docIndex, node), listIndex });
    });
    return;
  }
  file.objects.push(top);
}

function toObject(uri: string, doc: Document.Parsed, docIndex: number, node: YAMLMap): ManifestObject {
  const obj: ManifestObject = { uri, docIndex, doc, node, span: spanOf(node) ?? { start: 0, end: 0 } };
  const apiVersion = scalarString(get(doc, node, 'apiVersion'));
  const kind = scalarString(get(doc, node, 'kind'));
  const meta = get(doc, node, 'metadata');
  const name = isMap(meta) ? scalarString(get(doc, meta, 'name')) : undefined;
  const namespace = isMap(meta) ? scalarString(get(doc, meta, 'namespace')) : undefined;
  if (apiVersion !== undefined) obj.apiVersion = apiVersion;
  if (kind !== undefined) obj.kind = kind;
  if (name !== undefined) obj.name = name;
  if (namespace !== undefined) obj.namespace = namespace;
  return obj;
}

function hasAliasBomb(doc: Document.Parsed, text: string): boolean {
  const range = doc.range;
  if (text.slice(range[0], range[2]).indexOf('*') === -1) return false; // no alias can exist: skip the walk
  let aliases = 0;
  visit(doc, { Alias: () => void aliases++ });
  if (aliases === 0) return false;
  try {
    doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return false;
  } catch {
    return true;
  }
}

const KEY_RE = /"(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'|[^\s:#,[\]{}][^:\n]*?(?=\s*:(?:\s|$))/y;

function keyLength(text: string, start: number): number {
  KEY_RE.lastIndex = start;
  const m = KEY_RE.exec(text);
  return m ? m[0].length : 1;
}

function cleanMessage(message: string): string {
  // The yaml library appends "at line N, column M" plus a code excerpt; the editor shows the range itself.
  return message.replace(/ at line \d+, column \d+[\s\S]*$/, '').trim();
}
