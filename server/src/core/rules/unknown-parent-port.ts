// A route's parentRef names a port no listener of the Gateway (or of the named listener) uses.
import { routingRule } from './routing-rule.ts';

export const rule = routingRule('unknown-parent-port', 'warning', "A route's parentRef names a port no listener of the Gateway (or of the named listener) uses.");
