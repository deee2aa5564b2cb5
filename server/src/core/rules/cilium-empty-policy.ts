// A CiliumNetworkPolicy / CiliumClusterwideNetworkPolicy needs `spec` or `specs`: without them the agent rejects it.
import { isMap, isSeq } from 'yaml';
import { isCiliumPolicy } from '../kinds.ts';
import { get, keySpan } from '../parse/access.ts';
import type { Rule } from './rule.ts';

export const rule: Rule = {
  code: 'cilium-empty-policy',
  defaultSeverity: 'error',
  judgesAbsence: true,
  validation: 'rejects',
  description: 'A Cilium policy has neither `spec` nor `specs` (or only empty ones); Cilium rejects it as an empty policy.',
  appliesTo: isCiliumPolicy,
  checkObject(obj, ctx) {
    const spec = get(obj.doc, obj.node, 'spec');
    const specs = get(obj.doc, obj.node, 'specs');
    if (isMap(spec) || (isSeq(specs) && specs.items.length > 0)) return;
    const kindPair = obj.node.items.find((p) => (p.key as { value?: unknown } | null)?.value === 'kind');
    ctx.report({
      span: (kindPair && keySpan(kindPair)) ?? obj.span,
      message: `This ${obj.kind} has no \`spec\` (or \`specs\` list): Cilium rejects it as an empty policy. Add a spec with an endpointSelector and its rules.`,
    });
  },
};
