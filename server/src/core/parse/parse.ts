// Text -> YAML documents -> manifest objects (with offsets). Never throws; problems become parse issues.
import { finish } from '../steps.ts';
import { slot } from '../slots.ts';
import { isMap, isSeq, visit, type Document, type YAMLMap } from 'yaml';
import { LineIndex, type Span } from '../source.ts';
// Not toLocaleString: its first call in a process loads ICU data (about 150 ms measured in the server).
import { grouped } from '../hover/format.ts';
import { anyMarker, detectFlux, structuralMarker, type TemplateInfo, type TemplatedDoc } from './template.ts';
import { isModelledKind } from '../kinds.ts';
import { get, scalarString, spanOf } from './access.ts';
import { aliasFree, boundedParseSteps, MAX_DOCUMENT_TOKENS, MAX_NESTING, normaliseLineBreaks, setOversized, type BoundedParse } from './bounded.ts';

export type ParseIssueKind = 'syntax' | 'duplicate-key' | 'alias-limit' | 'too-large' | 'binary' | 'too-deep' | 'too-large-document';

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
  /** Kind and apiVersion come from the enclosing typed list (`NetworkPolicyList` items without them). */
  kindFromList?: boolean;
}

export interface ParsedFile {
  uri: string;
  text: string;
  lines: LineIndex;
  docs: Document.Parsed[];
  objects: ManifestObject[];
  issues: ParseIssue[];
  /** Set when the file holds Flux substitution (`${VAR}`): still YAML, only those values are unknown. */
  template?: TemplateInfo;
  /** Documents that are Helm/Jinja templates: neither checked nor modelled (the others of the file are). */
  templated: TemplatedDoc[];
}

// The file each object was read from: validation needs its text (spans, fixes) while callers hold only the object.
// A slot on the object (core/slots.ts), alive exactly as long as it: as a WeakMap, each entry's value (the file)
// held the other keys (its objects), and the full GC spent ~90% of its ~200 ms pause at 2,000 files on that chain.
const OWNER = slot<ManifestObject, ParsedFile>();

/** The parsed file an object came from (undefined for an object parseFile did not produce). */
export function fileOfObject(obj: ManifestObject): ParsedFile | undefined {
  return OWNER.get(obj);
}

/** Makes `file` the owner of its objects (a file assembled from another thread's parse: parse/skeleton.ts). */
export function ownObjects(file: ParsedFile): void {
  for (const obj of file.objects) OWNER.set(obj, file);
}

export interface ParseOptions {
  maxFileSize: number;
}

// Expanding more aliases than this is treated as an alias bomb (the yaml library counts expansions).
const MAX_ALIAS_COUNT = 1000;

export function parseFile(uri: string, rawText: string, opts: ParseOptions): ParsedFile {
  return finish(parseWholeSteps(uri, rawText, opts));
}

/**
 * parseFile, stopping (`yield`) inside the parse of the whole text (bounded.ts boundedParseSteps) and between
 * documents read into objects: a declined huge document is counted and parsed without blocking an adapter.
 */
export function* parseWholeSteps(uri: string, rawText: string, opts: ParseOptions): Generator<void, ParsedFile, void> {
  // Lone CRs are line breaks to YAML and LSP alike; the parser sees LFs instead (offsets are unchanged).
  const text = normaliseLineBreaks(rawText);
  const base = { uri, text, docs: [], objects: [], templated: [] };
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
  return yield* fileFromParseSteps(uri, text, yield* boundedParseSteps(text));
}

/**
 * The file of a parse of its whole text: issues, templates and objects per document. Shared by the full and the
 * incremental parse (parse/incremental.ts), so both read documents alike.
 */
export function fileFromParse(uri: string, text: string, parsed: BoundedParse): ParsedFile {
  return finish(fileFromParseSteps(uri, text, parsed));
}

/** Documents read into objects between two stops of fileFromParseSteps. */
const DOCS_PER_STEP = 200;

/** fileFromParse, stopping (`yield`) after every DOCS_PER_STEP documents (parse/sliced.ts, for large files). */
export function* fileFromParseSteps(uri: string, text: string, parsed: BoundedParse): Generator<void, ParsedFile, void> {
  const base = { uri, text, docs: [], objects: [], templated: [] };
  if (parsed.tooDeepAt !== undefined) {
    const lines = new LineIndex(text);
    const at = parsed.tooDeepAt;
    return {
      ...base,
      lines,
      issues: [{ kind: 'too-deep', span: { start: at, end: at }, message: `Collections nest more than ${MAX_NESTING} levels deep here (line ${lines.positionAt(at).line + 1}); the file was skipped.` }],
    };
  }
  const docList = parsed.docs;
  const file: ParsedFile = { ...base, lines: new LineIndex(text), docs: docList, issues: [] };
  const flux = detectFlux(text);
  if (flux) file.template = flux;

  let dup = 0;
  for (let docIndex = 0; docIndex < docList.length; docIndex++) {
    if (docIndex > 0 && docIndex % DOCS_PER_STEP === 0) yield;
    readDocument(docIndex);
  }
  function readDocument(docIndex: number): void {
    const doc = docList[docIndex] as Document.Parsed;
    // Duplicate keys (found in linear time by boundedParse) of this document, in source order.
    const docEnd = doc.errors.length > 0 ? (docList[docIndex + 1]?.range[0] ?? text.length) : doc.range[2];
    const dups: { start: number; end: number }[] = [];
    for (; dup < parsed.duplicates.length && (parsed.duplicates[dup]?.start ?? Infinity) < docEnd; dup++) dups.push(parsed.duplicates[dup] as { start: number; end: number });
    if (doc.errors.length > 0) {
      // Template syntax where YAML structure would be: the document is a template, not broken YAML. After an
      // error the parser's range may stop early: the document runs to the next one.
      const marker = anyMarker(text, doc.range[0], docEnd);
      if (marker) {
        file.templated.push({ ...marker, docIndex, unparsable: true, ...guessIdentity(text.slice(doc.range[0], docEnd)) });
        return;
      }
    }
    const issuesBefore = file.issues.length;
    for (const e of doc.errors) {
      const [start, end] = e.pos;
      file.issues.push({ kind: 'syntax', span: { start, end: Math.max(end, start) }, message: cleanMessage(e.message) });
    }
    for (const d of dups) {
      file.issues.push({ kind: 'duplicate-key', span: { start: d.start, end: Math.max(d.end, d.start + keyLength(text, d.start)) }, message: 'Map keys must be unique' });
    }
    if (doc.errors.length > 0) return; // structure unreliable: index nothing
    if (hasAliasBomb(doc, text)) {
      file.issues.push({ kind: 'alias-limit', span: spanOf(doc.contents) ?? { start: 0, end: 0 }, message: `Aliases in this document expand to more than ${MAX_ALIAS_COUNT} nodes; it was skipped (a YAML "billion laughs" pattern).` });
      return;
    }
    const objects = collectObjects(file.uri, doc, docIndex);
    // Template syntax in a key or value of an object we model: its values are not the ones deployed.
    for (const obj of objects) {
      const marker = obj.kind && isModelledKind(obj.kind) ? structuralMarker(doc, text, obj.span) : undefined;
      if (!marker) continue;
      const t: TemplatedDoc = { ...marker, docIndex, unparsable: false, objectKind: obj.kind };
      if (obj.name !== undefined) t.name = obj.name;
      file.templated.push(t);
      file.issues.length = issuesBefore; // a template's duplicate keys may be its branches ({{ if }} ... {{ else }})
      return;
    }
    file.objects.push(...objects);
  }
  if (parsed.oversized && parsed.oversized.length > 0) {
    for (const o of parsed.oversized) file.issues.push(oversizedIssue(text, o));
    file.issues.sort((a, b) => a.span.start - b.span.start);
    setOversized(file, parsed.oversized);
  }
  for (const obj of file.objects) OWNER.set(obj, file);
  return file;
}

/** The notice of a document skipped for its size: on its first line (at most 100 characters of it). */
function oversizedIssue(text: string, o: { start: number; end: number }): ParseIssue {
  const eol = text.indexOf('\n', o.start);
  const end = Math.min(eol === -1 ? text.length : eol, o.start + 100, o.end);
  const size = o.end - o.start >= 100_000 ? `${((o.end - o.start) / 1_000_000).toFixed(1)} MB` : `${Math.ceil((o.end - o.start) / 1000)} KB`;
  const message = `This YAML document (${size}) holds more than ${grouped(MAX_DOCUMENT_TOKENS)} keys, values and other tokens, more than NetLens analyses in one document; it was skipped (the file's other documents are analysed).`;
  return { kind: 'too-large-document', span: { start: o.start, end: Math.max(end, o.start) }, message };
}

/** Kind and name of a document that does not parse, read from its text (best effort, for the notice). */
function guessIdentity(text: string): { objectKind?: string; name?: string } {
  const out: { objectKind?: string; name?: string } = {};
  const kind = /^kind:[ \t]*["']?([A-Za-z][\w.-]*)/m.exec(text)?.[1];
  const name = /^[ \t]+name:[ \t]*["']?([^\s"'#]+)/m.exec(text)?.[1];
  if (kind) out.objectKind = kind;
  if (name) out.name = name;
  return out;
}

/**
 * The objects of one document: the document itself, or the items of a list. Items of a typed list
 * (`NetworkPolicyList`, ...) that give neither kind nor apiVersion take the list's kind minus `List` and its
 * apiVersion, as the API machinery's unstructured list decoding does.
 */
function collectObjects(uri: string, doc: Document.Parsed, docIndex: number): ManifestObject[] {
  const root = doc.contents;
  if (!isMap(root)) return []; // scalars, lists and empty documents are not Kubernetes objects
  const top = toObject(uri, doc, docIndex, root);
  const items = get(doc, root, 'items');
  if (top.kind && /List$/.test(top.kind) && isSeq(items)) {
    const itemKind = top.kind === 'List' ? undefined : top.kind.slice(0, -'List'.length);
    const out: ManifestObject[] = [];
    items.items.forEach((item, listIndex) => {
      if (!isMap(item)) return;
      const obj: ManifestObject = { ...toObject(uri, doc, docIndex, item), listIndex };
      if (itemKind && obj.kind === undefined && obj.apiVersion === undefined) {
        obj.kind = itemKind;
        if (top.apiVersion !== undefined) obj.apiVersion = top.apiVersion;
        obj.kindFromList = true;
      }
      out.push(obj);
    });
    return out;
  }
  return [top];
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
  // boundedParse met no alias in this document (its duplicate-key walk sees every node): nothing can expand.
  if (aliasFree(doc)) return false;
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
