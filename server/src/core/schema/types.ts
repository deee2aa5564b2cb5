// Declarative field schemas (type, enum, required, one-line doc) shared by validation, hover and completion.

/**
 * How the API server decodes a field (Go type seen through JSON):
 * - `string`, `integer`, `boolean`: scalars of that JSON type;
 * - `int-or-string`: intstr.IntOrString (a whole number or a string);
 * - `time`: metav1.Time (an RFC 3339 string);
 * - `object`: a struct with known `fields` (unknown keys are rejected by strict field validation);
 * - `list`: a JSON array of `items`;
 * - `string-map`: map[string]string (any key, string values);
 * - `any`: free-form (e.g. managedFields' fieldsV1), not checked.
 */
export type FieldType = 'string' | 'integer' | 'number' | 'int-or-string' | 'boolean' | 'time' | 'object' | 'list' | 'string-map' | 'map' | 'any';

/** A CEL rule of a CRD (`x-kubernetes-validations`), evaluated with `self` bound to the field's value. */
export interface CelValidation {
  rule: string;
  message?: string;
  messageExpression?: string;
  /** Where the API server reports it, relative to the field (`.spec.port`). */
  fieldPath?: string;
  reason?: string;
}

export interface FieldSchema {
  type: FieldType;
  /** Kubernetes type name for messages and hovers (`LabelSelector`, `NetworkPolicyPeer`). */
  typeName?: string;
  /** One sentence saying what the field does. */
  doc: string;
  /** The API server rejects the object (or the user almost certainly meant to set it) when missing. */
  required?: boolean;
  /** Syntax of a string field (`cidr`, and the OpenAPI formats of the CRDs: `ipv4`, `ipv6`, `int32`, ...). */
  format?: string;
  /** An RE2 pattern a string must match (unanchored, as the API server applies it). */
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  /** The value the API server fills in when the field is absent (applied before CEL rules). */
  default?: unknown;
  /** Alternatives of keys that must be set: exactly one alternative (`oneOf`) or at least one (`anyOf`). */
  oneOf?: readonly (readonly string[])[];
  anyOf?: readonly (readonly string[])[];
  /** CEL rules the API server evaluates on this field. */
  validations?: readonly CelValidation[];
  /** x-kubernetes-list-type (`map`, `set`, `atomic`) and the keys of a map list. */
  listType?: string;
  listMapKeys?: readonly string[];
  /** A field other releases define (Gateway API experimental channel, older Cilium): accepted, not checked. */
  elsewhere?: boolean;
  /** Unknown keys are kept (x-kubernetes-preserve-unknown-fields): not reported. */
  preserveUnknown?: boolean;
  /** Value schema of a `map` (a map with free keys whose values are not plain strings). */
  values?: FieldSchema;
  /** Allowed values (case-sensitive), when the API defines a closed set. */
  enum?: readonly string[];
  /** Fields of an `object`. */
  fields?: Readonly<Record<string, FieldSchema>>;
  /** Keys that once were fields (or belong to other versions) with an explanation; still unknown today. */
  removedFields?: Readonly<Record<string, string>>;
  /** Item schema of a `list`. */
  items?: FieldSchema;
}

/** A field path segment: a map key, or `*` / a number for list items. */
export type PathSegment = string | number;

const STRING_VALUE: FieldSchema = { type: 'string', doc: 'A string value.' };

/** The schema at `path` below `root` (`*` or any number stands for a list item), or undefined when there is none. */
export function schemaAtPath(root: FieldSchema, path: readonly PathSegment[]): FieldSchema | undefined {
  let cur: FieldSchema | undefined = root;
  for (const seg of path) {
    if (!cur) return undefined;
    if (cur.type === 'list') {
      cur = seg === '*' || typeof seg === 'number' || /^\d+$/.test(seg) ? cur.items : undefined;
    } else if (cur.type === 'object') {
      cur = typeof seg === 'string' && cur.fields && Object.hasOwn(cur.fields, seg) ? cur.fields[seg] : undefined;
    } else if (cur.type === 'string-map') {
      cur = STRING_VALUE;
    } else if (cur.type === 'map') {
      cur = cur.values;
    } else {
      return undefined;
    }
  }
  return cur;
}

/** Field path in the API's notation: `spec.ingress[0].from`, from segments. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (seg === '*') out += '[*]';
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}

/** What a schema expects, in words: "a map (LabelSelector)", "a list", "a string". */
export function describeExpected(s: FieldSchema): string {
  const name = s.typeName ? ` (${s.typeName})` : '';
  switch (s.type) {
    case 'string':
      return 'a string';
    case 'integer':
      return 'a whole number';
    case 'number':
      return 'a number';
    case 'int-or-string':
      return 'a number or a string';
    case 'boolean':
      return 'a boolean (true or false)';
    case 'time':
      return 'a timestamp string (RFC 3339)';
    case 'object':
      return `a map${name}`;
    case 'list':
      return s.items?.typeName ? `a list of ${s.items.typeName}` : 'a list';
    case 'string-map':
      return 'a map of strings';
    case 'map':
      return 'a map';
    case 'any':
      return 'any value';
  }
}
