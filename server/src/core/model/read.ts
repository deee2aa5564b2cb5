// Tolerant readers shared by the model's object families: label maps, label selectors, origins.
import { isMap, isScalar, isSeq, type Document } from 'yaml';
import { entries, get, scalarString, seqItems, spanOf } from '../parse/access.ts';
import type { ManifestObject } from '../parse/parse.ts';
import type { Span } from '../source.ts';
import type { Origin, Selector, SelectorRequirement } from './types.ts';

/**
 * A `map[string]string` as the API decodes it: string values kept, YAML null read as "" (JSON null into a Go
 * string leaves it empty). Any other value (number, bool, map) is a decode error, reported through `bad`.
 */
export function readStringMap(doc: Document, node: unknown): { map: Record<string, string>; bad?: string } {
  const map: Record<string, string> = {};
  if (node === undefined || (isScalar(node) && node.value === null)) return { map };
  if (!isMap(node)) return { map, bad: 'expected a map of strings' };
  let bad: string | undefined;
  for (const e of entries(doc, node)) {
    const v = e.value;
    if (v === undefined || (isScalar(v) && v.value === null)) map[e.key] = '';
    else if (isScalar(v) && typeof v.value === 'string') map[e.key] = v.value;
    else bad ??= `value of "${e.key}" is not a string`;
  }
  return bad ? { map, bad } : { map };
}

/** Labels of an object: invalid values are dropped (the object keeps the labels that are readable). */
export function readLabels(doc: Document, node: unknown): Record<string, string> {
  return readStringMap(doc, node).map;
}

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/**
 * A metav1.LabelSelector. Returns undefined for an absent or null node (the caller decides what absence
 * means: an empty selector for spec.podSelector, "no selector" for a peer). Problems the API server rejects
 * make the selector `invalid` (it then matches nothing).
 */
export function readSelector(doc: Document, node: unknown, text?: string): Selector | undefined {
  if (node === undefined || (isScalar(node) && node.value === null)) return undefined;
  const span = text === undefined ? spanOf(node) : trimmedSpan(text, node);
  const sel: Selector = { matchLabels: {}, matchExpressions: [] };
  if (span) sel.span = span;
  if (!isMap(node)) {
    sel.invalid = 'a label selector must be a map';
    return sel;
  }
  const labels = readStringMap(doc, get(doc, node, 'matchLabels'));
  sel.matchLabels = labels.map;
  let invalid = labels.bad ? `matchLabels: ${labels.bad}` : undefined;
  const exprNode = get(doc, node, 'matchExpressions');
  if (exprNode !== undefined && !(isScalar(exprNode) && exprNode.value === null) && !isSeq(exprNode)) {
    invalid ??= 'matchExpressions must be a list';
  }
  for (const item of seqItems(doc, exprNode)) {
    const req = readRequirement(doc, item);
    if (typeof req === 'string') invalid ??= `matchExpressions: ${req}`;
    else sel.matchExpressions.push(req);
  }
  if (invalid) sel.invalid = invalid;
  return sel;
}

function readRequirement(doc: Document, node: unknown): SelectorRequirement | string {
  if (!isMap(node)) return 'an expression must be a map';
  const key = scalarString(get(doc, node, 'key'));
  const operator = scalarString(get(doc, node, 'operator'));
  if (!key) return 'an expression needs a key';
  if (!operator || !OPERATORS.has(operator)) return `unknown operator ${operator === undefined ? '(none)' : `"${operator}"`}`;
  const valuesNode = get(doc, node, 'values');
  const values: string[] = [];
  if (valuesNode !== undefined && !(isScalar(valuesNode) && valuesNode.value === null)) {
    if (!isSeq(valuesNode)) return 'values must be a list';
    for (const v of seqItems(doc, valuesNode)) {
      if (isScalar(v) && typeof v.value === 'string') values.push(v.value);
      else return 'values must be strings';
    }
  }
  const op = operator as SelectorRequirement['operator'];
  // The API server's rules: In/NotIn need values, Exists/DoesNotExist must have none.
  if ((op === 'In' || op === 'NotIn') && values.length === 0) return `${op} needs at least one value`;
  if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0) return `${op} takes no values`;
  return { key, operator: op, values };
}

/** Where an object was declared, with the span of its name for links. */
export function fileOrigin(obj: ManifestObject): Origin {
  const meta = get(obj.doc, obj.node, 'metadata');
  const nameSpan = isMap(meta) ? spanOf(get(obj.doc, meta, 'name')) : undefined;
  const origin: Origin = { kind: 'file', uri: obj.uri, span: obj.span, docIndex: obj.docIndex };
  if (nameSpan) origin.nameSpan = nameSpan;
  if (obj.listIndex !== undefined) origin.listIndex = obj.listIndex;
  return origin;
}

/** A node's span without the trailing line breaks and spaces yaml counts into block collections. */
export function trimmedSpan(text: string, node: unknown): Span | undefined {
  const span = spanOf(node);
  if (!span) return undefined;
  let end = span.end;
  while (end > span.start && isSpace(text.charCodeAt(end - 1))) end--;
  return { start: span.start, end };
}

/**
 * Whether a UTF-16 code unit is white space as the regular expression `\s` defines it (ECMAScript WhiteSpace and
 * LineTerminator), without a one-character string and a regular expression per character: spans are trimmed for
 * every peer and port of thousands of policies.
 */
export function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** A number the API decodes as an int32: integers only. */
export function intValue(node: unknown): number | undefined {
  return isScalar(node) && typeof node.value === 'number' && Number.isInteger(node.value) ? node.value : undefined;
}
