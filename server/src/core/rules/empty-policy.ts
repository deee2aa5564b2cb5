// A NetworkPolicy without a spec (or without spec.podSelector) silently selects every pod of its namespace.
import { isMap } from 'yaml';
import { get, getPair, keySpan, spanOf } from '../parse/access.ts';
import { isNetworkPolicy } from '../kinds.ts';
import { valueKind } from '../schema/walk.ts';
import type { Rule } from './rule.ts';

const EFFECT = 'so it selects every pod in its namespace and denies them all ingress';

export const rule: Rule = {
  code: 'empty-policy',
  defaultSeverity: 'warning',
  description: 'A NetworkPolicy without a spec or without spec.podSelector applies to every pod of its namespace.',
  appliesTo: isNetworkPolicy,
  checkObject(obj, ctx) {
    const specPair = getPair(obj.node, 'spec');
    const spec = get(obj.doc, obj.node, 'spec');
    const kind = valueKind(spec);
    if (!specPair) {
      const kindPair = getPair(obj.node, 'kind');
      const span = (kindPair && (spanOf(kindPair.value) ?? keySpan(kindPair))) ?? { start: obj.span.start, end: obj.span.start };
      ctx.report({ span, message: `This NetworkPolicy has no spec, ${EFFECT}. The API server accepts it; write \`spec: {podSelector: {}}\` if that is intended, or add the selector and rules you meant.` });
      return;
    }
    const span = keySpan(specPair) ?? obj.span;
    if (kind === 'null' || (isMap(spec) && spec.items.length === 0)) {
      ctx.report({ span, message: `spec is empty, ${EFFECT}. The API server accepts it; write \`podSelector: {}\` to make that explicit, or add the selector and rules you meant.` });
      return;
    }
    if (!isMap(spec) || getPair(spec, 'podSelector')) return; // a scalar or list spec is wrong-type's finding
    // An empty `podSelector: {}` is the deliberate, explicit form; only the missing field is worth a warning.
    // Without rules or policyTypes the default applies: Ingress only, with nothing allowed.
    const shaped = ['ingress', 'egress', 'policyTypes'].some((k) => getPair(spec, k) !== undefined);
    const effect = shaped ? 'so the policy applies to every pod in its namespace' : EFFECT;
    ctx.report({ span, message: `spec.podSelector is missing, ${effect}. Write \`podSelector: {}\` if that is intended, or the labels of the pods you meant.` });
  },
};
