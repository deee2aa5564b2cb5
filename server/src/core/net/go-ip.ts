// Byte-exact ports of the two Go IP/CIDR parsers kube-apiserver uses, so validity matches it to the character.
//
// Kubernetes validates ipBlock CIDRs with `netutils.ParseCIDRSloppy` (Go 1.16's net.ParseCIDR, which still
// accepts leading zeros such as "010.0.0.0/8" and reads them as decimal) and, under strict IP/CIDR
// validation, additionally with Go's `netip.ParsePrefix` (no leading zeros, no zones). ipaddr.js is lenient
// in other ways (it reads "010" as octal and accepts "10.1" shorthand), so it must not decide validity.

/** Go's `big` guard in dtoi/xtoi: parsing stops (and fails) at this value. */
const BIG = 0xffffff;

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

function hexValue(c: string | undefined): number {
  if (c === undefined) return -1;
  if (c >= '0' && c <= '9') return c.charCodeAt(0) - 48;
  if (c >= 'a' && c <= 'f') return c.charCodeAt(0) - 87;
  if (c >= 'A' && c <= 'F') return c.charCodeAt(0) - 55;
  return -1;
}

/** Go's dtoi: decimal prefix of `s`; leading zeros allowed. */
function dtoi(s: string): { n: number; len: number } | undefined {
  let n = 0;
  let i = 0;
  for (; i < s.length && isDigit(s[i]); i++) {
    n = n * 10 + (s.charCodeAt(i) - 48);
    if (n >= BIG) return undefined;
  }
  return i === 0 ? undefined : { n, len: i };
}

/** Go 1.16 parseIPv4: exactly four decimal fields <= 255, leading zeros allowed (and read as decimal). */
export function parseIPv4Sloppy(input: string): number[] | undefined {
  let s = input;
  const out: number[] = [];
  for (let i = 0; i < 4; i++) {
    if (s.length === 0) return undefined;
    if (i > 0) {
      if (s[0] !== '.') return undefined;
      s = s.slice(1);
    }
    const d = dtoi(s);
    if (!d || d.n > 0xff) return undefined;
    s = s.slice(d.len);
    out.push(d.n);
  }
  return s.length === 0 ? out : undefined;
}

/** Go 1.16 parseIPv6: hex groups of any length (value <= 0xffff), one `::`, optional trailing dotted IPv4. */
export function parseIPv6Sloppy(input: string): number[] | undefined {
  let s = input;
  const ip = new Array<number>(16).fill(0);
  let ellipsis = -1;
  if (s.length >= 2 && s[0] === ':' && s[1] === ':') {
    ellipsis = 0;
    s = s.slice(2);
    if (s.length === 0) return ip;
  }
  let i = 0;
  while (i < 16) {
    let n = 0;
    let c = 0;
    for (; c < s.length; c++) {
      const v = hexValue(s[c]);
      if (v < 0) break;
      n = n * 16 + v;
      if (n >= BIG) return undefined;
    }
    if (c === 0 || n > 0xffff) return undefined;
    if (c < s.length && s[c] === '.') {
      if (ellipsis < 0 && i !== 12) return undefined;
      if (i + 4 > 16) return undefined;
      const v4 = parseIPv4Sloppy(s);
      if (!v4) return undefined;
      ip.splice(i, 4, ...v4);
      s = '';
      i += 4;
      break;
    }
    ip[i] = n >> 8;
    ip[i + 1] = n & 0xff;
    i += 2;
    s = s.slice(c);
    if (s.length === 0) break;
    if (s[0] !== ':' || s.length === 1) return undefined;
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return undefined;
      ellipsis = i;
      s = s.slice(1);
      if (s.length === 0) break;
    }
  }
  if (s.length !== 0 || !expandEllipsis(ip, i, ellipsis)) return undefined;
  return ip;
}

/**
 * Both parsers end alike: the `::` (at byte `ellipsis`, -1 when absent) expands to the zero groups that fill
 * the 16 bytes, `i` of which were written. False when the groups do not add up.
 */
function expandEllipsis(ip: number[], i: number, ellipsis: number): boolean {
  if (i < 16) {
    if (ellipsis < 0) return false;
    const shift = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + shift] = ip[j] as number;
    for (let j = ellipsis + shift - 1; j >= ellipsis; j--) ip[j] = 0;
    return true;
  }
  return ellipsis < 0; // `::` must stand for at least one zero group
}


export interface GoCidr {
  /** The address as written: 4 bytes when written as IPv4, 16 when written as IPv6 (even IPv4-mapped). */
  bytes: number[];
  prefix: number;
}

/** Kubernetes' ParseCIDRSloppy (Go 1.16 net.ParseCIDR). Splits at the first `/`; prefix digits may have leading zeros. */
export function parseCidrSloppy(s: string): GoCidr | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const addr = s.slice(0, slash);
  const mask = s.slice(slash + 1);
  let bytes = parseIPv4Sloppy(addr);
  let bits = 32;
  if (!bytes) {
    bytes = parseIPv6Sloppy(addr);
    bits = 128;
  }
  const d = dtoi(mask);
  if (!bytes || !d || d.len !== mask.length || d.n > bits) return undefined;
  return { bytes, prefix: d.n };
}

/** Go's netip.ParseAddr (IPv4 without leading zeros, IPv6 groups of at most 4 digits). Zones are reported. */
function parseAddrStrict(s: string): { bytes: number[]; zone: boolean } | undefined {
  for (const c of s) {
    if (c === '.') {
      const v4 = parseIPv4Strict(s);
      return v4 ? { bytes: v4, zone: false } : undefined;
    }
    if (c === ':') return parseIPv6Strict(s);
    if (c === '%') return undefined;
  }
  return undefined;
}

function parseIPv4Strict(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

function parseIPv6Strict(input: string): { bytes: number[]; zone: boolean } | undefined {
  const pct = input.indexOf('%');
  const zone = pct >= 0;
  if (zone && pct === input.length - 1) return undefined; // empty zone
  let s = zone ? input.slice(0, pct) : input;
  const ip = new Array<number>(16).fill(0);
  let ellipsis = -1;
  if (s.length >= 2 && s[0] === ':' && s[1] === ':') {
    ellipsis = 0;
    s = s.slice(2);
    if (s.length === 0) return { bytes: ip, zone };
  }
  let i = 0;
  while (i < 16) {
    let off = 0;
    let acc = 0;
    for (; off < s.length; off++) {
      const v = hexValue(s[off]);
      if (v < 0) break;
      acc = acc * 16 + v;
      if (off > 3) return undefined; // at most four hex digits per group
    }
    if (off === 0) return undefined;
    if (off < s.length && s[off] === '.') {
      if (ellipsis < 0 && i !== 12) return undefined;
      if (i + 4 > 16) return undefined;
      const v4 = parseIPv4Strict(s);
      if (!v4) return undefined;
      ip.splice(i, 4, ...v4);
      s = '';
      i += 4;
      break;
    }
    ip[i] = acc >> 8;
    ip[i + 1] = acc & 0xff;
    i += 2;
    s = s.slice(off);
    if (s.length === 0) break;
    if (s[0] !== ':' || s.length === 1) return undefined;
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return undefined;
      ellipsis = i;
      s = s.slice(1);
      if (s.length === 0) break;
    }
  }
  if (s.length !== 0 || !expandEllipsis(ip, i, ellipsis)) return undefined;
  return { bytes: ip, zone };
}

export interface StrictPrefix {
  bytes: number[];
  prefix: number;
  /** The address is IPv6 (written with colons), possibly IPv4-mapped. */
  is6: boolean;
}

/** Go's netip.ParsePrefix: last `/`, strict address, no zone, prefix digits without sign or leading zero. */
export function parsePrefixStrict(s: string): StrictPrefix | undefined {
  const slash = s.lastIndexOf('/');
  if (slash < 0) return undefined;
  const addr = parseAddrStrict(s.slice(0, slash));
  if (!addr || addr.zone) return undefined;
  const bitsStr = s.slice(slash + 1);
  if (!/^(0|[1-9][0-9]*)$/.test(bitsStr)) return undefined;
  const bits = Number(bitsStr);
  const is6 = addr.bytes.length === 16;
  if (bits > (is6 ? 128 : 32)) return undefined;
  return { bytes: addr.bytes, prefix: bits, is6 };
}

/** Clears the bits after `prefix`. */
export function maskBytes(bytes: readonly number[], prefix: number): number[] {
  return bytes.map((b, i) => {
    const keep = Math.max(0, Math.min(8, prefix - i * 8));
    return b & ((0xff << (8 - keep)) & 0xff);
  });
}

/** Go's IP.To4: the 4-byte form of an IPv4 or IPv4-mapped IPv6 address, else undefined. */
export function to4(bytes: readonly number[]): number[] | undefined {
  if (bytes.length === 4) return [...bytes];
  if (bytes.length !== 16) return undefined;
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return undefined;
  return bytes[10] === 0xff && bytes[11] === 0xff ? bytes.slice(12) : undefined;
}
