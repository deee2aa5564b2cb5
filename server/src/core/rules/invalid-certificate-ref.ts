// A listener's certificateRef is not a Secret, or the Secret holds no usable certificate and key.
import { routingRule } from './routing-rule.ts';

export const rule = routingRule('invalid-certificate-ref', 'warning', "A listener's certificateRef is not a Secret, or the Secret holds no usable certificate and key.");
