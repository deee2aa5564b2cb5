// What a file contributes to the workspace, without positions: after an edit that leaves it unchanged (a
// `replicas:` value, a comment, a field the model does not read), every workspace-level result is the previous
// one with its offsets moved (core/shift.ts), so nothing else needs judging again. Objects are keyed only where
// compared, and an object carried over an edit from the previous parse (parse/incremental.ts) is the same without
// keying: an edit keys only what it touched.
import { detectStyle } from './fixes/yaml-text.ts';
import { finish } from './steps.ts';
import { extractedObject } from './model/extract.ts';
import { isKustomizationUri } from './model/kustomize/paths.ts';
import type { Options } from './options.ts';
import { carriedFrom, consumed } from './parse/incremental.ts';
import type { ManifestObject, ParsedFile } from './parse/parse.ts';
import { slot } from './slots.ts';
import { isRejected } from './validate/index.ts';

export interface Fingerprint {
  /** The file as a whole: style (fixes write it), template kind; a kustomization's whole text. */
  head: string;
  /** The parse it was taken of, and that parse's objects in order (one key each, computed when compared). */
  file: ParsedFile;
  objects: readonly ManifestObject[];
  options: Options;
}

// 'cidrGroup' is no table rules declare (rejudge.ts): an edit of a CiliumCIDRGroup re-judges every rule.
export type ObjectPart = 'namespace' | 'workload' | 'service' | 'cidrGroup' | 'policy' | 'raw' | 'unknown';

/**
 * Per object: its key and the model table its object feeds ('namespace', 'workload', 'service', 'policy'), 'raw'
 * for an object no model reader takes (routing objects, kustomizations: read whole by others) and 'unknown' for an
 * unreadable one: an edit's changed keys say which tables it may change (core/rejudge.ts).
 */
export interface ObjectKey {
  key: string;
  part: ObjectPart;
}

const KEYS = new WeakMap<ManifestObject, { options: Options; docIndex: number; key: string; part: ObjectPart }>();
// A slot, not a WeakMap: the print holds its parse (`file`), and a WeakMap value that holds its own key keeps the
// whole parse alive through every scavenge, until a full GC (bench/README.md, seventeenth session).
const PRINTS = slot<ParsedFile, { options: Options; print: Fingerprint }>();
let unique = 0;
let computed = 0;

/** How many object keys were computed so far (tests: an edit keys only the objects it touched). */
export function keysComputed(): number {
  return computed;
}

/**
 * Whether object `i` of two fingerprints (of one file before and after an edit) says the same: true when the later
 * object is the earlier one carried over an edit that did not touch its document (parse/incremental.ts carriedFrom:
 * same Document and nodes, same place in the file), without keying either (keying every object of a 5 MB file cost
 * ~130 ms on its first keystroke); else their keys compared. Undefined when the earlier object can no longer be keyed
 * (its document was moved by the re-parse, and it was not keyed before): the caller takes the full path.
 */
export function sameAt(before: Fingerprint, after: Fingerprint, i: number): boolean | undefined {
  const a = before.objects[i];
  const b = after.objects[i];
  if (!a || !b) return a === b;
  if (a === b) return true;
  const carried = carriedFrom(b);
  if (before.options === after.options && carried && carried.from === a && a.docIndex === b.docIndex && a.doc === b.doc) return true;
  const ka = keyAt(before, i);
  return ka === undefined ? undefined : ka.key === keyAt(after, i)?.key;
}

/**
 * Object `i`'s key. An earlier parse an incremental re-parse consumed lent its untouched documents to the later
 * one, moved in place: an object whose nodes no longer start where it was read is keyed only if it was before (its
 * nodes are at another text's offsets now). The documents the edit replaced, and those it did not move, keep their
 * nodes where the earlier text has them, and are keyed as ever.
 */
export function keyAt(print: Fingerprint, i: number): ObjectKey | undefined {
  const obj = print.objects[i];
  if (!obj) return undefined;
  const hit = KEYS.get(obj);
  if (hit && hit.options === print.options) return hit;
  if (consumed(print.file) && obj.node.range?.[0] !== obj.span.start) return undefined;
  return objectKey(print.file, obj, print.options);
}

/** Whether two fingerprints say the same (then the workspace model is the same up to positions). */
export function samePrint(a: Fingerprint, b: Fingerprint): boolean {
  if (a === b) return true;
  if (a.head !== b.head || a.objects.length !== b.objects.length || a.options !== b.options) return false;
  for (let i = 0; i < b.objects.length; i++) if (sameAt(a, b, i) !== true) return false;
  return true;
}

/** The fingerprint taken of `file` under `options` while it was current, if one was. */
export function printOf(file: ParsedFile, options: Options): Fingerprint | undefined {
  const hit = PRINTS.get(file);
  return hit && hit.options === options ? hit.print : undefined;
}

/**
 * The file's fingerprint under `options`. Must be taken while the parse is current: a later incremental parse
 * moves its documents (the style is read from the text at the documents' offsets). Objects are keyed only when
 * compared (sameAt, keyAt).
 */
export function fingerprint(file: ParsedFile, options: Options): Fingerprint {
  return finish(fingerprintSteps(file, options));
}

/**
 * fingerprint, as steps (an adapter drives it between requests). Only the file's head is read now: it stops no
 * more, since the objects' keys are taken when compared.
 */
// eslint-disable-next-line require-yield
export function* fingerprintSteps(file: ParsedFile, options: Options): Generator<void, Fingerprint, void> {
  const hit = PRINTS.get(file);
  if (hit && hit.options === options) return hit.print;
  const style = JSON.stringify(detectStyle(file.text, file.docs));
  // A kustomization is read as a whole by the builds (resources, patches, namespaces): every edit counts.
  const head = isKustomizationUri(file.uri) ? `kustomization\u0000${file.text}` : `${style}\u0000${JSON.stringify(file.template ?? null)}`;
  const print: Fingerprint = { head, file, objects: file.objects, options };
  PRINTS.set(file, { options, print });
  return print;
}

function objectKey(file: ParsedFile, obj: ManifestObject, options: Options): ObjectKey {
  const hit = KEYS.get(obj);
  if (hit && hit.options === options) return hit;
  const carried = carriedFrom(obj);
  const before = carried && KEYS.get(carried.from);
  // A moved document keeps its key unless its place in the file changed (origins carry the document index).
  const k = before && before.options === options && before.docIndex === obj.docIndex ? before : computeKey(file, obj, options);
  const entry = { options, docIndex: obj.docIndex, key: k.key, part: k.part };
  KEYS.set(obj, entry);
  return entry;
}

function computeKey(file: ParsedFile, obj: ManifestObject, options: Options): { key: string; part: ObjectPart } {
  computed++;
  try {
    const head = `${obj.docIndex}/${obj.listIndex ?? ''}/${obj.apiVersion ?? ''}/${obj.kind ?? ''}/${obj.name ?? ''}/${obj.namespace ?? ''}/${obj.kindFromList === true}`;
    const entry = extractedObject(file, obj, options);
    // What the model reads (its drafts, positions dropped); the rest (routing objects, Flux Kustomizations,
    // objects no kind reads) by their whole data and validity, as the routing model and the builds read them.
    if (entry) return { key: `${head}\u0000${entry.type}\u0000${semanticJson(entry.value)}`, part: entry.type };
    return { key: `${head}\u0000raw\u0000${isRejected(obj, options)}\u0000${JSON.stringify(obj.node.toJS(obj.doc))}`, part: 'raw' };
  } catch {
    // Unreadable (an alias bomb): never equal to anything, so the edit takes the full path.
    return { key: `unique ${++unique}`, part: 'unknown' };
  }
}

/** Whether a key names offsets (`span`, `nameSpan`, `spans`, ...): positions, not meaning. */
export function isOffsetKey(key: string): boolean {
  return key === 'span' || key === 'spans' || key.endsWith('Span') || key.endsWith('Spans');
}

/** JSON of a draft without its offsets; the object it was read from and the kind entry by name only. */
export function semanticJson(value: unknown): string {
  return JSON.stringify(value, function (key, v: unknown) {
    if (isOffsetKey(key) || key === 'obj') return undefined;
    if (key === 'entry' && typeof v === 'object' && v !== null && 'keys' in v) return (v as { keys: readonly string[] }).keys.join(',');
    if (v instanceof Map) return { map: [...(v as Map<unknown, unknown>).entries()] };
    if (v instanceof Set) return { set: [...(v as Set<unknown>)] };
    // A function could hide anything it closes over: never equal, the full path decides.
    if (typeof v === 'function') return `fn ${++unique}`;
    return v;
  });
}
