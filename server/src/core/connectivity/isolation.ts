// Isolation: which valid policies of a pod's namespace select it for ingress and for egress (memoised per model).
import type { Direction, Model, Policy, Workload } from '../model/types.ts';
import { policySelects } from './selectors.ts';

export function isValidPolicy(p: Policy): boolean {
  return !p.invalid || p.invalid.length === 0;
}

/**
 * Policies that isolate the workload in `dir`: valid policies of its namespace whose podSelector selects it
 * and whose effective policyTypes include `dir`. Empty = not isolated.
 */
export function isolatingPolicies(model: Model, w: Workload, dir: Direction): Policy[] {
  model.memo ??= { isolating: new Map() };
  let entry = model.memo.isolating.get(w);
  if (!entry) {
    entry = { ingress: [], egress: [] };
    for (const p of model.policiesByNamespace.get(w.namespace) ?? []) {
      if (!isValidPolicy(p) || !policySelects(p, w)) continue;
      for (const d of p.policyTypes) entry[d].push(p);
    }
    model.memo.isolating.set(w, entry);
  }
  return entry[dir];
}

/** Invalid policies that would select the workload: they never take effect, which the user should hear. */
export function invalidSelecting(model: Model, w: Workload, dir: Direction): Policy[] {
  return (model.policiesByNamespace.get(w.namespace) ?? []).filter((p) => !isValidPolicy(p) && p.policyTypes.includes(dir) && policySelects({ ...p, invalid: undefined }, w));
}
