// Cilium vocabulary shared by the reader, hover and rules: label key prefixes, entities, ICMP type names.
import type { Selector } from '../../model/types.ts';
import { versionNumber, type Options } from '../../options.ts';

/** The namespace label as the agent writes it on endpoints; the one namespace key a CNP's selectors get replaced. */
export const K8S_NAMESPACE_LABEL = 'k8s:io.kubernetes.pod.namespace';

export const CILIUM_API = 'cilium.io/v2';
export const CNP = 'CiliumNetworkPolicy';
export const CCNP = 'CiliumClusterwideNetworkPolicy';

/**
 * netlens.ciliumVersion as major * 1000 + minor (1.17 -> 1017); unset or unreadable is the setting's default, 1.18.
 * Every Cilium version gate reads it here, so the default lives in one place.
 */
export function ciliumRelease(options: Pick<Options, 'ciliumVersion'> | undefined): number {
  return versionNumber(options?.ciliumVersion ?? '') ?? 1018;
}

/**
 * A toPorts `port` as the agent keeps it: a string that is an IANA service name (pkg/iana IsSvcName: at most 15
 * characters, letters, digits and single inner hyphens, at least one letter; upper case allowed) is lower-cased by
 * PortProtocol.Sanitize (pkg/policy/api rule_validation.go) so that `HTTP` names the container port `http`.
 * Numbers and other strings are kept as written (the validation rules judge them).
 */
export function ciliumPortName(s: string): string {
  return s.length <= 15 && /^([a-zA-Z0-9]-?)*[a-zA-Z](-?[a-zA-Z0-9])*$/.test(s) ? s.toLowerCase() : s;
}

/** Entities the CRD accepts (world-ipv4/-ipv6 exist in the agent only). */
export const ENTITIES = ['all', 'world', 'cluster', 'host', 'init', 'ingress', 'unmanaged', 'remote-node', 'health', 'none', 'kube-apiserver'] as const;

/**
 * The first Cilium release in which a CNP endpoint selector naming `io.cilium.k8s.namespace.labels.*` is not pinned
 * to the policy's namespace (cilium/cilium#30650, fixing #30149; getEndpointSelector in
 * pkg/k8s/apis/cilium.io/utils): from 1.16 such a peer reaches every namespace whose labels match. Before, the
 * policy's namespace was added, so the peer only matched pods of that namespace (whose labels also had to match).
 */
export const NS_LABELS_IN_CNP_SINCE = { major: 1, minor: 16 } as const;

/** Whether the release (ciliumRelease) pins a CNP's namespace-label selectors to its own namespace. */
export function nsLabelsPinned(release: number): boolean {
  return release < NS_LABELS_IN_CNP_SINCE.major * 1000 + NS_LABELS_IN_CNP_SINCE.minor;
}

/**
 * The first Cilium release in which toServices reaches a Service with a selector: from 1.17 the agent copies the
 * Service's selector into a generated toEndpoints (cilium/cilium#34208, pkg/policy/k8s/service.go processRule /
 * appendSelector). Before, isSelectableService let only Services without a selector through (IsExternal(), or every
 * Service in high-scale ipcache mode), whose EndpointSlice addresses became toCIDRSet entries, which never match pods.
 */
export const TO_SERVICES_SELECTOR_SINCE = { major: 1, minor: 17 } as const;

/** Whether the release (ciliumRelease) limits toServices to Services without a selector. */
export function toServicesSelectorlessOnly(release: number): boolean {
  return release < TO_SERVICES_SELECTOR_SINCE.major * 1000 + TO_SERVICES_SELECTOR_SINCE.minor;
}

/**
 * The Cilium release that removed fromRequires/toRequires (cilium/cilium#42615; deprecated in 1.17 by #36649):
 * before it, the agent applies the requirements (pkg/policy rules.go resolveL4IngressPolicy / resolveL4EgressPolicy).
 */
export const REQUIRES_REMOVED_IN = { major: 1, minor: 19 } as const;

/** Whether the release (ciliumRelease) still applies fromRequires/toRequires. */
export function requiresApplied(release: number): boolean {
  return release < REQUIRES_REMOVED_IN.major * 1000 + REQUIRES_REMOVED_IN.minor;
}

/** Label sources a selector key may name; `k8s:` and `any:` both match Kubernetes labels. */
const SOURCE_PREFIX = /^(k8s|any):/;

/** A selector key without its `k8s:`/`any:` source prefix (`reserved:` and other sources stay). */
export function bareKey(key: string): string {
  return key.replace(SOURCE_PREFIX, '');
}

/** The selector with every key's source prefix dropped, so it matches NetLens' identity labels. */
export function bareSelector(sel: Selector): Selector {
  const out: Selector = {
    matchLabels: Object.fromEntries(Object.entries(sel.matchLabels).map(([k, v]) => [bareKey(k), v])),
    matchExpressions: sel.matchExpressions.map((e) => ({ ...e, key: bareKey(e.key) })),
  };
  if (sel.span) out.span = sel.span;
  if (sel.invalid) out.invalid = sel.invalid;
  return out;
}

export function selectorKeys(sel: Selector): string[] {
  return [...Object.keys(sel.matchLabels), ...sel.matchExpressions.map((e) => e.key)];
}

/** ICMP type names Cilium accepts, per family (pkg/policy/api ICMP type names). */
export const ICMP_V4: Readonly<Record<string, number>> = {
  EchoReply: 0, DestinationUnreachable: 3, Redirect: 5, Echo: 8, EchoRequest: 8, RouterAdvertisement: 9, RouterSelection: 10,
  TimeExceeded: 11, ParameterProblem: 12, Timestamp: 13, TimestampReply: 14, Photuris: 40, ExtendedEchoRequest: 42, ExtendedEchoReply: 43,
};
export const ICMP_V6: Readonly<Record<string, number>> = {
  DestinationUnreachable: 1, PacketTooBig: 2, TimeExceeded: 3, ParameterProblem: 4, EchoRequest: 128, EchoReply: 129,
  MulticastListenerQuery: 130, MulticastListenerReport: 131, MulticastListenerDone: 132, RouterSolicitation: 133, RouterAdvertisement: 134,
  NeighborSolicitation: 135, NeighborAdvertisement: 136, RedirectMessage: 137, RouterRenumbering: 138, ICMPNodeInformationQuery: 139,
  ICMPNodeInformationResponse: 140, InverseNeighborDiscoverySolicitation: 141, InverseNeighborDiscoveryAdvertisement: 142,
  HomeAgentAddressDiscoveryRequest: 144, HomeAgentAddressDiscoveryReply: 145, MobilePrefixSolicitation: 146, MobilePrefixAdvertisement: 147,
  DuplicateAddressRequestCodeSuffix: 157, DuplicateAddressConfirmationCodeSuffix: 158, ExtendedEchoRequest: 160, ExtendedEchoReply: 161,
};

/** The L3 peer fields of a rule per section kind (one kind per rule). */
export const INGRESS_PEERS = ['fromEndpoints', 'fromCIDR', 'fromCIDRSet', 'fromEntities', 'fromNodes', 'fromGroups', 'fromRequires'] as const;
export const EGRESS_PEERS = ['toEndpoints', 'toCIDR', 'toCIDRSet', 'toEntities', 'toServices', 'toFQDNs', 'toNodes', 'toGroups', 'toRequires'] as const;
