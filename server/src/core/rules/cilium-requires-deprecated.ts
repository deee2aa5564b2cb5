// fromRequires / toRequires: deprecated in Cilium 1.17 and removed in 1.19 (per netlens.ciliumVersion).
import { isCiliumPolicy } from '../kinds.ts';
import { keySpan } from '../parse/access.ts';
import { ciliumRelease } from '../kinds/cilium/names.ts';
import { ciliumRules, pairOf } from './cilium-walk.ts';
import type { Rule } from './rule.ts';

export const rule: Rule = {
  code: 'cilium-requires-deprecated',
  defaultSeverity: 'warning',
  description: 'A Cilium rule uses fromRequires/toRequires, deprecated since Cilium 1.17 and removed in 1.19 (then the requirement is no longer enforced).',
  appliesTo: isCiliumPolicy,
  checkObject(obj, ctx) {
    const version = ciliumRelease(ctx.options);
    for (const r of ciliumRules(obj)) {
      for (const key of ['fromRequires', 'toRequires']) {
        const p = pairOf(r.node, key);
        const span = p && keySpan(p);
        if (!span) continue;
        const message =
          version >= 1019
            ? `${r.path}.${key}: removed in Cilium 1.19 (your netlens.ciliumVersion is ${ctx.options.ciliumVersion}); the API server drops the field, so its requirement is not enforced and the policy allows more than written. Express the requirement in the selectors of each rule instead.`
            : `${r.path}.${key}: deprecated since Cilium 1.17 and removed in 1.19; express the requirement in each rule's selectors (e.g. matchLabels on the peer) instead.`;
        ctx.report({ span, message, tags: ['deprecated'] });
      }
    }
  },
};
