// An HTTPRoute and a GRPCRoute share hostnames on one listener, which accepts only one of them (routing/kind-conflict.ts).
import { routingRule } from './routing-rule.ts';

export const rule = routingRule('route-kind-conflict', 'warning', 'An HTTPRoute and a GRPCRoute share hostnames on one listener, which accepts only the older of the two.');
