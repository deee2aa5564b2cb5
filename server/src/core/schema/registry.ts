// The field schema of an object by apiVersion/kind: NetworkPolicy's hand-written one, the CRD kinds' generated ones.
import type { ManifestObject } from '../parse/parse.ts';
import { isNetworkPolicy } from '../kinds.ts';
import { crdSchema } from './crd.ts';
import { kindEntryOf } from '../kinds/registry.ts';
import { NETWORK_POLICY } from './networkpolicy.ts';
import type { FieldSchema } from './types.ts';

// Every schema rule asks for each object, and their appliesTo too (several times per object): the answer, which
// depends on apiVersion and kind alone, is kept per pair. Input may name any number of kinds, so the table is
// emptied once it holds MAX_KNOWN pairs. null: no schema.
const KNOWN = new Map<string | undefined, Map<string | undefined, FieldSchema | null>>();
const MAX_KNOWN = 512;
let knownCount = 0;

/** The schema the API server validates `obj` against, or undefined for kinds NetLens does not validate. */
export function schemaForObject(obj: Pick<ManifestObject, 'apiVersion' | 'kind'>): FieldSchema | undefined {
  const { apiVersion, kind } = obj;
  let byVersion = KNOWN.get(kind);
  const hit = byVersion?.get(apiVersion);
  if (hit !== undefined) return hit ?? undefined;
  const schema = lookUp({ apiVersion, kind });
  if (knownCount >= MAX_KNOWN) {
    KNOWN.clear();
    knownCount = 0;
    byVersion = undefined;
  }
  if (!byVersion) KNOWN.set(kind, (byVersion = new Map()));
  byVersion.set(apiVersion, schema ?? null);
  knownCount++;
  return schema;
}

function lookUp(obj: Pick<ManifestObject, 'apiVersion' | 'kind'>): FieldSchema | undefined {
  if (isNetworkPolicy(obj)) return NETWORK_POLICY;
  // A kind folder that knows its schema says so; other CRD kinds (Cilium) come from the generated table.
  return kindEntryOf(obj)?.schema?.(obj) ?? crdSchema(obj.apiVersion, obj.kind);
}

/** True when NetLens knows the object's schema (NetworkPolicy, Cilium policies, Gateway API kinds). */
export function hasSchema(obj: Pick<ManifestObject, 'apiVersion' | 'kind'>): boolean {
  return schemaForObject(obj) !== undefined;
}
