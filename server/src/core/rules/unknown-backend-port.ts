// A route's backendRef names a port the Service does not expose.
import { routingRule } from './routing-rule.ts';

export const rule = routingRule('unknown-backend-port', 'warning', "A route's backendRef names a port the Service does not expose.");
