// A ReferenceGrant permits nothing that a route or Gateway of the workspace refers to.
import { routingRule } from './routing-rule.ts';

export const rule = routingRule('unused-reference-grant', 'information', "A ReferenceGrant permits nothing that a route or Gateway of the workspace refers to.");
