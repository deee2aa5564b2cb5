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

/**
 * Hover wording for an egress allow rule that names a link-local CIDR and admits port 53 (TCP, UDP or ANY; no
 * ports = all): the DNS rules count it as DNS through a node-local cache. Undefined for any other rule.
 */
export function nodeLocalDnsNote(cidrs: readonly string[], ports: readonly { protocol: string; port?: number | string; endPort?: number; invalid?: string }[] | undefined): string | undefined {
  if (!cidrs.some((c) => isLinkLocalV4(parseCidr(c)))) return undefined;
  const admits53 = (p: NonNullable<typeof ports>[number]): boolean =>
    !p.invalid && p.protocol !== 'SCTP' && (p.port === undefined || p.port === 0 || (typeof p.port === 'number' && p.port <= 53 && 53 <= (p.endPort ?? p.port)));
  if (ports !== undefined && ports.length > 0 && !ports.some(admits53)) return undefined;
  return (
    'Port 53 to a link-local address is DNS through a node-local cache (NodeLocal DNSCache listens on 169.254.20.10 by ' +
    "default and the kubelet points pods' resolv.conf at it): missing-dns-egress and dns-tcp-blocked count this rule as the pods' DNS."
  );
}
