// A route's parentRef names a Gateway that is not in the workspace.
import { routingRule } from './routing-rule.ts';

export const rule = routingRule('unknown-parent', 'information', "A route's parentRef names a Gateway that is not in the workspace.");
