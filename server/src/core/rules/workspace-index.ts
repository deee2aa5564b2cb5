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
import { rule as unknownParent } from './unknown-parent.ts';
import { rule as unknownSection } from './unknown-section.ts';
import { rule as unknownParentPort } from './unknown-parent-port.ts';
import { rule as routeNotAllowed } from './route-not-allowed.ts';
import { rule as hostnameMismatch } from './hostname-mismatch.ts';
import { rule as routeKindConflict } from './route-kind-conflict.ts';
import { rule as listenerConflict } from './listener-conflict.ts';
import { rule as unknownBackend } from './unknown-backend.ts';
import { rule as unknownBackendPort } from './unknown-backend-port.ts';
import { rule as invalidBackendKind } from './invalid-backend-kind.ts';
import { rule as backendRefNotPermitted } from './backend-ref-not-permitted.ts';
import { rule as certificateRefNotPermitted } from './certificate-ref-not-permitted.ts';
import { rule as invalidCertificateRef } from './invalid-certificate-ref.ts';
import { rule as listenerTlsMissing } from './listener-tls-missing.ts';
import { rule as unusedReferenceGrant } from './unused-reference-grant.ts';
import { rule as duplicateObject } from './duplicate-object.ts';
import { rule as kustomizeNotModelled } from './kustomize-not-modelled.ts';
import { rule as notInKustomization } from './not-in-kustomization.ts';
import { rule as gatewayTrafficBlocked } from './gateway-traffic-blocked.ts';
import { rule as ciliumToServicesSelector } from './cilium-to-services-selector.ts';

export const WORKSPACE_RULES: readonly WorkspaceRule[] = [missingDnsEgress, dnsTcpBlocked, unknownNamedPort, portNotExposed, policySelectsNothing, peerSelectsNothing, missingDefaultDeny, unrestrictedEgress, implicitPolicyTypes, ruleWithoutPorts, allNamespacesPeer, externalCidrNotAllowed, unknownParent, unknownSection, unknownParentPort, routeNotAllowed, hostnameMismatch, routeKindConflict, listenerConflict, unknownBackend, unknownBackendPort, invalidBackendKind, backendRefNotPermitted, certificateRefNotPermitted, invalidCertificateRef, listenerTlsMissing, unusedReferenceGrant, duplicateObject, kustomizeNotModelled, notInKustomization, fqdnWithoutDnsProxy, gatewayTrafficBlocked, ciliumToServicesSelector];
