// A CIDR with bits set after its prefix (10.0.0.1/8) is ambiguous: the whole block, or the one address?
import { isNetworkPolicy } from '../kinds.ts';
import type { Node } from 'yaml';
import { canonicalCidr, hostCidr, parseCidr, strictCidrProblem } from '../net/cidr.ts';
import { kubernetesAtLeast } from '../options.ts';
import type { Span } from '../source.ts';
import type { Fix } from '../types.ts';
import { ipBlocks } from './np-ipblock.ts';
import { isTemplatedValue, itemSpan, replaceScalarFix, show, valueSpan } from './np-scalar.ts';
import type { Rule, RuleContext } from './rule.ts';

export const rule: Rule = {
  code: 'cidr-host-bits',
  defaultSeverity: 'warning',
  description: 'An ipBlock CIDR has bits set after its prefix length, so it is ambiguous.',
  // From Kubernetes 1.36 (netlens.kubernetesVersion) strict CIDR validation rejects it: the policy never exists.
  validation: 'rejects',
  appliesTo: isNetworkPolicy,
  checkObject(obj, ctx) {
    for (const b of ipBlocks(obj)) {
      if (b.cidr && typeof b.cidr.value === 'string') check(ctx, `${b.path}.cidr`, b.cidr.value, b.cidr.node, valueSpan(b.cidr));
      for (const e of b.excepts) {
        if (typeof e.value === 'string') check(ctx, e.path, e.value, e.node, itemSpan(ctx.file.text, e.node, obj.span));
      }
    }
  },
};

function check(ctx: RuleContext, path: string, value: string, node: Node | undefined, span: Span): void {
  if (isTemplatedValue(value)) return;
  const c = parseCidr(value);
  // Leading zeros and IPv4-mapped forms are invalid-cidr's; only a clean CIDR with host bits is ours.
  if (!c || strictCidrProblem(value) !== 'host-bits') return;
  const canonical = canonicalCidr(c);
  const host = hostCidr(c);
  const strict = kubernetesAtLeast(ctx.options, 1, 36);
  const fixes: Fix[] = [];
  const block = replaceScalarFix(ctx.file.text, node, canonical, `Use ${canonical} (the whole block, as Kubernetes reads it)`, true);
  if (block) fixes.push(block);
  const one = replaceScalarFix(ctx.file.text, node, host, `Use ${host} (only the address ${host.slice(0, host.lastIndexOf('/'))})`);
  if (one) fixes.push(one);
  ctx.report({
    span,
    message:
      `${path}: ${show(value)} has bits set after the /${c.prefix} prefix, so it is ambiguous; Kubernetes reads it as ${canonical} ` +
      `(did you mean ${canonical} or the single address ${host}?). ` +
      (strict
        ? `Kubernetes ${ctx.options.kubernetesVersion} (netlens.kubernetesVersion) rejects it, so the policy never takes effect.`
        : 'Kubernetes 1.36 and later reject it; earlier versions accept it (with a warning since 1.33).'),
    fixes,
    ...(strict ? {} : { rejects: false as const }),
  });
}
