// A CNP endpointSelector naming another namespace in a form Cilium keeps (bare or `any:` key, a matchExpression):
// ANDed with the policy's own namespace, it selects no pod, so the policy isolates nothing.
import { isMap, isScalar, isSeq } from 'yaml';
import { bareKey, CNP, K8S_NAMESPACE_LABEL } from '../kinds/cilium/names.ts';
import { isCiliumPolicy } from '../kinds.ts';
import { get, seqItems, spanOf } from '../parse/access.ts';
import { CILIUM_NS_KEY } from '../policy/select.ts';
import { ciliumSpecs, scalarText } from './cilium-walk.ts';
import type { Rule } from './rule.ts';

/**
 * Whether a matchExpression on the namespace key holds for namespace `ns`; undefined for an operator Kubernetes
 * rejects (invalid-selector says so).
 */
function holds(op: string | undefined, values: string[], ns: string): boolean | undefined {
  if (op === 'In') return values.includes(ns);
  if (op === 'NotIn') return !values.includes(ns);
  if (op === 'Exists') return true;
  if (op === 'DoesNotExist') return false;
  return undefined;
}

const K8S_NS = K8S_NAMESPACE_LABEL;

export const rule: Rule = {
  code: 'cnp-subject-namespace',
  defaultSeverity: 'warning',
  description: "A CiliumNetworkPolicy endpointSelector requires another namespace in a form Cilium keeps (a bare or any: key, a matchExpression), so the policy selects no pod.",
  appliesTo: (obj) => isCiliumPolicy(obj) && obj.kind === CNP,
  checkObject(obj, ctx) {
    // Without metadata.namespace a build or the default decides the namespace, which this object alone cannot tell:
    // policy-selects-nothing judges the placed policy then.
    const ns = obj.namespace;
    if (ns === undefined) return;
    const tail = `Cilium only replaces a \`${K8S_NS}\` matchLabel with the policy's namespace (${ns}) and keeps this requirement beside it, so the endpointSelector selects no pod and the policy isolates nothing. A CiliumNetworkPolicy always applies in its own namespace: to govern pods of another namespace, create the policy there.`;
    for (const spec of ciliumSpecs(obj)) {
      const sel = get(obj.doc, spec.node, 'endpointSelector');
      if (!isMap(sel)) continue;
      const where = `${spec.path}.endpointSelector`;
      const labels = get(obj.doc, sel, 'matchLabels');
      if (isMap(labels)) {
        for (const p of labels.items) {
          const key = isScalar(p.key) ? String(p.key.value) : undefined;
          // The `k8s:` form is the one ParseToCiliumRule overwrites (with a log line); the hover says so.
          if (key === undefined || key === K8S_NS || bareKey(key) !== CILIUM_NS_KEY) continue;
          const value = scalarText(p.value);
          const span = spanOf(p.key);
          if (value === undefined || value === ns || !span) continue;
          ctx.report({ span, message: `${where}.matchLabels: \`${key}: ${value}\` names namespace ${value}, not ${ns}. ${tail}` });
        }
      }
      seqItems(obj.doc, get(obj.doc, sel, 'matchExpressions')).forEach((e, i) => {
        const key = scalarText(get(obj.doc, e, 'key'));
        if (key === undefined || bareKey(key) !== CILIUM_NS_KEY) return;
        const vals = get(obj.doc, e, 'values');
        const values = isSeq(vals) ? vals.items.map((v) => scalarText(v)).filter((v): v is string => v !== undefined) : [];
        const op = scalarText(get(obj.doc, e, 'operator'));
        const span = spanOf(e);
        if (holds(op, values, ns) !== false || !span) return;
        ctx.report({ span, message: `${where}.matchExpressions[${i}]: \`${key} ${op}${values.length ? ` (${values.join(', ')})` : ''}\` excludes namespace ${ns}. ${tail}` });
      });
    }
  },
};
