// spec.policyTypes holds at most two entries, each exactly Ingress or Egress (the API server compares case-sensitively).
import { isScalar, isSeq } from 'yaml';
import { isNetworkPolicy } from '../kinds.ts';
import { deref } from '../parse/access.ts';
import type { Fix } from '../types.ts';
import { npParts } from './np-walk.ts';
import { field, isTemplatedValue, itemSpan, obviousValue, replaceScalarFix, show, valueSpan } from './np-scalar.ts';
import type { Rule } from './rule.ts';

const TYPES = ['Ingress', 'Egress'] as const;

export const rule: Rule = {
  code: 'invalid-policy-types',
  defaultSeverity: 'error',
  validation: 'rejects',
  description: 'spec.policyTypes has more than two entries, or an entry that is not exactly Ingress or Egress.',
  appliesTo: isNetworkPolicy,
  checkObject(obj, ctx) {
    const parts = npParts(obj);
    const f = field(parts.doc, parts.spec, 'policyTypes');
    if (!f || !isSeq(f.node)) return; // unset, null, or a wrong type (another rule's)
    const items = f.node.items;
    if (items.length > 2) {
      ctx.report({ span: valueSpan(f), message: `spec.policyTypes: may not specify more than two policyTypes (found ${items.length}); list Ingress and/or Egress once each.` });
      return; // the API server checks nothing else then
    }
    items.forEach((raw, i) => {
      const node = deref(parts.doc, raw);
      const value = node === undefined ? null : isScalar(node) ? node.value : undefined;
      const path = `spec.policyTypes[${i}]`;
      if (value !== null && typeof value !== 'string') return; // numbers, maps: wrong type
      if (typeof value === 'string' && (isTemplatedValue(value) || (TYPES as readonly string[]).includes(value))) return;
      const span = itemSpan(ctx.file.text, node, valueSpan(f));
      if (value === null || value === '') {
        ctx.report({ span, message: `${path}: an empty entry is not supported; must be Ingress or Egress.` });
        return;
      }
      const fixes: Fix[] = [];
      const meant = obviousValue(value, TYPES);
      const fix = meant && replaceScalarFix(ctx.file.text, node, meant, `Use ${meant}`, true);
      if (fix) fixes.push(fix);
      const hint = meant ? ` (did you mean ${meant}?)` : '';
      ctx.report({ span, message: `${path}: ${show(value)} is not supported; must be Ingress or Egress, case-sensitive${hint}.`, fixes });
    });
  },
};
