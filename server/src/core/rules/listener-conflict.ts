// Listeners of one Gateway on the same port are not distinct (HostnameConflict or ProtocolConflict); plain HTTP beside
// HTTPS or TLS, distinct but not served together by every controller, is a notice (information).
import { routingRule } from './routing-rule.ts';

export const rule = routingRule('listener-conflict', 'warning', "Listeners of one Gateway on the same port are not distinct (HostnameConflict or ProtocolConflict), or are plain HTTP beside HTTPS or TLS, which not every controller serves on one port.");
