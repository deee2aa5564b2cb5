// The NetworkPolicy kind (networking.k8s.io/v1): reader and lowering, plugged into the kind registry.
import { isNetworkPolicy } from '../../kinds.ts';
import type { Policy } from '../../model/types.ts';
import type { PolicyKindEntry } from '../registry.ts';
import { sameShapeCopy } from '../../same-shape.ts';
import { lowerNetworkPolicy } from './lower.ts';
import { readPolicy, type PolicyDraft } from './read.ts';

export const networkPolicyKind: PolicyKindEntry<PolicyDraft> = {
  family: 'policy',
  keys: ['networking.k8s.io/v1/NetworkPolicy'],
  matches: isNetworkPolicy,
  clusterScoped: false,
  read: (obj, text, options) => readPolicy(obj, text, options),
  instantiate(draft, namespace) {
    const ns = namespace ?? 'default';
    const np: Policy = sameShapeCopy(draft, { id: `${ns}/${draft.name}`, namespace: ns });
    return { np, ir: [lowerNetworkPolicy(np)] };
  },
};
