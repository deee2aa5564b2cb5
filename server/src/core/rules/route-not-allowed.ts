// The Gateway's listeners do not admit the route's namespace or kind (allowedRoutes).
import { routingRule } from './routing-rule.ts';

export const rule = routingRule('route-not-allowed', 'warning', "The Gateway's listeners do not admit the route's namespace or kind (allowedRoutes).");
