// Listeners of one Gateway on the same port are not distinct (HostnameConflict or ProtocolConflict).
import { routingRule } from './routing-rule.ts';

export const rule = routingRule('listener-conflict', 'warning', "Listeners of one Gateway on the same port are not distinct (HostnameConflict or ProtocolConflict).");
