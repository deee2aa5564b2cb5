// External peers: the ipBlocks that rules name, and one representative address per block to ask the engine about.
import ipaddr from 'ipaddr.js';
import { everythingBlocks, peerGroups, selectsEverything } from '../kinds/cilium/cidrgroup.ts';
import type { IpBlock, Model } from '../model/types.ts';
import type { PolicyIR } from '../policy/types.ts';

export interface BlockRange {
  v6: boolean;
  start: bigint;
  end: bigint;
}

export interface ExternalBlock {
  cidr: string;
  except: string[];
  /** Named in an egress rule (workload -> block) and/or an ingress rule (block -> workload). */
  egress: boolean;
  ingress: boolean;
  internet: boolean;
}

export function parseRange(cidr: string): BlockRange | undefined {
  try {
    const [addr, prefix] = ipaddr.parseCIDR(cidr.trim());
    const bytes = addr.toByteArray();
    let n = 0n;
    for (const b of bytes) n = (n << 8n) | BigInt(b);
    const bits = BigInt(bytes.length * 8);
    const hostBits = bits - BigInt(prefix);
    const start = (n >> hostBits) << hostBits;
    return { v6: bytes.length === 16, start, end: start + (1n << hostBits) - 1n };
  } catch {
    return undefined;
  }
}

function addressString(v6: boolean, n: bigint): string {
  const len = v6 ? 16 : 4;
  const bytes: number[] = [];
  for (let i = len - 1; i >= 0; i--) bytes.push(Number((n >> BigInt(i * 8)) & 0xffn));
  return ipaddr.fromByteArray(bytes).toString();
}

export function blockKey(b: { cidr: string; except: readonly string[] }): string {
  return [b.cidr, ...b.except].join(' ');
}

export function isInternet(cidr: string): boolean {
  const r = parseRange(cidr);
  return r !== undefined && r.start === 0n && r.end === (r.v6 ? (1n << 128n) - 1n : (1n << 32n) - 1n);
}

/**
 * The ipBlocks named by the rules of these policies, plus the internet for isolated directions' peerless rules; a
 * Cilium CIDR group peer adds its groups' CIDRs (from `model`) with the peer's excepts.
 */
export function collectBlocks(policies: readonly PolicyIR[], model?: Model): ExternalBlock[] {
  const byKey = new Map<string, ExternalBlock>();
  const add = (ip: Pick<IpBlock, 'cidr' | 'except'>, dir: 'ingress' | 'egress') => {
    if (!parseRange(ip.cidr)) return;
    const except = [...ip.except].sort();
    const key = blockKey({ cidr: ip.cidr, except });
    let b = byKey.get(key);
    if (!b) {
      b = { cidr: ip.cidr, except, egress: false, ingress: false, internet: isInternet(ip.cidr) };
      byKey.set(key, b);
    }
    b[dir] = true;
  };
  for (const p of policies) {
    for (const rule of p.rules) {
      if (rule.action !== 'allow') continue;
      // A rule without peers admits every address, so the internet is one of its peers.
      if (rule.peers === undefined) add({ cidr: '0.0.0.0/0', except: [] }, rule.direction);
      else {
        for (const peer of rule.peers) {
          if (peer.kind === 'cidr') add(peer, rule.direction);
          else if (peer.kind === 'cidr-group' && selectsEverything(peer)) for (const b of everythingBlocks(peer)) add(b, rule.direction);
          else if (peer.kind === 'cidr-group' && model) for (const g of peerGroups(model, peer).groups) for (const cidr of g.cidrs) add({ cidr, except: peer.except }, rule.direction);
        }
      }
    }
  }
  return [...byKey.values()].sort(compareBlocks);
}

export function compareBlocks(a: ExternalBlock, b: ExternalBlock): number {
  const ra = parseRange(a.cidr);
  const rb = parseRange(b.cidr);
  if (ra && rb) {
    if (ra.v6 !== rb.v6) return ra.v6 ? 1 : -1;
    if (ra.start !== rb.start) return ra.start < rb.start ? -1 : 1;
    if (ra.end !== rb.end) return ra.end > rb.end ? -1 : 1; // wider block first
  }
  const ka = blockKey(a);
  const kb = blockKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

function inRange(n: bigint, r: BlockRange): boolean {
  return n >= r.start && n <= r.end;
}

interface Region {
  cidr: BlockRange;
  except: BlockRange[];
}

function region(b: ExternalBlock): Region | undefined {
  const cidr = parseRange(b.cidr);
  if (!cidr) return undefined;
  return { cidr, except: b.except.map(parseRange).filter((x): x is BlockRange => x !== undefined && x.v6 === cidr.v6) };
}

function inRegion(n: bigint, r: Region): boolean {
  return inRange(n, r.cidr) && !r.except.some((e) => inRange(n, e));
}

/** Whether every address of `o` is in `x` and they differ (a block nested in another). */
function nestedIn(o: Region, x: Region): boolean {
  if (o.cidr.v6 !== x.cidr.v6 || o.cidr.start < x.cidr.start || o.cidr.end > x.cidr.end) return false;
  // x's excepts must all be outside o (beyond o's range, or inside one of o's own excepts).
  const covered = x.except.every((e) => e.end < o.cidr.start || e.start > o.cidr.end || o.except.some((oe) => oe.start <= e.start && oe.end >= e.end));
  if (!covered) return false;
  const same = o.cidr.start === x.cidr.start && o.cidr.end === x.cidr.end && o.except.length === x.except.length;
  return !same;
}

/**
 * An address inside the block, outside its excepts and, when possible, outside the other named blocks
 * nested in it — so the block's node stands for "the rest of this range" and nested blocks get their own
 * answer. undefined when the excepts cover the whole block.
 */
export function representativeAddress(block: ExternalBlock, all: readonly ExternalBlock[]): string | undefined {
  const x = region(block);
  if (!x) return undefined;
  const nested = all
    .filter((o) => o !== block)
    .map(region)
    .filter((o): o is Region => o !== undefined && nestedIn(o, x));
  // The first address of the block or right after / at the start of any range that could exclude it.
  const points = new Set<bigint>([x.cidr.start]);
  for (const r of [...x.except, ...nested.flatMap((o) => [o.cidr, ...o.except])]) {
    points.add(r.start);
    points.add(r.end + 1n);
  }
  const candidates = [...points].filter((n) => inRegion(n, x)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const best = candidates.find((n) => !nested.some((o) => inRegion(n, o))) ?? candidates[0];
  return best === undefined ? undefined : addressString(x.cidr.v6, best);
}

export function blockLabel(b: ExternalBlock): string {
  const head = b.internet ? `internet (${b.cidr})` : b.cidr;
  return b.except.length > 0 ? `${head} except ${b.except.join(', ')}` : head;
}
