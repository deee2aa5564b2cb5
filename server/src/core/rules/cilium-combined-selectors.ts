// One Cilium rule holds one kind of L3 peer (fromEndpoints, fromCIDR, toFQDNs, ...); before Cilium 1.17, toServices
// never with toPorts (l3DependentL4Support listed ToServices: false through 1.16; true from 1.17, cilium#37057).
import { isMap } from 'yaml';
import { isCiliumPolicy } from '../kinds.ts';
import { ciliumRelease } from '../kinds/cilium/names.ts';
import { keySpan } from '../parse/access.ts';
import type { Fix } from '../types.ts';
import { ciliumRules, EGRESS_PEERS, INGRESS_PEERS, nonEmptyList, pairOf } from './cilium-walk.ts';
import { splitRuleFix } from './cilium-split.ts';
import type { Rule } from './rule.ts';

export const rule: Rule = {
  code: 'cilium-combined-selectors',
  defaultSeverity: 'error',
  validation: 'rejects',
  description: 'A Cilium rule combines two kinds of L3 peer (e.g. toEndpoints and toCIDR), or (before Cilium 1.17) toServices with toPorts; Cilium rejects the policy.',
  appliesTo: isCiliumPolicy,
  checkObject(obj, ctx) {
    const servicesWithPorts = ciliumRelease(ctx.options) >= 1017;
    for (const r of ciliumRules(obj)) {
      if (!isMap(r.node)) continue;
      const kinds: readonly string[] = r.ingress ? INGRESS_PEERS : EGRESS_PEERS;
      // In the order written, so the message and the split follow the text.
      const at = (k: string): number => r.node.items.findIndex((p) => (p.key as { value?: unknown } | null)?.value === k);
      const used = kinds.filter((k) => nonEmptyList(obj.doc, r.node, k)).sort((a, b) => at(a) - at(b));
      if (used.length > 1) {
        const second = pairOf(r.node, used[1]!);
        const fixes: Fix[] = [];
        const fix = splitRuleFix(ctx.file.text, r.node, used);
        if (fix) fixes.push(fix);
        ctx.report({
          span: (second && keySpan(second)) ?? obj.span,
          message: `${r.path}: combining ${used.join(' and ')} in one rule is not supported; Cilium rejects the policy. Write one rule per peer kind (the rules add up).`,
          related: used.slice(0, 1).flatMap((k) => {
            const p = pairOf(r.node, k);
            const s = p && keySpan(p);
            return s ? [{ uri: obj.uri, span: s, message: `${k} in the same rule` }] : [];
          }),
          fixes,
        });
      }
      if (!servicesWithPorts && !r.ingress && nonEmptyList(obj.doc, r.node, 'toServices') && nonEmptyList(obj.doc, r.node, 'toPorts')) {
        const p = pairOf(r.node, 'toPorts');
        ctx.report({
          span: (p && keySpan(p)) ?? obj.span,
          message: `${r.path}: before Cilium 1.17 (netlens.ciliumVersion is ${ctx.options.ciliumVersion}) toServices cannot be combined with toPorts; the agent rejects the policy. Remove toPorts, select the backends with toEndpoints, or upgrade (1.17 allows it).`,
        });
      }
    }
  },
};
