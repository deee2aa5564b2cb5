// A NetworkPolicy without a spec (or without spec.podSelector) silently selects every pod of its namespace.
import { isMap, type Document, type Node, type Pair } from 'yaml';
import { entries, get, getPair, keySpan, spanOf } from '../parse/access.ts';
import { isNetworkPolicy } from '../kinds.ts';
import { isPatchDirective, valueKind } from '../schema/walk.ts';
import type { Fix } from '../types.ts';
import type { Rule } from './rule.ts';
import { eolOf } from '../fixes/yaml-text.ts';

const EFFECT = 'so it selects every pod in its namespace and denies them all ingress';
const TITLE = 'Add podSelector: {} (select every pod, explicitly)';

/** A fix making "every pod" explicit without changing what the policy does. */
function explicitFix(text: string, specPair: Pair, spec: unknown): Fix[] {
  const key = keySpan(specPair);
  const value = spanOf(spec);
  if (!key) return [];
  if (isMap(spec) && spec.items.length > 0 && !spec.flow) {
    const first = spec.items[0] && keySpan(spec.items[0]);
    if (!first) return [];
    const indent = text.slice(text.lastIndexOf('\n', first.start - 1) + 1, first.start);
    return /^[ ]*$/.test(indent) ? [{ title: TITLE, edits: [{ span: { start: first.start, end: first.start }, newText: `podSelector: {}${eolOf(text)}${indent}` }] }] : [];
  }
  if (isMap(spec) && spec.items.length === 0 && value && text.slice(value.start, value.end).replace(/\s/g, '') === '{}') {
    return [{ title: TITLE, edits: [{ span: value, newText: '{podSelector: {}}' }] }];
  }
  if (valueKind(spec) === 'null' && (!value || value.end === value.start)) {
    const colon = text.indexOf(':', key.end);
    if (colon !== -1 && text.slice(key.end, colon).trim() === '') return [{ title: TITLE, edits: [{ span: { start: colon + 1, end: colon + 1 }, newText: ' {podSelector: {}}' }] }];
  }
  return [];
}

/** Whether the object, its metadata or its spec carries a patch directive such as `$patch: delete`. */
function hasPatchDirective(doc: Document, node: Node): boolean {
  return [node, get(doc, node, 'metadata'), get(doc, node, 'spec')].some((m) => entries(doc, m).some((e) => isPatchDirective(e.key)));
}

export const rule: Rule = {
  code: 'empty-policy',
  defaultSeverity: 'warning',
  judgesAbsence: true,
  description: 'A NetworkPolicy without a spec or without spec.podSelector applies to every pod of its namespace.',
  appliesTo: isNetworkPolicy,
  checkObject(obj, ctx) {
    const text = ctx.file.text;
    // A strategic merge patch (kustomize) states only what it changes; a missing spec means "unchanged".
    if (hasPatchDirective(obj.doc, obj.node)) return;
    const specPair = getPair(obj.node, 'spec');
    const spec = get(obj.doc, obj.node, 'spec');
    if (!specPair) {
      const kindPair = getPair(obj.node, 'kind');
      const span = (kindPair && (spanOf(kindPair.value) ?? keySpan(kindPair))) ?? { start: obj.span.start, end: obj.span.start };
      ctx.report({ span, message: `This NetworkPolicy has no spec, ${EFFECT}. The API server accepts it; write \`spec: {podSelector: {}}\` if that is intended, or add the selector and rules you meant.` });
      return;
    }
    const span = keySpan(specPair) ?? obj.span;
    const fixes = explicitFix(text, specPair, spec);
    if (valueKind(spec) === 'null' || (isMap(spec) && spec.items.length === 0)) {
      ctx.report({ span, message: `spec is empty, ${EFFECT}. The API server accepts it; write \`podSelector: {}\` to make that explicit, or add the selector and rules you meant.`, fixes });
      return;
    }
    if (!isMap(spec) || getPair(spec, 'podSelector')) return; // a scalar or list spec is wrong-type's finding
    // An empty `podSelector: {}` is the deliberate, explicit form; only the missing field is worth a warning.
    // Without rules or policyTypes the default applies: Ingress only, with nothing allowed.
    const shaped = ['ingress', 'egress', 'policyTypes'].some((k) => getPair(spec, k) !== undefined);
    const effect = shaped ? 'so the policy applies to every pod in its namespace' : EFFECT;
    ctx.report({ span, message: `spec.podSelector is missing, ${effect}. Write \`podSelector: {}\` if that is intended, or the labels of the pods you meant.`, fixes });
  },
};
