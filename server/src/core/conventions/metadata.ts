// Reads a policy object's labels and annotations as written, for the required-label/annotation conventions.
import { isMap } from 'yaml';
import { entries, get, scalarValue } from '../parse/access.ts';
import type { ManifestObject } from '../parse/parse.ts';

/** `metadata.<field>` as key -> value text (non-string scalars as their text; collections as ''). */
export function metadataMap(obj: ManifestObject, field: 'labels' | 'annotations'): Map<string, string> {
  const meta = get(obj.doc, obj.node, 'metadata');
  const out = new Map<string, string>();
  if (!isMap(meta)) return out;
  for (const e of entries(obj.doc, get(obj.doc, meta, field))) {
    const v = scalarValue(e.value);
    out.set(e.key, v === undefined || v === null ? '' : String(v));
  }
  return out;
}

/** Required entries (`key` or `key=value`) that the map lacks, in the order configured. */
export function missingEntries(have: ReadonlyMap<string, string>, required: readonly string[]): string[] {
  return required.filter((req) => {
    const eq = req.indexOf('=');
    if (eq === -1) return !have.has(req.trim());
    const key = req.slice(0, eq).trim();
    return have.get(key) !== req.slice(eq + 1).trim();
  });
}
