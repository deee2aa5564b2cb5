// A route's backendRef names a kind a Gateway cannot route to.
import { routingRule } from './routing-rule.ts';

export const rule = routingRule('invalid-backend-kind', 'warning', "A route's backendRef names a kind a Gateway cannot route to.");
