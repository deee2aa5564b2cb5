// Values of the wrong JSON type (a list where a map belongs, a number where a string belongs): the API server cannot decode them.
import { isMap, isScalar, Scalar } from 'yaml';
import { spanOf } from '../parse/access.ts';
import { hasSchema, schemaForObject } from '../schema/registry.ts';
import { describeExpected, formatPath } from '../schema/types.ts';
import { schemaFindings, valueKind, type WrongTypeEvent } from '../schema/walk.ts';
import type { Span } from '../source.ts';
import type { Fix } from '../types.ts';
import type { Rule } from './rule.ts';

/** The obvious edit for a scalar of the wrong type: quote a number/boolean for a string, unquote digits for a number. */
function fixFor(e: WrongTypeEvent, span: Span, text: string): Fix[] {
  const n = e.node;
  if (!isScalar(n)) return [];
  const src = text.slice(span.start, span.end);
  const kind = valueKind(n);
  if (e.mismatch.quotable && n.type === Scalar.PLAIN && (kind === 'number' || kind === 'boolean') && !src.includes('\n')) {
    return [{ title: `Quote ${src}`, edits: [{ span, newText: JSON.stringify(src) }], isPreferred: true }];
  }
  if (e.schema.type === 'integer' && kind === 'string' && /^[0-9]+$/.test(String(n.value).trim())) {
    const digits = String(n.value).trim();
    return [{ title: `Use the number ${digits}`, edits: [{ span, newText: digits }], isPreferred: true }];
  }
  return [];
}

/** A map whose keys are all fields of the list's items is a list item missing its `- `. */
function listItemHint(e: WrongTypeEvent): string {
  const itemFields = e.schema.type === 'list' ? e.schema.items?.fields : undefined;
  if (!itemFields || !isMap(e.node) || e.node.items.length === 0) return '';
  const keys = e.node.items.map((p) => (isScalar(p.key) ? String(p.key.value) : ''));
  return keys.every((k) => Object.hasOwn(itemFields, k)) ? '; it looks like a list item missing its leading "- "' : '';
}

export const rule: Rule = {
  code: 'wrong-type',
  defaultSeverity: 'error',
  validation: 'rejects',
  description: 'A field holds a value of the wrong type (e.g. a list where a map belongs, a number where the CRD wants a string), which the API server cannot decode.',
  appliesTo: hasSchema,
  checkObject(obj, ctx) {
    const text = ctx.file.text;
    const schema = schemaForObject(obj);
    if (!schema) return;
    // The walk unknown-field and the constraint checks share (schema/walk.ts schemaFindings).
    for (const e of schemaFindings(obj.doc, obj.node, schema).wrongTypes) {
      const raw = spanOf(e.node);
      if (!raw) continue;
      // Block collections end after their last line break; keep the squiggle on the text itself.
      let end = raw.end;
      while (end > raw.start && /\s/.test(text.charAt(end - 1))) end--;
      const span = { start: raw.start, end };
      const path = e.path.length === 0 ? `The ${obj.kind ?? 'object'}` : formatPath(e.path);
      const hint = e.mismatch.hint ? `; ${e.mismatch.hint}` : listItemHint(e);
      ctx.report({ span, message: `${path} must be ${describeExpected(e.schema)}, not ${e.mismatch.found}${hint}.`, fixes: fixFor(e, span, text) });
    }
  },
};
