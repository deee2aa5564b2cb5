// A listener uses a Secret of another namespace that no ReferenceGrant permits.
import { routingRule } from './routing-rule.ts';

export const rule = routingRule('certificate-ref-not-permitted', 'warning', "A listener uses a Secret of another namespace that no ReferenceGrant permits.");
