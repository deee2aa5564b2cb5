// Label selector matching, exactly as metav1.LabelSelector: matchLabels AND every expression; empty = all.
import type { Policy, Selector, Workload } from '../model/types.ts';

/**
 * Whether `labels` satisfy `sel`. In: key present with a listed value; NotIn: key absent OR value not listed;
 * Exists: key present; DoesNotExist: key absent. An invalid selector (one the API server rejects) matches nothing.
 */
export function matchesSelector(sel: Selector, labels: Readonly<Record<string, string>>): boolean {
  if (sel.invalid) return false;
  // for..in without allocation: this runs for every (selector, pod) pair of large workspaces.
  for (const k in sel.matchLabels) {
    if (!Object.hasOwn(sel.matchLabels, k)) continue;
    if (!Object.hasOwn(labels, k) || labels[k] !== sel.matchLabels[k]) return false;
  }
  for (const req of sel.matchExpressions) {
    const has = Object.hasOwn(labels, req.key);
    const value = labels[req.key];
    switch (req.operator) {
      case 'In':
        if (!has || value === undefined || !req.values.includes(value)) return false;
        break;
      case 'NotIn':
        if (has && value !== undefined && req.values.includes(value)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

export function isEmptySelector(sel: Selector): boolean {
  return !sel.invalid && Object.keys(sel.matchLabels).length === 0 && sel.matchExpressions.length === 0;
}

/** Whether a policy's spec.podSelector selects the workload's pods (same namespace only). */
export function policySelects(policy: Policy, w: Workload): boolean {
  return policy.namespace === w.namespace && matchesSelector(policy.podSelector, w.podLabels);
}

/** `k=v, k2 in (a,b), !k3` — the kubectl spelling, for messages. */
export function describeSelector(sel: Selector): string {
  const parts = Object.entries(sel.matchLabels).map(([k, v]) => `${k}=${v}`);
  for (const r of sel.matchExpressions) {
    if (r.operator === 'In') parts.push(`${r.key} in (${r.values.join(',')})`);
    else if (r.operator === 'NotIn') parts.push(`${r.key} notin (${r.values.join(',')})`);
    else if (r.operator === 'Exists') parts.push(r.key);
    else parts.push(`!${r.key}`);
  }
  return parts.length > 0 ? parts.join(', ') : 'all';
}
