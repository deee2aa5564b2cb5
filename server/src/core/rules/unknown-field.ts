// Keys an object's schema does not have (NetworkPolicy, Cilium, Gateway API): strict field validation (kubectl apply's default) rejects them.
import { isScalar, Scalar } from 'yaml';
import { keySpan } from '../parse/access.ts';
import { hasSchema, schemaForObject } from '../schema/registry.ts';
import { isTemplated } from '../parse/template.ts';
import { closestName } from '../schema/suggest.ts';
import { formatPath, type FieldSchema } from '../schema/types.ts';
import { schemaFindings, valueKind, type UnknownFieldEvent } from '../schema/walk.ts';
import type { Fix } from '../types.ts';
import type { Rule } from './rule.ts';

const fieldsOf = (s: FieldSchema | undefined): string[] => Object.keys(s?.fields ?? {});

/** What advice reads of a map's keys, once per map: its keys, and which empty known key each field would belong under. */
interface SiblingFacts {
  keys: Set<string>;
  /** A field of an empty sibling's schema -> the first such sibling, in the map's order. */
  emptyOwner: Map<string, string>;
}

// Per map (its unknown keys' events share one siblings list, schema/walk.ts): asking every sibling for each unknown
// key was quadratic; a Gateway spec with 1,600 unknown keys took 0.6 s to check and held a hover for a second.
const FACTS = new WeakMap<UnknownFieldEvent['siblings'], SiblingFacts>();

function siblingFacts(e: UnknownFieldEvent): SiblingFacts {
  let facts = FACTS.get(e.siblings);
  if (!facts) {
    const fields = e.parent.fields ?? {};
    facts = { keys: new Set(e.siblings.map((s) => s.key)), emptyOwner: new Map() };
    for (const sib of e.siblings) {
      if (valueKind(sib.value) !== 'null') continue;
      const sibSchema = Object.hasOwn(fields, sib.key) ? fields[sib.key] : undefined;
      for (const f of fieldsOf(sibSchema)) if (!facts.emptyOwner.has(f)) facts.emptyOwner.set(f, sib.key);
    }
    FACTS.set(e.siblings, facts);
  }
  return facts;
}

/** Explains the most likely cause: a typo, a key indented too deep, or one that belongs under an empty sibling. */
function advice(e: UnknownFieldEvent): { text: string; rename?: string } {
  const removedFields = e.parent.removedFields ?? {};
  const removed = Object.hasOwn(removedFields, e.key) ? removedFields[e.key] : undefined;
  if (removed) return { text: ` ${capitalise(removed)}; remove it.` };
  const rename = closestName(e.key, fieldsOf(e.parent));
  if (rename && rename !== e.key) {
    // Renaming onto a key the map already has would only trade this error for a duplicate key.
    if (siblingFacts(e).keys.has(rename)) return { text: ` Did you mean \`${rename}\`? It is already set in this map; remove one of them.` };
    return { text: ` Did you mean \`${rename}\`?`, rename };
  }
  // `podSelector:` left empty with its `matchLabels` on the next line at the same indentation. (The unknown key is
  // never its own owner: a key with a schema of its own is a known field.)
  const owner = siblingFacts(e).emptyOwner.get(e.key);
  if (owner !== undefined) {
    return { text: ` It looks mis-indented: \`${owner}\` above is empty, and \`${e.key}\` is one of its fields; indent it under \`${owner}\`.` };
  }
  if (e.grandparent && fieldsOf(e.grandparent).includes(e.key)) {
    const owner = e.grandparent.typeName ?? 'the enclosing object';
    return { text: ` It is a field of ${owner}, one level up: it looks indented too deep.` };
  }
  const known = fieldsOf(e.parent);
  return { text: known.length > 0 ? ` Known fields: ${known.join(', ')}.` : '' };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export const rule: Rule = {
  code: 'unknown-field',
  defaultSeverity: 'error',
  validation: 'schema',
  description: 'A key that is not a field of the object\'s schema (NetworkPolicy, Cilium and Gateway API kinds, at any level); the API server rejects it with strict field validation.',
  appliesTo: hasSchema,
  checkObject(obj, ctx) {
    const schema = schemaForObject(obj);
    if (!schema) return;
    // The walk wrong-type and the constraint checks share (schema/walk.ts schemaFindings).
    for (const e of schemaFindings(obj.doc, obj.node, schema).unknownFields) {
      const span = keySpan(e.pair);
      // A Flux-substituted key (`${FIELD}: ...`) may well become a known field once substituted.
      if (!span || isTemplated(e.key)) continue;
      const where = e.path.length === 0 ? `at the top level of a ${obj.kind ?? 'manifest'}` : `in ${formatPath(e.path)}${e.parent.typeName ? ` (${e.parent.typeName})` : ''}`;
      const { text, rename } = advice(e);
      const fixes: Fix[] = [];
      if (rename && isScalar(e.pair.key) && e.pair.key.type === Scalar.PLAIN) {
        fixes.push({ title: `Rename to ${rename}`, edits: [{ span, newText: rename }], isPreferred: true });
      }
      ctx.report({
        span,
        message: `Unknown field "${e.key}" ${where}: the API server rejects it (strict field validation, the default of kubectl apply).${text}`,
        fixes,
      });
    }
  },
};
