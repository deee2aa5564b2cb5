// Field schemas of the CRD kinds (Cilium, Gateway API), generated from the upstream CRDs by scripts/gen-schemas.mjs.
import cilium from './generated/cilium.json';
import gateway from './generated/gateway.json';
import { OBJECT_META } from './meta.ts';
import type { FieldSchema } from './types.ts';

interface Generated {
  scopes: Record<string, string>;
  defs: unknown[];
  kinds: Record<string, unknown>;
}

/** Resolves the generator's shared subtrees ({"$ref": n}) into one object each (schemas are read-only). */
function resolve(data: Generated): Map<string, { schema: FieldSchema; scope: string }> {
  const done = new Map<number, unknown>();
  const fix = (v: unknown): unknown => {
    if (!v || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map(fix);
    const ref = (v as { $ref?: unknown }).$ref;
    if (typeof ref === 'number') {
      let hit = done.get(ref);
      if (!hit) {
        hit = {};
        done.set(ref, hit); // set first: a subtree never contains itself, but keep the table consistent
        Object.assign(hit as object, fix(data.defs[ref]) as object);
      }
      return hit;
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fix(x)]));
  };
  const out = new Map<string, { schema: FieldSchema; scope: string }>();
  for (const [gvk, raw] of Object.entries(data.kinds)) {
    const schema = fix(raw) as FieldSchema;
    // The CRD leaves metadata open; the API server still validates it as ObjectMeta, and prunes the keys
    // ObjectMeta does not have from a custom resource instead of refusing them.
    const withMeta: FieldSchema = { ...schema, fields: { ...(schema.fields ?? {}), metadata: CR_META } };
    out.set(gvk, { schema: withMeta, scope: data.scopes[gvk] ?? 'Namespaced' });
  }
  return out;
}

const CR_META: FieldSchema = { ...OBJECT_META, preserveUnknown: true };

let table: Map<string, { schema: FieldSchema; scope: string }> | undefined;

function all(): Map<string, { schema: FieldSchema; scope: string }> {
  table ??= new Map([...resolve(cilium as Generated), ...resolve(gateway as Generated)]);
  return table;
}

/** The schema of a CRD kind by apiVersion (`group/version`) and kind, or undefined when it is not one of ours. */
export function crdSchema(apiVersion: string | undefined, kind: string | undefined): FieldSchema | undefined {
  if (!apiVersion || !kind) return undefined;
  return all().get(`${apiVersion}/${kind}`)?.schema;
}

/** Every generated apiVersion/kind pair (for tests and docs). */
export function crdKinds(): { apiVersion: string; kind: string; scope: string }[] {
  return [...all().entries()].map(([gvk, v]) => {
    const i = gvk.lastIndexOf('/');
    return { apiVersion: gvk.slice(0, i), kind: gvk.slice(i + 1), scope: v.scope };
  });
}

/**
 * The served versions of one CRD kind (`v1`, `v1beta1`, in the generated table's order), read from the table's keys
 * without resolving any schema: the kind registry asks this while loading.
 */
export function crdVersions(group: string, kind: string): string[] {
  const out: string[] = [];
  for (const data of [cilium, gateway] as Generated[]) {
    for (const gvk of Object.keys(data.kinds)) {
      const [g, v, k] = gvk.split('/');
      if (g === group && k === kind && v !== undefined) out.push(v);
    }
  }
  return out;
}
