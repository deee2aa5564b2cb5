// Team conventions as settings (`netlens.conventions.*`): the typed form, defaults, and a validating reader
// that keeps what is valid and says, in words, what it dropped (the CLI prints it; the editor logs it).
import { parseCidr } from '../net/cidr.ts';

export type DefaultDenyRequirement = 'off' | 'ingress' | 'egress' | 'both';

export interface Conventions {
  /** Directions every namespace with workloads must deny by default. */
  requireDefaultDeny: DefaultDenyRequirement;
  /** Report egress to every address (0.0.0.0/0, ::/0, `world`) that does not except `privateRanges`. */
  forbidUnrestrictedEgress: boolean;
  /** Ranges an "internet" egress rule must except (and that count as internal for allowedExternalCidrs). */
  privateRanges: string[];
  /** NetworkPolicies must write `policyTypes` rather than rely on defaulting. */
  requireExplicitPolicyTypes: boolean;
  /** Every allow rule names its ports. */
  requirePorts: boolean;
  /** No peer may select every namespace (`namespaceSelector: {}`, Cilium's `all`/`cluster`-wide peers). */
  forbidAllNamespaces: boolean;
  /** When set: CIDR peers outside `privateRanges` must lie inside one of these. */
  allowedExternalCidrs: string[] | undefined;
  /** When set: policy names must match this regular expression (whole name). */
  policyNamePattern: string | undefined;
  requiredPolicyLabels: string[];
  requiredPolicyAnnotations: string[];
}

/** RFC 1918, plus the IPv6 unique-local range: where in-cluster and on-premises addresses live. */
export const DEFAULT_PRIVATE_RANGES: readonly string[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'];

export const DEFAULT_CONVENTIONS: Conventions = {
  requireDefaultDeny: 'off',
  forbidUnrestrictedEgress: false,
  privateRanges: [...DEFAULT_PRIVATE_RANGES],
  requireExplicitPolicyTypes: false,
  requirePorts: false,
  forbidAllNamespaces: false,
  allowedExternalCidrs: undefined,
  policyNamePattern: undefined,
  requiredPolicyLabels: [],
  requiredPolicyAnnotations: [],
};

const DENY_VALUES: readonly DefaultDenyRequirement[] = ['off', 'ingress', 'egress', 'both'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads `netlens.conventions`; `problems` receives one sentence per value that was ignored. Never throws. */
export function conventionsFromRaw(raw: unknown, problems: string[] = []): Conventions {
  if (raw === undefined || raw === null) return { ...DEFAULT_CONVENTIONS, privateRanges: [...DEFAULT_PRIVATE_RANGES] };
  const out: Conventions = { ...DEFAULT_CONVENTIONS, privateRanges: [...DEFAULT_PRIVATE_RANGES] };
  if (!isRecord(raw)) {
    problems.push('netlens.conventions must be an object; it was ignored.');
    return out;
  }
  const key = (k: string) => `netlens.conventions.${k}`;
  const bool = (k: keyof Conventions & string): boolean | undefined => {
    const v = raw[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'boolean') return v;
    problems.push(`${key(k)} must be true or false, not ${JSON.stringify(v)}; it was ignored.`);
    return undefined;
  };
  const strings = (k: keyof Conventions & string, validate?: (s: string) => string | undefined): string[] | undefined => {
    const v = raw[k];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) {
      problems.push(`${key(k)} must be a list of strings; it was ignored.`);
      return undefined;
    }
    const list: string[] = [];
    for (const s of v) {
      const why = typeof s !== 'string' ? 'is not a string' : validate?.(s);
      if (why) problems.push(`${key(k)}: ${JSON.stringify(s)} ${why}; it was ignored.`);
      else list.push(s as string);
    }
    return list;
  };
  const cidr = (s: string) => (parseCidr(s.trim()) ? undefined : 'is not a CIDR (e.g. 203.0.113.0/24)');

  const deny = raw.requireDefaultDeny;
  if (typeof deny === 'string' && (DENY_VALUES as readonly string[]).includes(deny)) out.requireDefaultDeny = deny as DefaultDenyRequirement;
  else if (deny !== undefined && deny !== null) problems.push(`${key('requireDefaultDeny')} must be one of ${DENY_VALUES.join(', ')}, not ${JSON.stringify(deny)}; it was ignored.`);
  for (const k of ['forbidUnrestrictedEgress', 'requireExplicitPolicyTypes', 'requirePorts', 'forbidAllNamespaces'] as const) {
    const v = bool(k);
    if (v !== undefined) out[k] = v;
  }
  const ranges = strings('privateRanges', cidr);
  if (ranges) out.privateRanges = ranges.map((s) => s.trim());
  const allowed = strings('allowedExternalCidrs', cidr);
  if (allowed) out.allowedExternalCidrs = allowed.map((s) => s.trim());
  const pattern = raw.policyNamePattern;
  if (typeof pattern === 'string' && pattern !== '') {
    try {
      new RegExp(pattern, 'u');
      out.policyNamePattern = pattern;
    } catch (e) {
      problems.push(`${key('policyNamePattern')} is not a valid regular expression (${(e as Error).message}); it was ignored.`);
    }
  } else if (pattern !== undefined && pattern !== null && pattern !== '') problems.push(`${key('policyNamePattern')} must be a string; it was ignored.`);
  const labels = strings('requiredPolicyLabels');
  if (labels) out.requiredPolicyLabels = labels;
  const annotations = strings('requiredPolicyAnnotations');
  if (annotations) out.requiredPolicyAnnotations = annotations;
  return out;
}

/** The name pattern as a whole-name RegExp (the setting is validated, so this does not throw on its value). */
export function namePatternRegExp(pattern: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u');
  } catch {
    return undefined;
  }
}
