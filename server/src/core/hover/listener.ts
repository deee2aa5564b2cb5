// Hover on a Gateway listener: which namespaces' routes it admits (with the declared namespaces a selector
// matches), and which routes of the workspace attach to it, are refused (and why) or are not decided.
import { describeSelector, matchesSelector } from '../connectivity/selectors.ts';
import type { Model, Selector } from '../model/types.ts';
import type { Options } from '../options.ts';
import type { ManifestObject, ParsedFile } from '../parse/parse.ts';
import { routingOf } from '../routing/index.ts';
import { REASON } from './route.ts';

export function listenerHover(obj: ManifestObject, index: number, model: Model, files: ReadonlyMap<string, ParsedFile>, options: Options): string | undefined {
  const routing = routingOf(model, files, options);
  const gw = routing.gw.gateways.find((g) => g.uri === obj.uri && g.origin.kind === 'file' && g.origin.span.start === obj.span.start);
  const l = gw?.listeners.find((x) => x.index === index);
  if (!gw || !l) return undefined;
  const out = [`**Listener \`${l.name}\`** of Gateway ${gw.id}: ${l.protocol} ${l.port ?? '?'}${l.hostname ? `, \`${l.hostname}\`` : ', any hostname'}`, ''];
  out.push(`- Admits routes from ${admitted(model, gw.namespace, l.from, l.selector)}.`);
  if (l.kinds !== undefined) out.push(`- Route kinds: ${l.kinds.length ? l.kinds.map((k) => k.kind).join(', ') : "the protocol's own (an empty list)"}.`);
  const status = routing.listeners.find((x) => x.listener === l);
  if (status?.conflict) out.push(`- **Conflicted** (${status.conflict}) with ${status.conflictWith.map((o) => `\`${o.name}\``).join(', ')}: the controller does not accept it, so no route attaches and it serves nothing.`);
  else if (status?.mixedWith) out.push(`- Shares its port with ${status.mixedWith.map((o) => `\`${o.name}\` (${o.protocol})`).join(', ')}: whether one port serves plain HTTP and TLS is implementation-specific.`);
  const attached: string[] = [];
  const refused: string[] = [];
  const undecided: string[] = [];
  for (const p of routing.parents) {
    if (p.gateway !== gw) continue;
    const v = p.verdicts.find((x) => x.listener === l);
    if (!v) continue;
    const name = `${p.route.kind} ${p.route.id}`;
    if (!v.refused) attached.push(`${name} (${v.hostnames.map((h) => `\`${h}\``).join(', ')})`);
    else if (v.unknownNamespace) undecided.push(name);
    else refused.push(`${name}: ${REASON[v.refused] ?? v.refused}`);
  }
  out.push('', attached.length ? `**Attached:** ${[...new Set(attached)].sort().join('; ')}` : '**Attached:** no route of the workspace');
  if (refused.length) out.push('', `**Refused:** ${[...new Set(refused)].sort().join('; ')}`);
  if (undecided.length) out.push('', `**Not decided** (namespace not declared in the workspace, so its labels are unknown): ${[...new Set(undecided)].sort().join('; ')}`);
  return out.join('\n');
}

function admitted(model: Model, own: string, from: string, selector: Selector | undefined): string {
  if (from === 'All') return 'every namespace';
  if (from === 'Same') return `its own namespace \`${own}\` only`;
  if (from === 'None') return 'no namespace (routes cannot attach)';
  if (from !== 'Selector' || !selector) return `\`${from}\` (not a value NetLens knows)`;
  const names = [...model.namespaces.values()].filter((n) => n.origin.kind !== 'implied' && matchesSelector(selector, n.labels)).map((n) => `\`${n.name}\``).sort();
  return `namespaces whose labels match \`${describeSelector(selector)}\` (declared in the workspace: ${names.length ? names.join(', ') : 'none'})`;
}
