// None of the route's hostnames matches a hostname of the listeners it could attach to.
import { routingRule } from './routing-rule.ts';

export const rule = routingRule('hostname-mismatch', 'warning', "None of the route's hostnames matches a hostname of the listeners it could attach to.");
