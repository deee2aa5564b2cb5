// "Add DNS egress": appends an egress rule to the cluster DNS on UDP and TCP 53 to a policy, as a text edit
// in the file's own style (block or flow, indented or flush dashes, CRLF), keeping every comment.
import { isMap, isScalar, isSeq, type YAMLMap } from 'yaml';
import type { Policy } from '../model/types.ts';
import { NAME_LABEL } from '../model/namespaces.ts';
import { getPair } from '../parse/access.ts';
import type { ManifestObject, ParsedFile } from '../parse/parse.ts';
import type { Fix, TextEditSpan } from '../types.ts';
import { addPair, appendToSeq, detectStyle, fillNull, type YMap } from './yaml-text.ts';

export interface DnsTarget {
  namespace: string;
  labels: Record<string, string>;
}

/** The rule: to the DNS pods (namespace by its name label AND pods by their labels) on UDP 53 and TCP 53. */
export function dnsEgressRule(t: DnsTarget): YMap {
  const peer: YMap = { namespaceSelector: { matchLabels: { [NAME_LABEL]: t.namespace } } };
  if (Object.keys(t.labels).length > 0) peer.podSelector = { matchLabels: { ...t.labels } };
  return {
    to: [peer],
    ports: [
      { protocol: 'UDP', port: 53 },
      { protocol: 'TCP', port: 53 },
    ],
  };
}

/** spec of an object when it is a map written in place (not an alias: editing an anchor edits its other uses). */
export function ownSpec(obj: ManifestObject): YAMLMap | undefined {
  const pair = getPair(obj.node, 'spec');
  return pair && isMap(pair.value) ? pair.value : undefined;
}

/**
 * The fix for a policy that isolates egress. Undefined when the policy does not isolate egress (adding an
 * egress rule to a policy without policyTypes would then newly isolate its pods) or when the YAML is shaped
 * so that a text edit cannot be made safely (aliases, egress not a list).
 */
export function addDnsEgressFix(file: ParsedFile, obj: ManifestObject, policy: Policy, target: DnsTarget): Fix | undefined {
  if (!policy.policyTypes.includes('egress')) return undefined;
  const spec = ownSpec(obj);
  if (!spec) return undefined;
  const st = detectStyle(file.text, [obj.doc, ...file.docs]);
  const rule = dnsEgressRule(target);
  const pair = getPair(spec, 'egress');
  let edit: TextEditSpan | undefined;
  if (!pair) {
    // Only reachable with an explicit policyTypes holding Egress (else the policy would not isolate egress).
    if (!policy.policyTypesExplicit) return undefined;
    edit = addPair(file.text, spec, 'egress', [rule], st);
  } else if (isSeq(pair.value)) edit = appendToSeq(file.text, pair.value, rule, st);
  else if (pair.value === null || (isScalar(pair.value) && pair.value.value === null)) {
    if (!policy.policyTypesExplicit) return undefined;
    edit = fillNull(file.text, pair.key as never, pair.value, [rule], st);
  }
  if (!edit) return undefined;
  return { title: `Add DNS egress (UDP and TCP 53 to ${target.namespace} pods ${showLabels(target.labels)})`, edits: [edit], isPreferred: true };
}

function showLabels(labels: Record<string, string>): string {
  const e = Object.entries(labels);
  return e.length > 0 ? e.map(([k, v]) => `${k}=${v}`).join(',') : '(all)';
}
