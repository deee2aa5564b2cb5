// Address math for ipBlock peers and IP endpoints: CIDRs as integer ranges (ipaddr.js parses, bigint compares).
import ipaddr from 'ipaddr.js';
import { parseCidr as parseGoCidr } from '../net/cidr.ts';
import { to4 } from '../net/go-ip.ts';

export interface AddrRange {
  version: 4 | 6;
  start: bigint;
  end: bigint;
  /** Prefix length (for display and "wider than" checks). */
  prefix: number;
}

function toBigInt(bytes: number[]): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/**
 * Parses a CIDR the way the API server does (net/cidr.ts: Go's legacy ParseCIDR, leading zeros read as decimal,
 * host bits masked off). IPv4-mapped IPv6 CIDRs (prefix >= 96) mean their IPv4 range. Undefined when invalid.
 */
export function parseCidr(text: string): AddrRange | undefined {
  const c = parseGoCidr(text);
  if (!c) return undefined;
  const v4 = c.network.length === 16 && c.prefix >= 96 ? to4(c.network) : undefined;
  if (v4) return rangeOf(4, toBigInt(v4), c.prefix - 96);
  return rangeOf(c.network.length === 4 ? 4 : 6, toBigInt(c.network), c.prefix);
}

function rangeOf(version: 4 | 6, value: bigint, prefix: number): AddrRange {
  const bits = version === 4 ? 32n : 128n;
  const hostBits = bits - BigInt(prefix);
  const size = 1n << hostBits;
  const start = (value >> hostBits) << hostBits;
  return { version, start, end: start + size - 1n, prefix };
}

/** A single address (IPv4 four-part decimal or IPv6), as a one-address range. */
export function parseAddress(text: string): AddrRange | undefined {
  const t = text.trim();
  try {
    if (ipaddr.IPv4.isValidFourPartDecimal(t)) return rangeOf(4, toBigInt(ipaddr.IPv4.parse(t).toByteArray()), 32);
    if (t.includes(':') && ipaddr.IPv6.isValid(t)) {
      const a = ipaddr.IPv6.parse(t);
      // An IPv4-mapped IPv6 address is that IPv4 address on the wire.
      if (a.isIPv4MappedAddress()) return rangeOf(4, toBigInt(a.toIPv4Address().toByteArray()), 32);
      return rangeOf(6, toBigInt(a.toByteArray()), 128);
    }
  } catch {
    return undefined;
  }
  return undefined;
}

export function contains(outer: AddrRange, inner: AddrRange): boolean {
  return outer.version === inner.version && outer.start <= inner.start && inner.end <= outer.end;
}

export function overlaps(a: AddrRange, b: AddrRange): boolean {
  return a.version === b.version && a.start <= b.end && b.start <= a.end;
}

/** Whether `r` minus the `except` ranges still holds some address of `target`. */
export function overlapsExcept(r: AddrRange, except: readonly AddrRange[], target: AddrRange): boolean {
  if (!overlaps(r, target)) return false;
  // CIDRs either nest or are disjoint, so the overlap is the narrower of the two.
  const region = contains(r, target) ? target : r;
  return !except.some((e) => contains(e, region));
}

/** Ranges pod IPs usually come from when nobody said: RFC 1918, CGNAT, IPv6 unique-local. */
const LIKELY_POD_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7'].map((c) => parseCidr(c) as AddrRange);

/** Whether an ipBlock (minus its excepts) could hold pod IPs in a typical cluster. */
export function mayCoverPodIps(r: AddrRange, except: readonly AddrRange[]): boolean {
  return LIKELY_POD_RANGES.some((p) => overlapsExcept(r, except, p));
}

/** 169.254.0.0/16, where NodeLocal DNSCache listens on every node (169.254.20.10 by default). */
export const LINK_LOCAL_V4 = parseCidr('169.254.0.0/16') as AddrRange;

/** Whether a range lies wholly inside IPv4 link-local space (an explicit node-local address, not a broad block). */
export function isLinkLocalV4(r: AddrRange | undefined): r is AddrRange {
  return r !== undefined && contains(LINK_LOCAL_V4, r);
}

/** Where node-local DNS caches listen: the upstream default (k8s.io NodeLocal DNSCache) and kubespray's. */
const KNOWN_CACHES = ['169.254.20.10', '169.254.25.10'].map((a) => parseAddress(a) as AddrRange);
/** The cloud instance metadata service: a link-local address that is never a pod's DNS cache. */
const METADATA = parseAddress('169.254.169.254') as AddrRange;

/**
 * The node-local DNS cache address a link-local block (minus its excepts) stands for, or undefined: a known cache
 * address the block still holds, else the block's one address when it is a single address and the rule names port
 * 53 itself (a cache on a custom address). Anything else in 169.254/16 is not taken for DNS: a rule to the metadata
 * service (169.254.169.254) without ports, or a block whose excepts remove a known address, says nothing about
 * where the pods resolve. A cluster runs one cache, so a block that excepts one known address and keeps the other
 * (a /16 minus 169.254.20.10) is not taken either: its author shut out the usual cache on purpose, and counting the
 * other address would call DNS open on the clusters that use the excepted one.
 */
export function nodeLocalCacheAddress(r: AddrRange | undefined, except: readonly AddrRange[], names53: boolean): string | undefined {
  if (!isLinkLocalV4(r)) return undefined;
  const holds = (a: AddrRange): boolean => contains(r, a) && !except.some((e) => contains(e, a));
  if (KNOWN_CACHES.some((a) => contains(r, a) && !holds(a))) return undefined;
  const known = KNOWN_CACHES.find(holds);
  if (known) return formatV4(known.start);
  if (names53 && r.start === r.end && r.start !== METADATA.start && holds(r)) return formatV4(r.start);
  return undefined;
}

type RulePort = { protocol: string; port?: number | string; endPort?: number; invalid?: string };

/**
 * Whether one port entry admits 53 on UDP, TCP or every protocol: a number or a range holding it, or, when
 * `portless` says so, an entry without a port (every port, Cilium's port 0 included).
 */
const admits53 = (p: RulePort, portless: boolean): boolean =>
  !p.invalid &&
  p.protocol !== 'SCTP' &&
  (typeof p.port === 'number' && p.port > 0 ? p.port <= 53 && 53 <= (p.endPort ?? p.port) : portless && (p.port === undefined || p.port === 0));

/** Whether a rule's ports name port 53 itself (a number, or a range holding it) on UDP, TCP or every protocol. */
export function names53(ports: readonly RulePort[] | undefined): boolean {
  return (ports ?? []).some((p) => admits53(p, false));
}

export const formatV4 = (v: bigint): string => [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 255n)).join('.');

/**
 * Hover wording for an egress allow rule that names a node-local DNS cache (nodeLocalCacheAddress) and admits port
 * 53 (TCP, UDP or ANY; no ports = all): the DNS rules count it as DNS through the cache. Undefined for any other rule.
 */
export function nodeLocalDnsNote(blocks: readonly { cidr: string; except?: readonly string[] }[], ports: readonly RulePort[] | undefined): string | undefined {
  const named = names53(ports);
  const address = blocks
    .map((b) => nodeLocalCacheAddress(parseCidr(b.cidr), (b.except ?? []).map(parseCidr).filter((e): e is AddrRange => e !== undefined), named))
    .find((a) => a !== undefined);
  if (address === undefined) return undefined;
  if (ports !== undefined && ports.length > 0 && !ports.some((p) => admits53(p, true))) return undefined;
  return (
    `Port 53 to ${address} is DNS through a node-local cache (NodeLocal DNSCache listens on 169.254.20.10 by default, ` +
    "kubespray's on 169.254.25.10, and the kubelet points pods' resolv.conf at it): missing-dns-egress and dns-tcp-blocked count this rule as the pods' DNS."
  );
}
