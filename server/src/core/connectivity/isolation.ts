// Isolation: which valid policies of a pod's namespace select it for ingress and for egress (memoised per model).
import type { Direction, Model, Policy, Workload } from '../model/types.ts';
import { memoOf } from './memo.ts';
import { policySelects } from './selectors.ts';

export function isValidPolicy(p: Policy): boolean {
  return !p.invalid || p.invalid.length === 0;
}

/**
 * Policies that isolate the workload in `dir`: valid policies of its namespace whose podSelector selects it
 * and whose effective policyTypes include `dir`. Empty = not isolated.
 */
export function isolatingPolicies(model: Model, w: Workload, dir: Direction): Policy[] {
  const memo = memoOf(model);
  let entry = memo.isolating.get(w);
  if (!entry) {
    entry = { ingress: [], egress: [] };
    for (const p of model.policiesByNamespace.get(w.namespace) ?? []) {
      if (!isValidPolicy(p) || !policySelects(p, w)) continue;
      for (const d of p.policyTypes) entry[d].push(p);
    }
    memo.isolating.set(w, entry);
  }
  return entry[dir];
}

/** Invalid policies that would select the workload: they never take effect, which the user should hear. */
export function invalidSelecting(model: Model, w: Workload, dir: Direction): Policy[] {
  const list = model.policiesByNamespace.get(w.namespace);
  if (!list || list.every(isValidPolicy)) return [];
  return list.filter((p) => !isValidPolicy(p) && p.policyTypes.includes(dir) && policySelects({ ...p, invalid: undefined }, w));
}
