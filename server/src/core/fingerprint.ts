// What a file contributes to the workspace, without positions: after an edit that leaves it unchanged (a
// `replicas:` value, a comment, a field the model does not read), every workspace-level result is the previous
// one with its offsets moved (core/shift.ts), so nothing else needs judging again. Per object, carried over
// from the previous parse of an untouched document (parse/incremental.ts), so an edit keys only what it touched.
import { detectStyle } from './fixes/yaml-text.ts';
import { finish } from './steps.ts';
import { extractedObject } from './model/build.ts';
import { isKustomizationUri } from './model/kustomize/paths.ts';
import type { Options } from './options.ts';
import { carriedFrom } from './parse/incremental.ts';
import type { ManifestObject, ParsedFile } from './parse/parse.ts';
import { isRejected } from './validate/index.ts';

export interface Fingerprint {
  /** The file as a whole: style (fixes write it), template kind; a kustomization's whole text. */
  head: string;
  /** One key per object, in order; equal keys are the same string (carried), so comparing is cheap. */
  keys: string[];
  /**
   * Per key, the model table its object feeds ('namespace', 'workload', 'service', 'policy'), 'raw' for an object
   * no model reader takes (routing objects, kustomizations: read whole by others) and 'unknown' for an unreadable
   * one: an edit's changed keys say which tables it may change (core/rejudge.ts).
   */
  parts: ObjectPart[];
}

// 'cidrGroup' is no table rules declare (rejudge.ts): an edit of a CiliumCIDRGroup re-judges every rule.
export type ObjectPart = 'namespace' | 'workload' | 'service' | 'cidrGroup' | 'policy' | 'raw' | 'unknown';

const KEYS = new WeakMap<ManifestObject, { options: Options; docIndex: number; key: string; part: ObjectPart }>();
const PRINTS = new WeakMap<ParsedFile, { options: Options; print: Fingerprint }>();
let unique = 0;

/** Whether two fingerprints say the same (then the workspace model is the same up to positions). */
export function samePrint(a: Fingerprint, b: Fingerprint): boolean {
  return a === b || (a.head === b.head && a.keys.length === b.keys.length && a.keys.every((k, i) => k === b.keys[i]));
}

/** The fingerprint taken of `file` under `options` while it was current, if one was. */
export function printOf(file: ParsedFile, options: Options): Fingerprint | undefined {
  const hit = PRINTS.get(file);
  return hit && hit.options === options ? hit.print : undefined;
}

/**
 * The file's fingerprint under `options`. Must be taken while the parse is current: a later incremental parse
 * moves its documents (the style is read from the text at the documents' offsets).
 */
export function fingerprint(file: ParsedFile, options: Options): Fingerprint {
  return finish(fingerprintSteps(file, options));
}

/** Objects keyed between two stops of fingerprintSteps (a first key reads the object's draft: ~0.1 ms). */
const KEYS_PER_STEP = 64;

/**
 * fingerprint, stopping (`yield`) every KEYS_PER_STEP objects: the first edit of a file of thousands of objects
 * keys every one (0.5 s for 5,000). The parse must stay current until it ends (an adapter drops it otherwise).
 */
export function* fingerprintSteps(file: ParsedFile, options: Options): Generator<void, Fingerprint, void> {
  const hit = PRINTS.get(file);
  if (hit && hit.options === options) return hit.print;
  const keys: string[] = [];
  const parts: ObjectPart[] = [];
  for (const [i, o] of file.objects.entries()) {
    if (i > 0 && i % KEYS_PER_STEP === 0) yield;
    const k = objectKey(file, o, options);
    keys.push(k.key);
    parts.push(k.part);
  }
  const style = JSON.stringify(detectStyle(file.text, file.docs));
  // A kustomization is read as a whole by the builds (resources, patches, namespaces): every edit counts.
  const head = isKustomizationUri(file.uri) ? `kustomization\u0000${file.text}` : `${style}\u0000${JSON.stringify(file.template ?? null)}`;
  const print = { head, keys, parts };
  PRINTS.set(file, { options, print });
  return print;
}

function objectKey(file: ParsedFile, obj: ManifestObject, options: Options): { key: string; part: ObjectPart } {
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
