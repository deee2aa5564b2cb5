// matchExpressions conditions must name a key and use one of the four operators with the values that operator takes.
import { isMap, isSeq, type Node, type YAMLMap } from 'yaml';
import { deref, get, getPair, keySpan, scalarString, spanOf } from '../parse/access.ts';
import { isTemplated } from '../parse/template.ts';
import { isNetworkPolicy } from '../kinds.ts';
import { LABEL_SELECTOR_OPERATORS } from '../schema/meta.ts';
import { valueKind } from '../schema/walk.ts';
import type { Span } from '../source.ts';
import { npSelectors } from './np-walk.ts';
import type { Rule, RuleContext } from './rule.ts';

const OPERATORS: readonly string[] = LABEL_SELECTOR_OPERATORS;
const LIST = 'In, NotIn, Exists or DoesNotExist';

/** Where to squiggle a condition that lacks a field: its first key, so the squiggle stays on one line. */
function anchorOf(item: YAMLMap): Span | undefined {
  const first = item.items[0];
  return (first && keySpan(first)) ?? spanOf(item);
}

/** The `-` of an empty list item (its own span is empty). */
function dashSpan(text: string, at: Span | undefined): Span | undefined {
  if (!at) return undefined;
  if (at.end > at.start) return at;
  const dash = text.lastIndexOf('-', at.start);
  return dash >= 0 && text.slice(dash + 1, at.start).trim() === '' ? { start: dash, end: dash + 1 } : undefined;
}

function checkRequirement(ctx: RuleContext, item: YAMLMap, doc: Parameters<typeof get>[0], path: string): void {
  const keyPair = getPair(item, 'key');
  const keyNode = get(doc, item, 'key');
  const keyKind = valueKind(keyNode);
  if (keyKind === 'null' || (keyKind === 'string' && scalarString(keyNode) === '')) {
    const span = (keyPair && keySpan(keyPair)) ?? anchorOf(item);
    if (span) ctx.report({ span, message: `${path}.key is required: name the label this condition looks at.` });
  }
  const opPair = getPair(item, 'operator');
  const opNode = get(doc, item, 'operator');
  const opKind = valueKind(opNode);
  if (opKind !== 'null' && opKind !== 'string') return; // wrong-type reports it
  const op = scalarString(opNode) ?? '';
  if (isTemplated(op)) return;
  if (op === '') {
    const span = (opPair && keySpan(opPair)) ?? anchorOf(item);
    if (span) ctx.report({ span, message: `${path}.operator is required: one of ${LIST}.` });
    return;
  }
  if (!OPERATORS.includes(op)) {
    const close = OPERATORS.find((o) => o.toLowerCase() === op.toLowerCase().replace(/[\s_-]/g, ''));
    const hint = close ? ` Operators are case-sensitive: did you mean ${close}?` : '';
    ctx.report({ span: spanOf(opNode) ?? anchorOf(item) ?? { start: 0, end: 0 }, message: `"${op}" is not a valid operator in ${path}.operator: use ${LIST}.${hint}` });
    return;
  }
  const valuesPair = getPair(item, 'values');
  const values = get(doc, item, 'values');
  const valuesKind = valueKind(values);
  if (valuesKind !== 'null' && valuesKind !== 'list') return; // wrong-type reports it
  const count = isSeq(values) ? values.items.length : 0;
  if ((op === 'In' || op === 'NotIn') && count === 0) {
    const span = (valuesPair && keySpan(valuesPair)) ?? spanOf(opNode);
    if (span) ctx.report({ span, message: `${path}.values must be non-empty when the operator is ${op}: list the label values to compare with.` });
  } else if ((op === 'Exists' || op === 'DoesNotExist') && count > 0) {
    const span = (valuesPair && keySpan(valuesPair)) ?? spanOf(values);
    if (span) ctx.report({ span, message: `${path}.values must be empty when the operator is ${op}: remove the values (${op} only looks at the key).` });
  }
}

export const rule: Rule = {
  code: 'invalid-selector',
  defaultSeverity: 'error',
  validation: 'rejects',
  description: 'matchExpressions conditions need a key and an operator (In, NotIn, Exists, DoesNotExist) with matching values.',
  appliesTo: isNetworkPolicy,
  checkObject(obj, ctx) {
    for (const sel of npSelectors(obj)) {
      const list: Node | undefined = isMap(sel.node) ? get(obj.doc, sel.node, 'matchExpressions') : undefined;
      if (!isSeq(list)) continue;
      list.items.forEach((raw, i) => {
        const item = deref(obj.doc, raw);
        const path = `${sel.path}.matchExpressions[${i}]`;
        if (isMap(item)) checkRequirement(ctx, item, obj.doc, path);
        else if (valueKind(item) === 'null') {
          // A bare `-` decodes as a condition with neither key nor operator.
          const span = dashSpan(ctx.file.text, spanOf(item)) ?? spanOf(list);
          if (span) ctx.report({ span, message: `${path} is empty: a condition needs a key and an operator (${LIST}).` });
        }
      });
    }
  },
};
