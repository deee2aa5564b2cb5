// Hover on any other NetworkPolicy field: its short doc from the schema module, with type and allowed values.
import { schemaAt } from '../schema/networkpolicy.ts';
import { describeExpected, formatPath, type PathSegment } from '../schema/types.ts';

/** `**field** — doc` for the field at `path` (from the object root); undefined for unknown fields and label entries. */
export function fieldDocHover(path: readonly PathSegment[]): string | undefined {
  const s = schemaAt(path);
  if (!s) return undefined;
  const parent = path.length > 0 ? schemaAt(path.slice(0, -1)) : undefined;
  if (parent?.type === 'string-map') return undefined; // a label or annotation entry: nothing general to say
  const last = path[path.length - 1];
  const name = typeof last === 'number' ? `${formatPath(path.slice(-2))}` : last ?? 'NetworkPolicy';
  const lines = [`**${name}** — ${s.doc}`];
  const facts = [`Expects ${describeExpected(s)}`];
  if (s.required) facts.push('required');
  if (s.enum) facts.push(`one of ${s.enum.map((v) => `\`${v}\``).join(', ')}`);
  lines.push(`${facts.join('; ')}.`);
  return lines.join('\n\n');
}
