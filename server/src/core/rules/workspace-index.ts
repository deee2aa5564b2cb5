// The workspace rule registry: semantic rules that need the whole model (missing-dns-egress, ...) are
// added here, one line each, like rules/index.ts.
import type { WorkspaceRule } from '../workspace.ts';
import { rule as missingDnsEgress } from './missing-dns-egress.ts';
import { rule as dnsTcpBlocked } from './dns-tcp-blocked.ts';
import { rule as unknownNamedPort } from './unknown-named-port.ts';
import { rule as portNotExposed } from './port-not-exposed.ts';
import { rule as policySelectsNothing } from './policy-selects-nothing.ts';
import { rule as peerSelectsNothing } from './peer-selects-nothing.ts';
import { rule as duplicateObject } from './duplicate-object.ts';
import { rule as kustomizeNotModelled } from './kustomize-not-modelled.ts';

export const WORKSPACE_RULES: readonly WorkspaceRule[] = [missingDnsEgress, dnsTcpBlocked, unknownNamedPort, portNotExposed, policySelectsNothing, peerSelectsNothing, duplicateObject, kustomizeNotModelled];
