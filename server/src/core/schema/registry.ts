// The field schema of an object by apiVersion/kind: NetworkPolicy's hand-written one, the CRD kinds' generated ones.
import type { ManifestObject } from '../parse/parse.ts';
import { isNetworkPolicy } from '../kinds.ts';
import { crdSchema } from './crd.ts';
import { kindEntryOf } from '../kinds/registry.ts';
import { NETWORK_POLICY } from './networkpolicy.ts';
import type { FieldSchema } from './types.ts';

/** The schema the API server validates `obj` against, or undefined for kinds NetLens does not validate. */
export function schemaForObject(obj: Pick<ManifestObject, 'apiVersion' | 'kind'>): FieldSchema | undefined {
  if (isNetworkPolicy(obj)) return NETWORK_POLICY;
  // A kind folder that knows its schema says so; other CRD kinds (Cilium) come from the generated table.
  return kindEntryOf(obj)?.schema?.(obj) ?? crdSchema(obj.apiVersion, obj.kind);
}

/** True when NetLens knows the object's schema (NetworkPolicy, Cilium policies, Gateway API kinds). */
export function hasSchema(obj: Pick<ManifestObject, 'apiVersion' | 'kind'>): boolean {
  return schemaForObject(obj) !== undefined;
}
