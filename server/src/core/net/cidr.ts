// CIDR helpers shared by validation, connectivity and hover: parse as the API server does, canonical form, containment, size, class.
import ipaddr from 'ipaddr.js';
import { maskBytes, parseCidrSloppy, parsePrefixStrict, to4 } from './go-ip.ts';

export type IpFamily = 'ipv4' | 'ipv6';

/** A CIDR the API server can parse. */
export interface Cidr {
  /** The text as written. */
  text: string;
  /** How the address is written: an IPv4-mapped IPv6 address (`::ffff:1.2.3.4`) is 'ipv6'. */
  family: IpFamily;
  /** The address as written (host bits kept): 4 or 16 bytes. */
  bytes: number[];
  prefix: number;
  /** The address with the bits after the prefix cleared. */
  network: number[];
  /** Bits are set after the prefix (`10.0.0.1/8`). */
  hasHostBits: boolean;
}

/**
 * Parses a CIDR exactly as kube-apiserver's legacy parser (ParseCIDRSloppy) does; undefined when the API
 * server rejects it in every mode. Leading zeros ("010.0.0.0/8") are read as decimal, as Go does.
 */
export function parseCidr(text: string): Cidr | undefined {
  const g = parseCidrSloppy(text);
  if (!g) return undefined;
  const network = maskBytes(g.bytes, g.prefix);
  return {
    text,
    family: g.bytes.length === 4 ? 'ipv4' : 'ipv6',
    bytes: g.bytes,
    prefix: g.prefix,
    network,
    hasHostBits: network.some((b, i) => b !== g.bytes[i]),
  };
}

/**
 * Why strict IP/CIDR validation (Kubernetes' StrictIPCIDRValidation; the legacy parser accepts all three)
 * rejects a CIDR that parseCidr accepted. Same order of checks as the API server.
 */
export type StrictCidrProblem = 'leading-zeros' | 'ipv4-mapped' | 'host-bits';

export function strictCidrProblem(text: string): StrictCidrProblem | undefined {
  const p = parsePrefixStrict(text);
  if (!p) return 'leading-zeros'; // the only way the legacy parser accepts what netip refuses
  if (p.is6 && to4(p.bytes) !== undefined) return 'ipv4-mapped';
  const masked = maskBytes(p.bytes, p.prefix);
  return masked.some((b, i) => b !== p.bytes[i]) ? 'host-bits' : undefined;
}

/** An ipaddr.js address from 4 or 16 bytes. */
export function toIpaddr(bytes: readonly number[]): ipaddr.IPv4 | ipaddr.IPv6 {
  return ipaddr.fromByteArray([...bytes]);
}

/** An address as Go prints it: dotted quad for IPv4 and IPv4-mapped IPv6, RFC 5952 text for other IPv6. */
export function formatAddress(bytes: readonly number[]): string {
  const v4 = bytes.length === 16 ? to4(bytes) : undefined;
  const a = toIpaddr(v4 ?? bytes);
  return a.kind() === 'ipv6' ? (a as ipaddr.IPv6).toRFC5952String() : a.toString();
}

/**
 * The canonical form the API server itself would print (Go's IPNet.String): network address, then prefix.
 * An IPv4-mapped network prints as IPv4 with the prefix reduced by 96, as Go does.
 */
export function canonicalCidr(c: Pick<Cidr, 'network' | 'prefix'>): string {
  const mapped = c.network.length === 16 && to4(c.network) !== undefined;
  return `${formatAddress(c.network)}/${mapped ? c.prefix - 96 : c.prefix}`;
}

/** The address written in the CIDR as a single-host CIDR (`10.0.0.1/8` -> `10.0.0.1/32`). */
export function hostCidr(c: Pick<Cidr, 'bytes'>): string {
  const bits = c.bytes.length === 16 && to4(c.bytes) === undefined ? 128 : 32;
  return `${formatAddress(c.bytes)}/${bits}`;
}

/**
 * Kubernetes' `except` rule, with Go's net semantics: the except's network address lies inside `cidr` and its
 * prefix is strictly longer. Addresses of different families never match (an IPv6 except in an IPv4 cidr
 * is rejected); IPv4-mapped forms follow Go's To4 conversion and compare prefix lengths as written.
 */
export function isStrictSubsetForExcept(cidr: Cidr, except: Cidr): boolean {
  let nn = cidr.network;
  let mask = maskBytes(new Array<number>(cidr.network.length).fill(0xff), cidr.prefix);
  const nn4 = to4(nn);
  if (nn4) {
    if (mask.length === 16) mask = mask.slice(12);
    nn = nn4;
  }
  const ip = to4(except.network) ?? except.network;
  if (ip.length !== nn.length) return false;
  for (let i = 0; i < ip.length; i++) if (((nn[i] as number) & (mask[i] as number)) !== ((ip[i] as number) & (mask[i] as number))) return false;
  return cidr.prefix < except.prefix;
}

/** Semantic view: IPv4-mapped IPv6 CIDRs become their IPv4 equivalent. */
function unmapped(c: Pick<Cidr, 'network' | 'prefix'>): { addr: ipaddr.IPv4 | ipaddr.IPv6; prefix: number } {
  const v4 = c.network.length === 16 && c.prefix >= 96 ? to4(c.network) : undefined;
  if (v4) return { addr: toIpaddr(v4), prefix: c.prefix - 96 };
  return { addr: toIpaddr(c.network), prefix: c.prefix };
}

/** Whether every address of `inner` is in `outer` (equal CIDRs contain each other). Different families never do. */
export function cidrContains(outer: Pick<Cidr, 'network' | 'prefix'>, inner: Pick<Cidr, 'network' | 'prefix'>): boolean {
  const o = unmapped(outer);
  const i = unmapped(inner);
  if (o.addr.kind() !== i.addr.kind() || i.prefix < o.prefix) return false;
  return matches(i.addr, o.addr, o.prefix);
}

/** Whether two CIDRs share at least one address (aligned blocks overlap only when one contains the other). */
export function cidrsOverlap(a: Pick<Cidr, 'network' | 'prefix'>, b: Pick<Cidr, 'network' | 'prefix'>): boolean {
  return cidrContains(a, b) || cidrContains(b, a);
}

/** Whether an IP address (text, as ipaddr.js parses it) lies in the CIDR. */
export function cidrContainsAddress(c: Pick<Cidr, 'network' | 'prefix'>, address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let a = ipaddr.parse(address);
  if (a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress()) a = (a as ipaddr.IPv6).toIPv4Address();
  const o = unmapped(c);
  return a.kind() === o.addr.kind() && matches(a, o.addr, o.prefix);
}

function matches(addr: ipaddr.IPv4 | ipaddr.IPv6, net: ipaddr.IPv4 | ipaddr.IPv6, prefix: number): boolean {
  // ipaddr.js' match is overloaded per family; both sides were checked to be the same kind.
  return (addr as ipaddr.IPv4).match(net as ipaddr.IPv4, prefix);
}

/** Number of addresses in the CIDR (bigint: an IPv6 /0 has 2^128). */
export function cidrSize(c: Pick<Cidr, 'network' | 'prefix'>): bigint {
  return 1n << BigInt(c.network.length * 8 - c.prefix);
}

export { classifyCidr, type CidrClass } from './classify.ts';
