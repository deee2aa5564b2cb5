// Classifies a CIDR as private, public or special-purpose, so hovers and reports can say "the internet" vs "the cluster network".
import ipaddr from 'ipaddr.js';
import type { Cidr } from './cidr.ts';
import { to4 } from './go-ip.ts';

export type CidrClass =
  /** Every address of its family (`0.0.0.0/0`, `::/0`). */
  | 'any'
  /** RFC 1918 (10/8, 172.16/12, 192.168/16) or IPv6 unique-local (fc00::/7). */
  | 'private'
  /** Carrier-grade NAT shared space (100.64/10), often used for pod or service ranges. */
  | 'shared'
  | 'loopback'
  | 'link-local'
  | 'multicast'
  /** Documentation, benchmarking, reserved and other special-purpose blocks. */
  | 'special'
  /** Only globally routable addresses. */
  | 'public'
  /** Contains both public and non-public addresses (e.g. `0.0.0.0/1`). */
  | 'mixed';

type Block = [string, number, CidrClass];

// IANA special-purpose registries (IPv4 RFC 6890 and successors, IPv6 RFC 6890/RFC 8190), the blocks that matter here.
const V4_BLOCKS: Block[] = [
  ['0.0.0.0', 8, 'special'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'special'],
  ['192.0.2.0', 24, 'special'],
  ['192.88.99.0', 24, 'special'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'special'],
  ['198.51.100.0', 24, 'special'],
  ['203.0.113.0', 24, 'special'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'special'],
];

const V6_BLOCKS: Block[] = [
  ['::', 128, 'special'],
  ['::1', 128, 'loopback'],
  ['::ffff:0:0', 96, 'special'],
  ['64:ff9b::', 96, 'special'],
  ['64:ff9b:1::', 48, 'special'],
  ['100::', 64, 'special'],
  ['2001::', 23, 'special'],
  ['2001:db8::', 32, 'special'],
  ['2002::', 16, 'special'],
  ['3fff::', 20, 'special'],
  ['fc00::', 7, 'private'],
  ['fe80::', 10, 'link-local'],
  ['ff00::', 8, 'multicast'],
];

interface ParsedBlock {
  addr: ipaddr.IPv4 | ipaddr.IPv6;
  prefix: number;
  cls: CidrClass;
}

const parseBlocks = (blocks: Block[]): ParsedBlock[] => blocks.map(([a, prefix, cls]) => ({ addr: ipaddr.parse(a), prefix, cls }));
const PARSED_V4 = parseBlocks(V4_BLOCKS);
const PARSED_V6 = parseBlocks(V6_BLOCKS);

function inside(addr: ipaddr.IPv4 | ipaddr.IPv6, prefix: number, block: ParsedBlock): boolean {
  return prefix >= block.prefix && (addr as ipaddr.IPv4).match(block.addr as ipaddr.IPv4, block.prefix);
}

/**
 * What kind of addresses a CIDR covers. Blocks are aligned, so a CIDR is either inside a special block,
 * contains some, or is disjoint from all (then it is public). IPv4-mapped CIDRs are classified as IPv4.
 */
export function classifyCidr(c: Pick<Cidr, 'network' | 'prefix'>): CidrClass {
  let bytes = c.network;
  let prefix = c.prefix;
  const v4 = bytes.length === 16 && prefix >= 96 ? to4(bytes) : undefined;
  if (v4) {
    bytes = v4;
    prefix -= 96;
  }
  if (prefix === 0) return 'any';
  const addr = ipaddr.fromByteArray([...bytes]);
  const blocks = addr.kind() === 'ipv4' ? PARSED_V4 : PARSED_V6;
  let best: ParsedBlock | undefined;
  for (const b of blocks) if (inside(addr, prefix, b) && (!best || b.prefix > best.prefix)) best = b;
  if (best) return best.cls;
  // Not inside any block: if it contains one, it mixes that block with public space around it.
  for (const b of blocks) if (inside(b.addr, b.prefix, { addr, prefix, cls: 'public' })) return 'mixed';
  return 'public';
}
