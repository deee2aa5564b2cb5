// An HTTPS listener without `tls`: the Gateway API requires it, the CRD does not enforce it, and nothing terminates TLS.
import { routingRule } from './routing-rule.ts';

export const rule = routingRule('listener-tls-missing', 'warning', 'An HTTPS listener has no tls: no certificate to terminate TLS with, though the CRD accepts it.');
