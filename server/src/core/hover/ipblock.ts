// Hover on ipBlock: address range, size, private/public, and what `except` removes.
import { isMap, isSeq } from 'yaml';
import type { Document, Node } from 'yaml';
import { canonicalCidr, classifyCidr, cidrContains, cidrSize, formatAddress, parseCidr, type Cidr, type CidrClass } from '../net/cidr.ts';
import { mayCoverPodIps, parseCidr as parseRange, type AddrRange } from '../connectivity/addr.ts';
import { get, scalarString, seqItems } from '../parse/access.ts';
import { code, plural } from './format.ts';

const CLASS_WORDS: Record<CidrClass, string> = {
  any: 'every address of the family: the internet and every private network, the cluster included',
  private: 'private addresses (RFC 1918 / IPv6 unique-local), where cluster, node and VPC networks usually live',
  shared: 'carrier-grade NAT shared space (100.64.0.0/10), often used for pod or service ranges',
  loopback: 'loopback addresses',
  'link-local': 'link-local addresses (cloud metadata services live at 169.254.169.254)',
  multicast: 'multicast addresses',
  special: 'special-purpose addresses (documentation, benchmarking or reserved)',
  public: 'public internet addresses',
  mixed: 'a mix of public and private or special addresses',
};

/** Last address of a CIDR: the network with every host bit set. */
function lastAddress(c: Cidr): number[] {
  const bits = c.network.length * 8;
  return c.network.map((b, i) => {
    const hostBitsInByte = Math.max(0, Math.min(8, (i + 1) * 8 - Math.max(c.prefix, i * 8)));
    return hostBitsInByte === 0 ? b : b | ((1 << hostBitsInByte) - 1);
  }).slice(0, bits / 8);
}

function count(n: bigint): string {
  return n <= 1_000_000_000_000n ? plural(Number(n), 'address', 'addresses') : `2^${n.toString(2).length - 1} addresses`;
}

/** `10.0.0.0 – 10.255.255.255, 16,777,216 addresses` */
export function rangePhrase(c: Cidr): string {
  const first = formatAddress(c.network);
  const last = formatAddress(lastAddress(c));
  return `${first === last ? first : `${first} – ${last}`}, ${count(cidrSize(c))}`;
}

/** Hover text for an ipBlock map node. */
export function ipBlockHover(doc: Document, block: Node | undefined): string | undefined {
  if (!isMap(block)) return undefined;
  const text = scalarString(get(doc, block, 'cidr'));
  if (!text) return '**ipBlock** needs a `cidr`: the address range this peer allows.';
  const c = parseCidr(text);
  if (!c) return `**ipBlock** ${code(text)} is not a valid CIDR (expected e.g. 10.0.0.0/16 or 2001:db8::/64).`;
  const lines = [`**ipBlock** ${code(text)}: ${rangePhrase(c)}; ${CLASS_WORDS[classifyCidr(c)]}.`];
  if (c.hasHostBits) lines.push(`Written with host bits set: it means ${code(canonicalCidr(c))}.`);
  const exceptNode = get(doc, block, 'except');
  const excepts: Cidr[] = [];
  const bullets: string[] = [];
  for (const n of isSeq(exceptNode) ? seqItems(doc, exceptNode) : []) {
    const t = scalarString(n);
    const e = t === undefined ? undefined : parseCidr(t);
    if (!t) continue;
    if (!e) bullets.push(`- ${code(t)}: not a valid CIDR`);
    else if (!cidrContains(c, e) || e.prefix <= c.prefix) bullets.push(`- ${code(t)}: not a strict subset of ${code(text)} (the API server rejects it)`);
    else {
      bullets.push(`- ${code(t)}: ${rangePhrase(e)}`);
      excepts.push(e);
    }
  }
  if (bullets.length > 0) {
    // Excepts nest or are disjoint: count only the outermost ones so nothing is removed twice.
    const outer = excepts.filter((e, i) => !excepts.some((o, j) => j !== i && cidrContains(o, e) && (o.prefix < e.prefix || j < i)));
    const removed = outer.reduce((n, e) => n + cidrSize(e), 0n);
    lines.push(`\`except\` removes:\n${bullets.join('\n')}`);
    if (removed > 0n) lines.push(`Leaves ${count(cidrSize(c) - removed)}.`);
  }
  // Only where pod IPs could be inside: then whether the block matches pods depends on the network plugin.
  const range = parseRange(text);
  const exceptRanges = excepts.map((e) => parseRange(e.text)).filter((r): r is AddrRange => r !== undefined);
  if (range && mayCoverPodIps(range, exceptRanges)) {
    lines.push('This range may hold pod IPs: ipBlock is meant for traffic from or to outside the cluster, and whether it matches pods is up to the network plugin.');
  }
  return lines.join('\n\n');
}
