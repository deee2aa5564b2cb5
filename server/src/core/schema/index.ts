// The schema module's public surface: field schemas, lookup by path, the field under an offset, name syntaxes.
export { schemaAt, NETWORK_POLICY, PROTOCOLS, POLICY_TYPES } from './networkpolicy.ts';
export { LABEL_SELECTOR, LABEL_SELECTOR_OPERATORS, OBJECT_META } from './meta.ts';
export { schemaAtPath, formatPath, describeExpected, type FieldSchema, type FieldType, type PathSegment } from './types.ts';
export { closestName } from './suggest.ts';
export { dns1123LabelErrors, dns1123SubdomainErrors, qualifiedNameErrors, labelValueErrors } from './names.ts';
