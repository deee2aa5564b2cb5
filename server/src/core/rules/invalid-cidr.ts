// ipBlock.cidr is required and a valid CIDR; each except is a valid CIDR strictly inside it (the API server's checks).
import { isNetworkPolicy } from '../kinds.ts';
import { keySpan, spanOf } from '../parse/access.ts';
import { canonicalCidr, cidrContains, isStrictSubsetForExcept, parseCidr, strictCidrProblem, type Cidr } from '../net/cidr.ts';
import { parseIPv4Sloppy, parseIPv6Sloppy, parsePrefixStrict, to4 } from '../net/go-ip.ts';
import { kubernetesAtLeast, type Options } from '../options.ts';
import type { Span } from '../source.ts';
import type { Fix } from '../types.ts';
import { ipBlocks } from './np-ipblock.ts';
import { isTemplatedValue, itemSpan, replaceScalarFix, show, valueSpan } from './np-scalar.ts';
import type { Report, Rule } from './rule.ts';

export const rule: Rule = {
  code: 'invalid-cidr',
  defaultSeverity: 'error',
  validation: 'rejects',
  description: 'An ipBlock cidr is missing or not a valid CIDR, or an except is not a valid CIDR strictly inside the cidr.',
  appliesTo: isNetworkPolicy,
  checkObject(obj, ctx) {
    const text = ctx.file.text;
    for (const b of ipBlocks(obj)) {
      const cidrValue = b.cidr?.value;
      let cidr: Cidr | undefined;
      let cidrKnown = false;
      let cidrSpan: Span | undefined;
      if (b.cidr === undefined || cidrValue === null || cidrValue === '') {
        const span = b.cidr ? valueSpan(b.cidr) : (keySpan(b.ipBlock.pair) ?? obj.span);
        ctx.report({ span, message: `${b.path}.cidr: required; an ipBlock needs a CIDR such as 10.0.0.0/8 or 2001:db8::/64.` });
        continue; // the API server stops here too: excepts are not looked at
      }
      if (typeof cidrValue === 'string' && !isTemplatedValue(cidrValue)) {
        const r = checkCidrText(ctx.options, text, `${b.path}.cidr`, cidrValue, b.cidr.node, valueSpan(b.cidr));
        if (r) ctx.report(r);
        cidr = parseCidr(cidrValue);
        cidrSpan = valueSpan(b.cidr);
        cidrKnown = cidr !== undefined;
        // Like the API server, an unparseable cidr ends the checks of this ipBlock.
        if (!cidrKnown) continue;
      }
      for (const e of b.excepts) {
        const span = itemSpan(text, e.node, spanOf(b.except?.node) ?? obj.span);
        if (e.value === null) {
          ctx.report({ span, message: `${e.path}: an empty except entry is not a valid CIDR; remove it or write a CIDR such as 10.0.0.0/24.` });
          continue;
        }
        if (typeof e.value !== 'string' || isTemplatedValue(e.value)) continue;
        const r = checkCidrText(ctx.options, text, e.path, e.value, e.node, span);
        if (r) ctx.report(r);
        const ex = parseCidr(e.value);
        if (!ex || !cidrKnown || !cidr) continue;
        if (!isStrictSubsetForExcept(cidr, ex)) {
          ctx.report({
            span,
            message: `${e.path}: ${show(e.value)} must be a strict subset of cidr ${show(cidr.text)} (inside it, with a longer prefix): ${whyNotSubset(cidr, ex)}.`,
            related: [{ uri: obj.uri, span: cidrSpan ?? obj.span, message: `the cidr ${show(cidr.text)}` }],
          });
        }
      }
    }
  },
};

/** Syntax and strict-form problems of one CIDR value; host bits are the cidr-host-bits rule's. */
// CIDR texts found valid in the strict sense (nothing to report whatever the options): the same few blocks recur in
// every policy of a repository, and the strict parse was half of this rule's time. Bounded: cleared when full.
const FINE = new Set<string>();
const MAX_FINE = 4096;

function checkCidrText(options: Options, text: string, path: string, value: string, node: Parameters<typeof replaceScalarFix>[1], span: Span): Report | undefined {
  if (FINE.has(value)) return undefined;
  const c = parseCidr(value);
  if (!c) {
    const fixes: Fix[] = [];
    // A bare address most often means that one host; offered, not preferred, since a range may have been meant.
    const host = parsePrefixStrict(`${value}/0`) ? `${value}/${value.includes(':') ? 128 : 32}` : undefined;
    const fix = host && parsePrefixStrict(host) && replaceScalarFix(text, node, host, `Use ${host} (only this address)`);
    if (fix) fixes.push(fix);
    return { span, message: `${path}: ${show(value)} is not a valid CIDR: ${whyInvalid(value)}; must look like 10.9.8.0/24 or 2001:db8::/64.`, fixes };
  }
  const problem = strictCidrProblem(value);
  if (problem === 'leading-zeros' || problem === 'ipv4-mapped') {
    const canonical = canonicalCidr(c);
    const fixes: Fix[] = [];
    const fix = replaceScalarFix(text, node, canonical, `Use ${canonical}`);
    if (fix) fixes.push(fix);
    const why =
      problem === 'leading-zeros'
        ? 'must not have leading zeros in the address or the prefix length (Kubernetes reads 010 as 10, but many other tools read it as octal 8)'
        : 'must not be an IPv4-mapped IPv6 address (some tools treat it as IPv4, others as IPv6)';
    // Versions before 1.36 store it (reading 010 as 10): the policy still takes effect there.
    const strict = kubernetesAtLeast(options, 1, 36);
    const when = strict ? `Kubernetes ${options.kubernetesVersion} (netlens.kubernetesVersion) rejects it` : 'Kubernetes 1.36 and later reject it';
    return { span, message: `${path}: ${show(value)} ${why}. ${when}; write ${canonical}.`, fixes, ...(strict ? {} : { rejects: false as const }) };
  }
  if (problem === undefined) {
    if (FINE.size >= MAX_FINE) FINE.clear();
    FINE.add(value);
  }
  return undefined;
}

function whyInvalid(value: string): string {
  const trimmed = value.trim();
  if (trimmed !== value) return 'it has spaces around it';
  const slash = value.indexOf('/');
  if (slash < 0) return parseIPv4Sloppy(value) || parseIPv6Sloppy(value) ? 'it is an address without a prefix length (add /32 for one IPv4 address, /128 for IPv6)' : 'it is not of the form address/prefix-length';
  const addr = value.slice(0, slash);
  const v4 = parseIPv4Sloppy(addr);
  if (!v4 && !parseIPv6Sloppy(addr)) return `${show(addr)} is not an IPv4 or IPv6 address`;
  return `the prefix length must be a number from 0 to ${v4 ? 32 : 128}`;
}

function whyNotSubset(cidr: Cidr, ex: Cidr): string {
  // Go compares families after its To4 conversion, so an IPv4-mapped network counts as IPv4 here.
  const fam = (c: Cidr): string => (to4(c.network) ? 'IPv4' : 'IPv6');
  if (fam(cidr) !== fam(ex)) return `it is ${fam(ex)} and the cidr is ${fam(cidr)}`;
  if (cidrContains(ex, cidr)) {
    return ex.prefix === cidr.prefix ? 'it is the whole cidr, not a part of it' : `it is larger than the cidr (/${ex.prefix} versus /${cidr.prefix})`;
  }
  return `it lies outside ${canonicalCidr(cidr)}`;
}
