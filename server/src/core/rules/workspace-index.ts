// The workspace rule registry: semantic rules that need the whole model (missing-dns-egress, ...) are
// added here, one line each, like rules/index.ts.
import type { WorkspaceRule } from '../workspace.ts';
import { rule as missingDnsEgress } from './missing-dns-egress.ts';
import { rule as dnsTcpBlocked } from './dns-tcp-blocked.ts';
import { rule as unknownNamedPort } from './unknown-named-port.ts';
import { rule as portNotExposed } from './port-not-exposed.ts';
import { rule as policySelectsNothing } from './policy-selects-nothing.ts';
import { rule as peerSelectsNothing } from './peer-selects-nothing.ts';
import { rule as missingDefaultDeny } from './missing-default-deny.ts';
import { rule as unrestrictedEgress } from './unrestricted-egress.ts';
import { rule as implicitPolicyTypes } from './implicit-policy-types.ts';
import { rule as ruleWithoutPorts } from './rule-without-ports.ts';
import { rule as allNamespacesPeer } from './all-namespaces-peer.ts';
import { rule as externalCidrNotAllowed } from './external-cidr-not-allowed.ts';
import { rule as fqdnWithoutDnsProxy } from './fqdn-without-dns-proxy.ts';

export const WORKSPACE_RULES: readonly WorkspaceRule[] = [missingDnsEgress, dnsTcpBlocked, unknownNamedPort, portNotExposed, policySelectsNothing, peerSelectsNothing, missingDefaultDeny, unrestrictedEgress, implicitPolicyTypes, ruleWithoutPorts, allNamespacesPeer, externalCidrNotAllowed, fqdnWithoutDnsProxy];
