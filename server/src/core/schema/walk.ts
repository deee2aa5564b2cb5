// Walks a YAML node against a FieldSchema and reports unknown keys and values of the wrong JSON type.
import { isMap, isScalar, isSeq, Scalar, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { deref, entries } from '../parse/access.ts';
import { aliasFree } from '../parse/bounded.ts';
import { isTemplated } from '../parse/template.ts';
import { constrains } from './constrained.ts';
import type { FieldSchema, PathSegment } from './types.ts';

export type ValueKind = 'null' | 'string' | 'number' | 'boolean' | 'map' | 'list';

// kubectl turns YAML into JSON with a YAML 1.1 parser (sigs.k8s.io/yaml), which reads these plain words as
// booleans, while YAML 1.2 (and editors) read them as strings.
const YAML11_BOOL = /^(?:yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF)$/;

/** The JSON type a value has once kubectl has converted it (an absent value counts as null). */
export function valueKind(node: unknown): ValueKind {
  if (node === undefined || node === null) return 'null';
  if (isMap(node)) return 'map';
  if (isSeq(node)) return 'list';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'number' || typeof v === 'bigint') return 'number';
    if (typeof v === 'boolean') return 'boolean';
    if (typeof v === 'string' && node.type === Scalar.PLAIN && YAML11_BOOL.test(v)) return 'boolean';
    return 'string';
  }
  return 'null';
}

/** True for a plain `yes`/`no`/`on`/`off`, which YAML 1.2 reads as a string but kubectl as a boolean. */
export function isYaml11Bool(node: unknown): boolean {
  return isScalar(node) && typeof node.value === 'string' && node.type === Scalar.PLAIN && YAML11_BOOL.test(node.value);
}

const FOUND: Record<ValueKind, string> = {
  null: 'null',
  string: 'a string',
  number: 'a number',
  boolean: 'a boolean',
  map: 'a map',
  list: 'a list',
};

export interface TypeMismatch {
  found: string;
  /** Extra advice (quote it, remove the quotes, mis-indentation). */
  hint?: string;
  /** Quoting the scalar as written gives the value the author meant (a name, a label value). */
  quotable?: boolean;
}

/** Whether `node` decodes into a field of schema `s`; undefined when it does, else what was found. */
export function typeMismatch(node: Node | undefined, s: FieldSchema): TypeMismatch | undefined {
  if (s.type === 'any') return undefined;
  const kind = valueKind(node);
  if (kind === 'null') return undefined; // JSON null decodes to the zero value (or nil) everywhere
  // The common, well-typed cases first: no message is built for them.
  if (kind === 'map' && (s.type === 'object' || s.type === 'string-map' || s.type === 'map')) return undefined;
  if (kind === 'list' && s.type === 'list') return undefined;
  if (kind === 'string' && (s.type === 'string' || s.type === 'time' || s.type === 'int-or-string')) return undefined;
  if (isScalar(node) && typeof node.value === 'string' && isTemplated(node.value)) return undefined;
  const found = FOUND[kind];
  const yaml11 = kind === 'boolean' && isYaml11Bool(node);
  const quoteHint = yaml11
    ? `kubectl reads an unquoted ${String((node as Scalar).value)} as a boolean, as YAML 1.1 does; quote it`
    : 'quote it to make it a string';
  switch (s.type) {
    case 'string':
    case 'time':
      if (kind === 'string') return undefined;
      if (kind !== 'number' && kind !== 'boolean') return { found };
      // Quoting helps free-form strings (names, labels); for a closed set or a CIDR it only changes the error.
      if (s.enum) return { found, hint: `use one of ${s.enum.join(', ')}` };
      if (s.format === 'cidr') return { found, hint: 'write a CIDR such as 10.0.0.0/16' };
      return { found, hint: quoteHint, quotable: true };
    case 'integer': {
      if (kind === 'number') return wholeNumber(node) ? undefined : { found: 'a fraction' };
      const digits = kind === 'string' && /^\s*[0-9]+\s*$/.test(String((node as Scalar).value));
      return digits ? { found, hint: 'remove the quotes to make it a number' } : { found };
    }
    case 'int-or-string':
      if (kind === 'string') return undefined;
      if (kind === 'number') return wholeNumber(node) ? undefined : { found: 'a fraction' };
      return kind === 'boolean' && yaml11 ? { found, hint: quoteHint } : { found };
    case 'number':
      return kind === 'number' ? undefined : { found };
    case 'boolean':
      return kind === 'boolean' ? undefined : { found };
    case 'object':
    case 'map':
    case 'string-map':
      return kind === 'map' ? undefined : { found };
    case 'list':
      return kind === 'list' ? undefined : { found };
  }
}

function wholeNumber(node: unknown): boolean {
  const v = (node as Scalar).value;
  return typeof v === 'bigint' || Number.isInteger(v);
}

export interface UnknownFieldEvent {
  key: string;
  pair: Pair<Node, Node | null>;
  /** Path of the map holding the key. */
  path: PathSegment[];
  /** Schema of that map, and of the object above it, lists skipped (mis-indentation hints). */
  parent: FieldSchema;
  grandparent: FieldSchema | undefined;
  /** Sibling pairs of the map holding the key: one list per map, shared by its unknown keys' events (read only). */
  siblings: readonly { key: string; value: Node | undefined }[];
}

export interface WrongTypeEvent {
  node: Node;
  schema: FieldSchema;
  path: PathSegment[];
  mismatch: TypeMismatch;
}

export interface FieldEvent {
  node: Node;
  schema: FieldSchema;
  /** Valid during the call only: the walk goes on changing it (copy it to keep it). */
  path: readonly PathSegment[];
}

export interface SchemaVisitor {
  unknownField?(e: UnknownFieldEvent): void;
  wrongType?(e: WrongTypeEvent): void;
  /** Every value of the expected type, before its children (constraint checks). */
  field?(e: FieldEvent): void;
}

const MAX_DEPTH = 64;
const STRING_VALUE: FieldSchema = { type: 'string', doc: 'A string value.' };

/**
 * Strategic-merge-patch directives (`$patch: delete`, `$retainKeys`, `$setElementOrder/ports`, ...): such a
 * document is a kustomize patch, not a manifest, and the directive is not a field to report.
 */
export function isPatchDirective(key: string): boolean {
  return /^\$(patch|retainKeys|setElementOrder\/|deleteFromPrimitiveList\/)/.test(key);
}

/** Walks `node` (the value at `path`) against `schema`. Never throws; each node is visited once (aliases). */
export function walkSchema(doc: Document, node: unknown, schema: FieldSchema, visitor: SchemaVisitor, path: PathSegment[] = []): void {
  // Without aliases every node is reached once (a merge key needs an alias to share nodes): nothing to record.
  walk(doc, deref(doc, node), schema, undefined, visitor, [...path], aliasFree(doc) ? undefined : new Set(), 0);
}

function walk(
  doc: Document,
  node: Node | undefined,
  schema: FieldSchema,
  parentSchema: FieldSchema | undefined,
  visitor: SchemaVisitor,
  path: PathSegment[],
  seen: Set<object> | undefined,
  depth: number,
): void {
  if (!node || depth > MAX_DEPTH) return;
  const mismatch = typeMismatch(node, schema);
  if (mismatch) {
    visitor.wrongType?.({ node, schema, path: [...path], mismatch });
    return;
  }
  // An anchored collection is walked once: aliases may form cycles, and its keys were reported the first time.
  if (seen) {
    if (seen.has(node)) return;
    seen.add(node);
  }
  // The walk's own path, not a copy (this runs for every value): a visitor that keeps it copies it.
  visitor.field?.({ node, schema, path });
  if (schema.type === 'list' && schema.items && isSeq(node)) {
    // List items report mis-indentation against the object that owns the list, not the list itself.
    const items = schema.items;
    node.items.forEach((item, i) => {
      path.push(i);
      walk(doc, deref(doc, item), items, parentSchema, visitor, path, seen, depth + 1);
      path.pop();
    });
  } else if (schema.type === 'string-map' && isMap(node)) {
    for (const e of mapEntries(doc, node)) {
      path.push(e.key);
      walk(doc, e.value, STRING_VALUE, schema, visitor, path, seen, depth + 1);
      path.pop();
    }
  } else if (schema.type === 'map' && schema.values && isMap(node)) {
    for (const e of mapEntries(doc, node)) {
      path.push(e.key);
      walk(doc, e.value, schema.values, schema, visitor, path, seen, depth + 1);
      path.pop();
    }
  } else if (schema.type === 'object' && isMap(node)) {
    const fields = schema.fields ?? {};
    const all = mapEntries(doc, node);
    // Made once per map: a list per unknown key made a map of n unknown keys allocate n * n pairs.
    let siblings: UnknownFieldEvent['siblings'] | undefined;
    for (const e of all) {
      const field = Object.hasOwn(fields, e.key) ? fields[e.key] : undefined;
      if (field) {
        path.push(e.key);
        walk(doc, e.value, field, schema, visitor, path, seen, depth + 1);
        path.pop();
      } else if (!isPatchDirective(e.key) && !schema.preserveUnknown) {
        siblings ??= all.map((x) => ({ key: x.key, value: x.value }));
        visitor.unknownField?.({ key: e.key, pair: e.pair, path: [...path], parent: schema, grandparent: parentSchema, siblings });
      }
    }
  }
}

/** What one walk of an object against its schema finds, for each rule that judges the object by it. */
export interface SchemaFindings {
  /** For unknown-field. */
  unknownFields: UnknownFieldEvent[];
  /** For wrong-type. */
  wrongTypes: WrongTypeEvent[];
  /** For the constraint checks (validate/constraints.ts): the values with a constraint to check, paths copied. */
  constrained: FieldEvent[];
}

// The last walk: unknown-field, wrong-type and the constraint checks of cilium-schema / gateway-schema each walked
// every object against its schema, one after the other (validate/index.ts runs an object's rules together); now
// the first walks and the others read its record. Identity decides (the same document, node and schema give the
// same walk); validate/index.ts forgets the entry after each object, so no tree stays alive through it.
let last: { doc: Document; node: unknown; schema: FieldSchema; found: SchemaFindings } | undefined;

/**
 * The findings of walkSchema(doc, node, schema) with the three visitors, each list in the walk's order: what the
 * rules would see walking it themselves (test/unit/schema/schema-findings.test.ts compares them on the fixtures).
 */
export function schemaFindings(doc: Document, node: unknown, schema: FieldSchema): SchemaFindings {
  if (last && last.doc === doc && last.node === node && last.schema === schema) return last.found;
  const found: SchemaFindings = { unknownFields: [], wrongTypes: [], constrained: [] };
  walkSchema(doc, node, schema, {
    unknownField: (e) => void found.unknownFields.push(e),
    wrongType: (e) => void found.wrongTypes.push(e),
    // Copied only for the values a constraint applies to: most values have none.
    field: (e) => void (constrains(e.schema, e.node) && found.constrained.push({ node: e.node, schema: e.schema, path: [...e.path] })),
  });
  last = { doc, node, schema, found };
  return found;
}

/** Drops the last walk's record (validate/index.ts, once an object's rules have run). */
export function forgetSchemaFindings(): void {
  last = undefined;
}

/** A map's entries with YAML merge keys (`<<: *base`, which kubectl's YAML 1.1 parser honours) expanded. */
export function mapEntries(doc: Document, map: YAMLMap, depth = 0): ReturnType<typeof entries> {
  const all = entries(doc, map);
  // Merge keys are rare: without one the entries are the answer as they are (this runs for every map walked).
  if (!all.some((e) => e.key === '<<')) return all;
  const out: ReturnType<typeof entries> = [];
  for (const e of all) {
    if (e.key === '<<' && depth < 8 && isScalar(e.pair.key) && e.pair.key.type === Scalar.PLAIN) {
      const sources = isSeq(e.value) ? e.value.items.map((i) => deref(doc, i)) : [e.value];
      for (const src of sources) if (isMap(src)) out.push(...mapEntries(doc, src, depth + 1));
      continue;
    }
    out.push(e);
  }
  return out;
}
