// A cross-namespace backendRef has no ReferenceGrant in the Service's namespace that permits it.
import { routingRule } from './routing-rule.ts';

export const rule = routingRule('backend-ref-not-permitted', 'warning', "A cross-namespace backendRef has no ReferenceGrant in the Service's namespace that permits it.");
