// Schemas of the apimachinery types every object shares: ObjectMeta and LabelSelector (meta/v1).
import type { FieldSchema } from './types.ts';

const str = (doc: string, extra: Partial<FieldSchema> = {}): FieldSchema => ({ type: 'string', doc, ...extra });
const strList = (doc: string): FieldSchema => ({ type: 'list', doc, items: { type: 'string', doc: 'One entry.' } });

export const LABEL_SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;

export const LABEL_SELECTOR_REQUIREMENT: FieldSchema = {
  type: 'object',
  typeName: 'LabelSelectorRequirement',
  doc: 'One condition on a label: its key, an operator, and the values the operator compares with.',
  fields: {
    key: str('The label key the condition looks at.', { required: true }),
    operator: str('How the label is compared: In, NotIn (with values), Exists or DoesNotExist (without values).', {
      required: true,
      enum: LABEL_SELECTOR_OPERATORS,
    }),
    values: strList('Label values for In and NotIn (must be non-empty); must be empty for Exists and DoesNotExist.'),
  },
};

export const LABEL_SELECTOR: FieldSchema = {
  type: 'object',
  typeName: 'LabelSelector',
  doc: 'Selects objects by their labels; every matchLabels entry and every matchExpressions condition must hold. An empty selector selects everything.',
  fields: {
    matchLabels: {
      type: 'string-map',
      doc: 'Labels that must be present with exactly these values (each entry is an `In` condition with one value).',
    },
    matchExpressions: {
      type: 'list',
      doc: 'Conditions on labels, all of which must hold.',
      items: LABEL_SELECTOR_REQUIREMENT,
    },
  },
};

const OWNER_REFERENCE: FieldSchema = {
  type: 'object',
  typeName: 'OwnerReference',
  doc: 'An object this one depends on; it is garbage-collected when the owner goes away.',
  fields: {
    apiVersion: str('API version of the owner.', { required: true }),
    kind: str('Kind of the owner.', { required: true }),
    name: str('Name of the owner.', { required: true }),
    uid: str('UID of the owner.', { required: true }),
    controller: { type: 'boolean', doc: 'Whether the owner is the managing controller.' },
    blockOwnerDeletion: { type: 'boolean', doc: 'Whether deleting the owner waits for this object to be deleted first.' },
  },
};

const MANAGED_FIELDS_ENTRY: FieldSchema = {
  type: 'object',
  typeName: 'ManagedFieldsEntry',
  doc: 'Which manager set which fields (server-side apply bookkeeping, written by the API server).',
  fields: {
    manager: str('Name of the field manager.'),
    operation: str('Apply or Update.'),
    apiVersion: str('API version the fields were written with.'),
    time: { type: 'time', doc: 'When the fields were last changed.' },
    fieldsType: str('Format of fieldsV1 (always FieldsV1).'),
    fieldsV1: { type: 'any', doc: 'The set of fields this manager owns.' },
    subresource: str('Subresource the fields were written through, if any.'),
  },
};

export const OBJECT_META: FieldSchema = {
  type: 'object',
  typeName: 'ObjectMeta',
  doc: 'Standard object metadata: name, namespace, labels and annotations.',
  fields: {
    name: str('Name of the object, unique in its namespace; a DNS-1123 subdomain (lowercase, digits, `-`, `.`, at most 253 characters).', {
      required: true,
    }),
    generateName: str('Prefix from which the API server generates a unique name when `name` is not set.'),
    namespace: str('Namespace the object lives in; a DNS-1123 label. When omitted, kubectl uses the current context namespace.'),
    labels: { type: 'string-map', doc: 'Labels of this object (keys: optional DNS prefix and `/`, name up to 63 characters; values up to 63 characters).' },
    annotations: { type: 'string-map', doc: 'Free-form metadata for tools; not used for selection.' },
    selfLink: str('Deprecated read-only URL of the object, set by the API server.'),
    uid: str('Unique ID assigned by the API server.'),
    resourceVersion: str('Version of the object for optimistic concurrency, set by the API server.'),
    generation: { type: 'integer', doc: 'Sequence number of spec changes, set by the API server.' },
    creationTimestamp: { type: 'time', doc: 'When the object was created, set by the API server.' },
    deletionTimestamp: { type: 'time', doc: 'When the object will be deleted, set by the API server.' },
    deletionGracePeriodSeconds: { type: 'integer', doc: 'Seconds allowed for graceful deletion, set by the API server.' },
    ownerReferences: { type: 'list', doc: 'Objects this object depends on.', items: OWNER_REFERENCE },
    finalizers: strList('Conditions that must be cleared before the object is deleted.'),
    managedFields: { type: 'list', doc: 'Server-side apply field ownership, written by the API server.', items: MANAGED_FIELDS_ENTRY },
  },
  removedFields: {
    clusterName: 'metadata.clusterName was removed in Kubernetes 1.25',
    initializers: 'metadata.initializers was removed in Kubernetes 1.14',
  },
};
