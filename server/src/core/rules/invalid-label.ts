// Label keys and values (metadata.labels, every selector) and annotation keys must have the syntax the API server accepts.
import { isMap, isSeq, type Document, type Node } from 'yaml';
import { deref, get, getPair, keySpan, scalarString, spanOf } from '../parse/access.ts';
import { isTemplated } from '../parse/template.ts';
import { isNetworkPolicy } from '../kinds.ts';
import { clip, labelValueErrors, qualifiedNameErrors, utf8Length } from '../schema/names.ts';
import { mapEntries, valueKind } from '../schema/walk.ts';
import { npSelectors } from './np-walk.ts';
import type { Rule, RuleContext } from './rule.ts';
import type { Span } from '../source.ts';

// The API server limits the total size of all annotations of an object (keys plus values).
const ANNOTATIONS_MAX_BYTES = 256 * 1024;

function reportKey(ctx: RuleContext, span: Span | undefined, key: string, what: string, path: string, errs: string[]): void {
  if (!span || errs.length === 0) return;
  ctx.report({ span, message: `Invalid ${what} key "${clip(key)}" in ${path}: ${errs.join('; ')}.` });
}

function reportValue(ctx: RuleContext, span: Span | undefined, value: string, where: string): void {
  const errs = labelValueErrors(value);
  if (!span || errs.length === 0) return;
  ctx.report({ span, message: `Invalid label value "${clip(value)}" in ${where}: ${errs.join('; ')}.` });
}

/** matchLabels or metadata.labels: a map of label keys to label values. */
function checkLabelMap(doc: Document, ctx: RuleContext, map: Node | undefined, path: string): void {
  if (!isMap(map)) return;
  for (const e of mapEntries(doc, map)) {
    if (!isTemplated(e.key)) reportKey(ctx, keySpan(e.pair), e.key, 'label', path, qualifiedNameErrors(e.key));
    const v = scalarString(e.value);
    if (v !== undefined && !isTemplated(v) && valueKind(e.value) === 'string') reportValue(ctx, spanOf(e.value), v, `${path}.${e.key}`);
  }
}

function checkExpressions(doc: Document, ctx: RuleContext, list: Node | undefined, path: string): void {
  if (!isSeq(list)) return;
  list.items.forEach((raw, i) => {
    const item = deref(doc, raw);
    if (!isMap(item)) return;
    const keyNode = get(doc, item, 'key');
    const key = scalarString(keyNode);
    // A missing or empty key is invalid-selector's finding ("key is required").
    if (key && !isTemplated(key)) {
      const errs = qualifiedNameErrors(key);
      if (errs.length > 0) ctx.report({ span: (spanOf(keyNode) ?? spanOf(item)) as Span, message: `Invalid label key "${clip(key)}" in ${path}[${i}].key: ${errs.join('; ')}.` });
    }
    const values = get(doc, item, 'values');
    if (!isSeq(values)) return;
    values.items.forEach((rv, j) => {
      const v = deref(doc, rv);
      const s = scalarString(v);
      if (s !== undefined && !isTemplated(s) && valueKind(v) === 'string') reportValue(ctx, spanOf(v), s, `${path}[${i}].values[${j}]`);
    });
  });
}

export const rule: Rule = {
  code: 'invalid-label',
  defaultSeverity: 'error',
  validation: 'rejects',
  description: 'Label keys and values (in metadata and every selector) and annotation keys must have valid Kubernetes syntax.',
  appliesTo: isNetworkPolicy,
  checkObject(obj, ctx) {
    const doc = obj.doc;
    const meta = get(doc, obj.node, 'metadata');
    checkLabelMap(doc, ctx, get(doc, meta, 'labels'), 'metadata.labels');
    const annotations = get(doc, meta, 'annotations');
    if (isMap(annotations)) {
      let bytes = 0;
      for (const e of mapEntries(doc, annotations)) {
        // Annotation keys are checked case-insensitively (the API server lowercases them first).
        if (!isTemplated(e.key)) reportKey(ctx, keySpan(e.pair), e.key, 'annotation', 'metadata.annotations', qualifiedNameErrors(e.key.toLowerCase()));
        bytes += utf8Length(e.key) + utf8Length(scalarString(e.value) ?? '');
      }
      const pair = isMap(meta) ? getPair(meta, 'annotations') : undefined;
      if (bytes > ANNOTATIONS_MAX_BYTES && pair) {
        ctx.report({ span: keySpan(pair) ?? obj.span, message: `metadata.annotations total ${bytes} bytes; the API server allows at most ${ANNOTATIONS_MAX_BYTES} bytes.` });
      }
    }
    for (const sel of npSelectors(obj)) {
      if (!isMap(sel.node)) continue;
      checkLabelMap(doc, ctx, get(doc, sel.node, 'matchLabels'), `${sel.path}.matchLabels`);
      checkExpressions(doc, ctx, get(doc, sel.node, 'matchExpressions'), `${sel.path}.matchExpressions`);
    }
  },
};
