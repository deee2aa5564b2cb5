// A Cilium rule selects its subject with exactly one of endpointSelector / nodeSelector; nodeSelector only in a CCNP.
import { isCiliumPolicy } from '../kinds.ts';
import { keySpan } from '../parse/access.ts';
import { ciliumSpecs, pairOf } from './cilium-walk.ts';
import type { Rule } from './rule.ts';

const isSet = (v: unknown): boolean => v !== null && v !== undefined && !(typeof v === 'object' && 'value' in (v as object) && (v as { value: unknown }).value === null);

export const rule: Rule = {
  code: 'cilium-subject',
  defaultSeverity: 'error',
  judgesAbsence: true,
  validation: 'rejects',
  description: 'A Cilium policy spec sets neither or both of endpointSelector and nodeSelector, or a CiliumNetworkPolicy uses nodeSelector (host policies are cluster-wide).',
  appliesTo: isCiliumPolicy,
  checkObject(obj, ctx) {
    const cnp = obj.kind === 'CiliumNetworkPolicy';
    for (const spec of ciliumSpecs(obj)) {
      const ep = pairOf(spec.node, 'endpointSelector');
      const node = pairOf(spec.node, 'nodeSelector');
      const hasEp = ep !== undefined && isSet(ep.value);
      const hasNode = node !== undefined && isSet(node.value);
      const first = spec.node.items[0];
      const anchor = (first && keySpan(first)) ?? obj.span;
      if (!hasEp && !hasNode) {
        ctx.report({
          span: (ep && keySpan(ep)) ?? (node && keySpan(node)) ?? anchor,
          message: `${spec.path}: a rule must select its subject with endpointSelector (pods)${cnp ? '' : ' or nodeSelector (nodes)'}; \`endpointSelector: {}\` selects every pod${cnp ? ' of the namespace' : ''}. Cilium rejects the policy.`,
        });
      } else if (hasEp && hasNode) {
        ctx.report({
          span: (node && keySpan(node)) ?? anchor,
          message: `${spec.path}: a rule cannot have both endpointSelector and nodeSelector; split it into one rule for pods and one for nodes. Cilium rejects the policy.`,
        });
      } else if (hasNode && cnp) {
        ctx.report({
          span: (node && keySpan(node)) ?? anchor,
          message: `${spec.path}.nodeSelector: a CiliumNetworkPolicy cannot select nodes; host policies must be CiliumClusterwideNetworkPolicy objects. Cilium rejects the policy.`,
        });
      }
    }
  },
};
