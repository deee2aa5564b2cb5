// Which names Cilium's DNS proxy lets an endpoint look up (its rules.dns), and so which toFQDNs names it can learn.
import type { PolicyIR } from '../policy/types.ts';
import { fqdnMatches, fqdnPatternsOverlap } from './entities.ts';

export interface FqdnSelector {
  matchName?: string;
  matchPattern?: string;
}

/**
 * The DNS rules of every allow egress rule of the policies selecting an endpoint; undefined when none sends its DNS
 * through the proxy (toPorts with rules.dns). The proxy answers REFUSED to a name no rule allows
 * (pkg/fqdn/dnsproxy proxy.go ServeDNS: CheckAllowed, then "Rejecting DNS query from endpoint due to policy").
 * NetLens takes the union over DNS servers and ports; Cilium checks the rules of the server and port asked.
 */
export function dnsSelectors(policies: readonly PolicyIR[]): FqdnSelector[] | undefined {
  let out: FqdnSelector[] | undefined;
  for (const p of policies) {
    for (const r of p.rules) {
      if (r.direction !== 'egress' || r.action !== 'allow') continue;
      for (const x of r.ports ?? []) if (x.l7?.kind === 'dns' && !x.invalid) (out ??= []).push(...(x.l7.dns ?? []));
    }
  }
  return out;
}

/** Whether the endpoint's DNS requests pass a `rules.dns` egress rule (Cilium learns toFQDNs addresses there). */
export function hasDnsProxy(policies: readonly PolicyIR[]): boolean {
  return dnsSelectors(policies) !== undefined;
}

/**
 * Whether the DNS rules let the endpoint look up the toFQDNs entry: for a matchName, that name; for a
 * matchPattern, at least one name it matches (the pod may still be refused the others).
 */
export function dnsAllows(rules: readonly FqdnSelector[], target: FqdnSelector): boolean {
  if (target.matchName !== undefined) return rules.some((s) => fqdnMatches(s, target.matchName!));
  if (target.matchPattern === undefined) return false;
  const pattern = target.matchPattern;
  return rules.some((s) => (s.matchName !== undefined ? fqdnMatches({ matchPattern: pattern }, s.matchName) : s.matchPattern !== undefined && fqdnPatternsOverlap(s.matchPattern, pattern)));
}

/** The DNS rules in words, for messages: `*.other.com, api.example.com`, or `no name`. */
export function dnsRulesText(rules: readonly FqdnSelector[]): string {
  const names = [...new Set(rules.map((s) => s.matchName ?? s.matchPattern).filter((x): x is string => x !== undefined))];
  return names.length === 0 ? 'no name' : names.length > 4 ? `${names.slice(0, 4).join(', ')} and ${names.length - 4} more` : names.join(', ');
}

/**
 * Cilium keeps one FQDN cache per agent and does not separate what different endpoints looked up, so addresses
 * another pod on the node may resolve feed this rule too (proxy.go, "it won't enforce any separation").
 */
export const NODE_CACHE_NOTE = "Only a lookup of the name by another pod on the same node could still open it, since Cilium's FQDN cache is shared by the node's pods; NetLens does not count on that.";
