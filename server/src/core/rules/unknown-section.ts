// A route's parentRef names a listener (sectionName) the Gateway does not have.
import { routingRule } from './routing-rule.ts';

export const rule = routingRule('unknown-section', 'warning', "A route's parentRef names a listener (sectionName) the Gateway does not have.");
