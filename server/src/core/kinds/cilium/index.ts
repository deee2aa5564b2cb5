// The Cilium kinds (cilium.io/v2 CiliumNetworkPolicy, namespaced; CiliumClusterwideNetworkPolicy, cluster-wide;
// CiliumCIDRGroup, the address lists their CIDRSet peers name): readers and lowering, plugged into the kind registry.
import type { CidrGroupKindEntry, PolicyKindEntry } from '../registry.ts';
import { CIDR_GROUP, completeGroupRef, isCidrGroup, readCidrGroup } from './cidrgroup.ts';
import { lowerCilium } from './lower.ts';
import { CCNP, CILIUM_API, CNP } from './names.ts';
import { readCilium, type CiliumDraft } from './read.ts';

export const ciliumNetworkPolicyKind: PolicyKindEntry<CiliumDraft> = {
  family: 'policy',
  keys: [`${CILIUM_API}/${CNP}`],
  matches: (obj) => obj.kind === CNP && obj.apiVersion === CILIUM_API,
  clusterScoped: false,
  read: readCilium,
  completeValue: completeGroupRef,
  instantiate: (draft, namespace) => ({ ir: lowerCilium(draft, namespace ?? 'default') }),
};

export const ciliumClusterwideNetworkPolicyKind: PolicyKindEntry<CiliumDraft> = {
  family: 'policy',
  keys: [`${CILIUM_API}/${CCNP}`],
  matches: (obj) => obj.kind === CCNP && obj.apiVersion === CILIUM_API,
  clusterScoped: true,
  read: readCilium,
  completeValue: completeGroupRef,
  instantiate: (draft) => ({ ir: lowerCilium(draft, undefined) }),
};

export const ciliumCidrGroupKind: CidrGroupKindEntry = {
  family: 'cidrGroup',
  keys: [`cilium.io/v2alpha1/${CIDR_GROUP}`, `cilium.io/v2/${CIDR_GROUP}`],
  matches: isCidrGroup,
  read: readCidrGroup,
};
