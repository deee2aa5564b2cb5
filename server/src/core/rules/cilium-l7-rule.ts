// Cilium L7 rules the agent refuses beyond the protocol: in host policies, several L7 types in one port rule,
// on port 0, and generic `l7` without `l7proto`.
import { isMap, isSeq } from 'yaml';
import { isCiliumPolicy } from '../kinds.ts';
import { deref, get, getPair, keySpan } from '../parse/access.ts';
import { pairOf, portRules, ciliumRules, scalarText } from './cilium-walk.ts';
import type { Rule } from './rule.ts';

const TYPES = ['http', 'kafka', 'dns', 'l7proto'] as const;

export const rule: Rule = {
  code: 'cilium-l7-rule',
  defaultSeverity: 'error',
  validation: 'rejects',
  description: 'A Cilium port rule has L7 rules the agent refuses: in a host policy (nodeSelector), several L7 types at once, on port 0, or `l7` without `l7proto`.',
  appliesTo: isCiliumPolicy,
  checkObject(obj, ctx) {
    const doc = obj.doc;
    for (const r of ciliumRules(obj)) {
      const host = pairOf(r.spec.node, 'nodeSelector') !== undefined && !r.deny;
      for (const pr of portRules(doc, r)) {
        const rules = get(doc, pr.node, 'rules');
        if (!isMap(rules)) continue;
        const rulesPair = getPair(pr.node, 'rules');
        const at = (rulesPair && keySpan(rulesPair)) ?? obj.span;
        // Go's nil check: a written list (even empty) counts as a type; an empty l7proto does not.
        const present = TYPES.filter((t) => {
          const v = get(doc, rules, t);
          return t === 'l7proto' ? (scalarText(v) ?? '') !== '' : v !== undefined && !(v && 'value' in v && (v as { value: unknown }).value === null);
        });
        const counted = TYPES.filter((t) => {
          const v = get(doc, rules, t);
          return t === 'l7proto' ? (scalarText(v) ?? '') !== '' : isSeq(v) && v.items.length > 0;
        });
        if (host && counted.some((t) => t !== 'l7proto')) {
          ctx.report({ span: at, message: `${pr.path}.rules: host policies (nodeSelector) do not support L7 rules; Cilium rejects the policy. Enforce L7 in a policy that selects the pods.` });
          continue;
        }
        if (present.length > 1) {
          ctx.report({ span: at, message: `${pr.path}.rules: ${present.join(' and ')} in one port rule; one L7 protocol per port rule, so Cilium rejects the policy. Use a separate toPorts item per protocol.` });
          continue;
        }
        const l7 = getPair(rules, 'l7');
        if (l7 && (scalarText(get(doc, rules, 'l7proto')) ?? '') === '') {
          ctx.report({ span: keySpan(l7) ?? at, message: `${pr.path}.rules.l7: generic L7 rules need \`l7proto\` naming the parser; Cilium rejects the policy.` });
          continue;
        }
        if (present.length === 0) continue;
        const ports = get(doc, pr.node, 'ports');
        if (!isSeq(ports)) continue;
        ports.items.forEach((raw, i) => {
          const port = deref(doc, raw);
          if (!isMap(port)) return;
          const p = scalarText(get(doc, port, 'port'));
          if (p === undefined || !/^[0-9]+$/.test(p) || Number(p) !== 0) return;
          const pp = getPair(port, 'port');
          ctx.report({ span: (pp && keySpan(pp)) ?? at, message: `${pr.path}.ports[${i}].port: L7 rules cannot apply to port 0 (every port); name the port the protocol runs on. Cilium rejects the policy.` });
        });
      }
    }
  },
};
