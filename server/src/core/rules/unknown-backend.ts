// A route's backendRef names a Service that is not in the workspace.
import { routingRule } from './routing-rule.ts';

export const rule = routingRule('unknown-backend', 'information', "A route's backendRef names a Service that is not in the workspace.");
