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
export type FieldType = 'string' | 'integer' | 'int-or-string' | 'boolean' | 'time' | 'object' | 'list' | 'string-map' | 'any';

export interface FieldSchema {
  type: FieldType;
  /** Kubernetes type name for messages and hovers (`LabelSelector`, `NetworkPolicyPeer`). */
  typeName?: string;
  /** One sentence saying what the field does. */
  doc: string;
  /** The API server rejects the object (or the user almost certainly meant to set it) when missing. */
  required?: boolean;
  /** Syntax of a string field, for messages and hovers. */
  format?: 'cidr';
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
    case 'any':
      return 'any value';
  }
}
