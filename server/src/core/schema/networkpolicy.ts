// Schema of networking.k8s.io/v1 NetworkPolicy, field by field, with a lookup by field path.
import { LABEL_SELECTOR, OBJECT_META } from './meta.ts';
import { schemaAtPath, type FieldSchema, type PathSegment } from './types.ts';

export const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
export const POLICY_TYPES = ['Ingress', 'Egress'] as const;

const selector = (typeName: string, doc: string): FieldSchema => ({ ...LABEL_SELECTOR, typeName, doc });

export const IP_BLOCK: FieldSchema = {
  type: 'object',
  typeName: 'IPBlock',
  doc: 'A range of IP addresses (outside the cluster, typically); pod IPs are ephemeral and should be selected by labels instead.',
  fields: {
    cidr: { type: 'string', format: 'cidr', required: true, doc: 'The address range, in CIDR notation (e.g. 10.0.0.0/16 or 2001:db8::/64).' },
    except: {
      type: 'list',
      doc: 'Sub-ranges of `cidr` left out; each must lie inside `cidr` with a longer prefix.',
      items: { type: 'string', format: 'cidr', doc: 'A CIDR inside `cidr`.' },
    },
  },
};

export const NETWORK_POLICY_PEER: FieldSchema = {
  type: 'object',
  typeName: 'NetworkPolicyPeer',
  doc: 'Who traffic may come from (ingress) or go to (egress): pods by label, namespaces by label, both, or an IP block.',
  fields: {
    podSelector: selector(
      'LabelSelector',
      'Pods selected by label; in the policy namespace, or in the namespaces of `namespaceSelector` when both are set in one item.',
    ),
    namespaceSelector: selector(
      'LabelSelector',
      'Namespaces selected by label (all pods in them, or those of `podSelector` when both are set in one item); `{}` selects every namespace.',
    ),
    ipBlock: IP_BLOCK,
  },
};

export const NETWORK_POLICY_PORT: FieldSchema = {
  type: 'object',
  typeName: 'NetworkPolicyPort',
  doc: 'A port (or port range) and protocol the rule allows; omitting the port allows every port of the protocol.',
  fields: {
    protocol: { type: 'string', enum: PROTOCOLS, doc: 'TCP, UDP or SCTP (case-sensitive); TCP when omitted.' },
    port: {
      type: 'int-or-string',
      doc: 'A port number (1-65535) or the name of a container port; omitted means every port.',
    },
    endPort: {
      type: 'integer',
      doc: 'Last port of a range starting at `port`; needs a numeric `port` and must not be below it.',
    },
  },
};

const PORTS: FieldSchema = {
  type: 'list',
  doc: 'Ports the rule allows; traffic must match at least one. Empty or omitted allows every port.',
  items: NETWORK_POLICY_PORT,
};

export const NETWORK_POLICY_INGRESS_RULE: FieldSchema = {
  type: 'object',
  typeName: 'NetworkPolicyIngressRule',
  doc: 'Traffic allowed into the selected pods: it must come from one of `from` and go to one of `ports`.',
  fields: {
    from: {
      type: 'list',
      doc: 'Sources allowed; empty or omitted allows every source.',
      items: NETWORK_POLICY_PEER,
    },
    ports: PORTS,
  },
};

export const NETWORK_POLICY_EGRESS_RULE: FieldSchema = {
  type: 'object',
  typeName: 'NetworkPolicyEgressRule',
  doc: 'Traffic allowed out of the selected pods: it must go to one of `to` on one of `ports`.',
  fields: {
    to: {
      type: 'list',
      doc: 'Destinations allowed; empty or omitted allows every destination.',
      items: NETWORK_POLICY_PEER,
    },
    ports: PORTS,
  },
};

export const NETWORK_POLICY_SPEC: FieldSchema = {
  type: 'object',
  typeName: 'NetworkPolicySpec',
  doc: 'Which pods the policy isolates and which traffic it allows to and from them.',
  fields: {
    podSelector: selector(
      'LabelSelector',
      'The pods of this namespace the policy applies to; `{}` (or omitting it) selects every pod in the namespace.',
    ),
    ingress: {
      type: 'list',
      doc: 'Rules for traffic into the selected pods; an empty list allows no ingress at all.',
      items: NETWORK_POLICY_INGRESS_RULE,
    },
    egress: {
      type: 'list',
      doc: 'Rules for traffic out of the selected pods; an empty list allows no egress at all (when Egress is a policy type).',
      items: NETWORK_POLICY_EGRESS_RULE,
    },
    policyTypes: {
      type: 'list',
      doc: 'Directions the policy isolates (Ingress, Egress). Default: Ingress, plus Egress when `egress` has rules.',
      items: { type: 'string', enum: POLICY_TYPES, doc: 'Ingress or Egress (case-sensitive).' },
    },
  },
};

export const NETWORK_POLICY: FieldSchema = {
  type: 'object',
  typeName: 'NetworkPolicy',
  doc: 'Restricts which traffic may reach (ingress) or leave (egress) the pods it selects.',
  fields: {
    apiVersion: { type: 'string', required: true, doc: 'Must be networking.k8s.io/v1.' },
    kind: { type: 'string', required: true, doc: 'NetworkPolicy.' },
    metadata: OBJECT_META,
    spec: NETWORK_POLICY_SPEC,
  },
  removedFields: {
    status:
      'the alpha NetworkPolicy status (Kubernetes 1.24-1.27) was withdrawn in 1.28, and older API servers never had it',
  },
};

/**
 * The NetworkPolicy schema at a field path, e.g. `schemaAt(['spec', 'ingress', '*', 'from', '*'])` is
 * NetworkPolicyPeer. Undefined when the path leads nowhere.
 */
export function schemaAt(path: readonly PathSegment[]): FieldSchema | undefined {
  return schemaAtPath(NETWORK_POLICY, path);
}
