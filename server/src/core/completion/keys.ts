// Key completion from the NetworkPolicy schema: the fields valid in the map at the cursor, not yet present,
// each with a snippet that opens the usual shape (a selector's matchLabels, a port's protocol choice, ...).
import type { FieldSchema } from '../schema/types.ts';
import type { CompletionEntry } from './types.ts';
import type { Span } from '../source.ts';

/** ObjectMeta fields a person writes; the rest (uid, managedFields, ...) are set by the API server. */
const WRITABLE_META = new Set(['name', 'namespace', 'labels', 'annotations']);

const choice = (values: readonly string[], n = 1): string => `\${${n}|${values.join(',')}|}`;

/** Keys whose value NetLens completes from the workspace: open completion again after inserting them. */
const RETRIGGER = new Set(['port', 'key', 'namespace']);

/** The snippet body after `name:` for a field of schema `s` (relative indentation, `\n` + two spaces per level). */
export function keySnippet(name: string, s: FieldSchema): { text: string; retrigger: boolean } {
  const items = s.items;
  if (name === 'podSelector' || name === 'namespaceSelector') return { text: `${name}:\n  matchLabels:\n    $0`, retrigger: true };
  if (name === 'ipBlock') return { text: 'ipBlock:\n  cidr: $0', retrigger: false };
  if (name === 'metadata') return { text: 'metadata:\n  name: $0', retrigger: false };
  if (name === 'ports' && items?.typeName === 'NetworkPolicyPort') return { text: `ports:\n  - protocol: ${choice(['TCP', 'UDP', 'SCTP'])}\n    port: $0`, retrigger: false };
  if (name === 'matchExpressions') {
    return { text: `matchExpressions:\n  - key: $1\n    operator: ${choice(['In', 'NotIn', 'Exists', 'DoesNotExist'], 2)}\n    values:\n      - $0`, retrigger: false };
  }
  switch (s.type) {
    case 'object':
    case 'string-map':
      return { text: `${name}:\n  $0`, retrigger: name === 'matchLabels' };
    case 'list':
      if (items?.enum) return { text: `${name}:\n  - ${choice(items.enum)}`, retrigger: false };
      return { text: `${name}:\n  - $0`, retrigger: items?.type === 'object' };
    default:
      if (s.enum) return { text: `${name}: ${choice(s.enum)}`, retrigger: false };
      return { text: `${name}: $0`, retrigger: RETRIGGER.has(name) };
  }
}

/** Pads continuation lines: the editor indents them like the cursor line, but keys after `- ` sit further right. */
export function padLines(text: string, pad: number): string {
  return pad > 0 ? text.replace(/\n/g, `\n${' '.repeat(pad)}`) : text;
}

export function keyEntries(schema: FieldSchema, present: ReadonlySet<string>, span: Span, pad: number, isMeta: boolean): CompletionEntry[] {
  const out: CompletionEntry[] = [];
  for (const [name, field] of Object.entries(schema.fields ?? {})) {
    if (present.has(name) || (isMeta && !WRITABLE_META.has(name))) continue;
    const { text, retrigger } = keySnippet(name, field);
    const e: CompletionEntry = {
      label: name,
      kind: 'property',
      insertText: padLines(text, pad),
      snippet: true,
      detail: field.typeName ?? (field.type === 'list' && field.items?.typeName ? `${field.items.typeName}[]` : field.type),
      documentation: field.doc,
      span,
    };
    if (retrigger) e.retrigger = true;
    out.push(e);
  }
  return out;
}
