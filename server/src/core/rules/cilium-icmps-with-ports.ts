// A Cilium rule holds either `icmps` or `toPorts`, never both ("define a separate rule").
import { isCiliumPolicy } from '../kinds.ts';
import { keySpan } from '../parse/access.ts';
import { ciliumRules, nonEmptyList, pairOf } from './cilium-walk.ts';
import type { Rule } from './rule.ts';

export const rule: Rule = {
  code: 'cilium-icmps-with-ports',
  defaultSeverity: 'error',
  validation: 'rejects',
  description: 'A Cilium rule sets both `icmps` and `toPorts`; Cilium rejects the policy (ICMP needs a rule of its own).',
  appliesTo: isCiliumPolicy,
  checkObject(obj, ctx) {
    for (const r of ciliumRules(obj)) {
      if (!nonEmptyList(obj.doc, r.node, 'icmps') || !nonEmptyList(obj.doc, r.node, 'toPorts')) continue;
      const p = pairOf(r.node, 'icmps');
      ctx.report({
        span: (p && keySpan(p)) ?? obj.span,
        message: `${r.path}: icmps cannot be combined with toPorts in one rule; move the ICMP types to a separate rule with the same peers. Cilium rejects the policy.`,
      });
    }
  },
};
