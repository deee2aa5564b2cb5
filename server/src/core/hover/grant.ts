// Hover on a ReferenceGrant: which references into its namespace it permits (from / to), and which references of
// the workspace it serves (route backends by name, other uses counted), or that none does.
import type { Model } from '../model/types.ts';
import type { Options } from '../options.ts';
import type { ManifestObject, ParsedFile } from '../parse/parse.ts';
import { routingOf } from '../routing/index.ts';

const group = (g: string): string => (g === '' ? 'core' : g);

export function grantHover(obj: ManifestObject, model: Model, files: ReadonlyMap<string, ParsedFile>, options: Options): string | undefined {
  const routing = routingOf(model, files, options);
  const grant = routing.gw.grants.find((g) => g.uri === obj.uri && g.origin.kind === 'file' && g.origin.span.start === obj.span.start);
  if (!grant) return undefined;
  const out = [`**ReferenceGrant ${grant.id}** permits references into namespace \`${grant.namespace}\`:`, ''];
  out.push(`- from: ${grant.from.map((f) => `${f.kind} (${group(f.group)}) in \`${f.namespace}\``).join('; ') || 'nothing (no `from` entry)'}`);
  out.push(`- to: ${grant.to.map((t) => `${t.kind} (${group(t.group)}) ${t.name !== undefined ? `named \`${t.name}\`` : 'of any name'}`).join('; ') || 'nothing (no `to` entry)'}`);
  out.push('', 'Both ends must match: a reference from one of the `from` kinds and namespaces to one of the `to` kinds.', '');
  const uses = [...new Set(routing.backends.filter((b) => b.grants.includes(grant)).map((b) => `${b.route.kind} ${b.route.id} → ${b.backend.kind} ${b.backend.namespace}/${b.backend.name}`))].sort();
  if (uses.length > 0) out.push('**Used by**', '', ...uses.map((u) => `- ${u}`));
  else if (routing.usedGrants.has(grant)) out.push('Used by a reference of the workspace (a Gateway listener\'s certificate).');
  else out.push('No reference in the workspace uses it.');
  return out.join('\n');
}
