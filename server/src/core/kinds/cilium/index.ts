// The Cilium kinds (cilium.io/v2 CiliumNetworkPolicy, namespaced; CiliumClusterwideNetworkPolicy, cluster-wide):
// reader and lowering, plugged into the kind registry.
import type { PolicyKindEntry } from '../registry.ts';
import { lowerCilium } from './lower.ts';
import { CCNP, CILIUM_API, CNP } from './names.ts';
import { readCilium, type CiliumDraft } from './read.ts';

export const ciliumNetworkPolicyKind: PolicyKindEntry<CiliumDraft> = {
  family: 'policy',
  keys: [`${CILIUM_API}/${CNP}`],
  matches: (obj) => obj.kind === CNP && obj.apiVersion === CILIUM_API,
  clusterScoped: false,
  read: readCilium,
  instantiate: (draft, namespace) => ({ ir: lowerCilium(draft, namespace ?? 'default') }),
};

export const ciliumClusterwideNetworkPolicyKind: PolicyKindEntry<CiliumDraft> = {
  family: 'policy',
  keys: [`${CILIUM_API}/${CCNP}`],
  matches: (obj) => obj.kind === CCNP && obj.apiVersion === CILIUM_API,
  clusterScoped: true,
  read: readCilium,
  instantiate: (draft) => ({ ir: lowerCilium(draft, undefined) }),
};
