// The rule registry: adding a rule means adding its file and one line here.
import type { Rule } from './rule.ts';
import { rule as yamlSyntax } from './yaml-syntax.ts';
import { rule as duplicateKey } from './duplicate-key.ts';
import { rule as fileNotAnalyzed } from './file-not-analyzed.ts';
import { rule as templateFile } from './template-file.ts';
import { rule as npApiVersion } from './np-api-version.ts';
import { rule as invalidName } from './invalid-name.ts';
import { rule as invalidNamespace } from './invalid-namespace.ts';
import { rule as invalidLabel } from './invalid-label.ts';
import { rule as invalidSelector } from './invalid-selector.ts';
import { rule as unknownField } from './unknown-field.ts';
import { rule as wrongType } from './wrong-type.ts';
import { rule as emptyPolicy } from './empty-policy.ts';
import { rule as invalidProtocol } from './invalid-protocol.ts';
import { rule as invalidPort } from './invalid-port.ts';
import { rule as invalidEndPort } from './invalid-end-port.ts';
import { rule as invalidPeer } from './invalid-peer.ts';
import { rule as invalidCidr } from './invalid-cidr.ts';
import { rule as cidrHostBits } from './cidr-host-bits.ts';
import { rule as invalidPolicyTypes } from './invalid-policy-types.ts';
import { rule as portsSplitFromPeers } from './ports-split-from-peers.ts';
import { rule as emptyPeerList } from './empty-peer-list.ts';
import { rule as unusedSuppression } from './unused-suppression.ts';
import { rule as policyNamePattern } from './policy-name-pattern.ts';
import { rule as missingPolicyLabel } from './missing-policy-label.ts';
import { rule as missingPolicyAnnotation } from './missing-policy-annotation.ts';
import { rule as ciliumEmptyRule } from './cilium-empty-rule.ts';

export const RULES: readonly Rule[] = [yamlSyntax, duplicateKey, fileNotAnalyzed, templateFile, npApiVersion, invalidName, invalidNamespace, invalidLabel, invalidSelector, unknownField, wrongType, emptyPolicy, invalidProtocol, invalidPort, invalidEndPort, invalidPeer, invalidCidr, cidrHostBits, invalidPolicyTypes, portsSplitFromPeers, emptyPeerList, unusedSuppression, policyNamePattern, missingPolicyLabel, missingPolicyAnnotation, ciliumEmptyRule];

export const RULES_BY_CODE: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.code, r]));
