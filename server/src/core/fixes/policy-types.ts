// "Add explicit policyTypes": writes the types Kubernetes defaults to, so the policy says what it does.
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { Policy } from '../model/types.ts';
import { getPair } from '../parse/access.ts';
import type { ManifestObject, ParsedFile } from '../parse/parse.ts';
import type { Fix, TextEditSpan } from '../types.ts';
import { ownSpec } from './dns-egress.ts';
import { addPair, columnOf, detectStyle, fillNull, flowText, insertLinesAfter, mapLines } from './yaml-text.ts';

/**
 * The fix for a policy whose policyTypes is absent or empty (the API server then defaults it to Ingress,
 * plus Egress when `egress` has at least one rule). Undefined when policyTypes is written.
 */
export function explicitPolicyTypesFix(file: ParsedFile, obj: ManifestObject, policy: Policy): Fix | undefined {
  if (policy.policyTypesExplicit) return undefined;
  const spec = ownSpec(obj);
  if (!spec) return undefined;
  const types = policy.policyTypes.map((d) => (d === 'ingress' ? 'Ingress' : 'Egress'));
  const st = detectStyle(file.text, [obj.doc, ...file.docs]);
  const existing = getPair(spec, 'policyTypes');
  let edit: TextEditSpan | undefined;
  if (existing) {
    const v = existing.value;
    if (isSeq(v) && v.items.length === 0 && v.range) edit = { span: { start: v.range[0], end: v.range[1] }, newText: flowText(types) };
    else if (v === null || (isScalar(v) && v.value === null)) edit = fillNull(file.text, existing.key as Node, v, types, st);
  } else {
    const anchor = getPair(spec, 'podSelector');
    const first = spec.items[0]?.key as Node | undefined;
    if (!spec.flow && anchor && first?.range) {
      // Right after podSelector, where readers look for what the policy selects and isolates.
      const after = (isMap(anchor.value) || isSeq(anchor.value) || isScalar(anchor.value) ? anchor.value : anchor.key) as Node;
      edit = insertLinesAfter(file.text, after, mapLines({ policyTypes: types }, columnOf(file.text, first.range[0]), st), st);
    } else edit = addPair(file.text, spec, 'policyTypes', types, st);
  }
  if (!edit) return undefined;
  const why = policy.policyTypes.includes('egress') ? 'the default: Ingress, plus Egress because egress has rules' : 'the default: Ingress only, because egress has no rules';
  return { title: `Add explicit policyTypes [${types.join(', ')}] (${why})`, edits: [edit] };
}
