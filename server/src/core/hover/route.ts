// Hover on an HTTPRoute or GRPCRoute: the listeners it attaches to (and why not), the hostnames it serves,
// and its backends resolved to Services, ports and workloads, with the data plane's verdict.
import type { Model } from '../model/types.ts';
import type { Options } from '../options.ts';
import type { ManifestObject, ParsedFile } from '../parse/parse.ts';
import { backendHops, serviceWorkloads } from '../routing/dataplane-reach.ts';
import { routingOf } from '../routing/index.ts';

export const REASON: Record<string, string> = { section: 'no such sectionName', port: 'another port', namespace: 'namespace not allowed', kind: 'kind not allowed', hostname: 'no hostname in common', conflict: 'a route of the other kind (HTTPRoute/GRPCRoute) with the same hostnames is accepted there first', conflicted: 'the listener is Conflicted and not accepted' };

export function routeHover(obj: ManifestObject, model: Model, files: ReadonlyMap<string, ParsedFile>, options: Options): string | undefined {
  const routing = routingOf(model, files, options);
  const parents = routing.parents.filter((p) => p.route.uri === obj.uri && p.route.origin.kind === 'file' && p.route.origin.span.start === obj.span.start);
  const route = parents[0]?.route ?? routing.gw.routes.find((r) => r.uri === obj.uri && r.origin.kind === 'file' && r.origin.span.start === obj.span.start);
  if (!route) return undefined;
  const out: string[] = [`**${route.kind} ${route.id}**`, ''];
  out.push('**Attaches to**', '');
  for (const p of parents) {
    const ref = `${p.parent.namespace}/${p.parent.name}${p.parent.sectionName ? ` (sectionName ${p.parent.sectionName})` : ''}${p.parent.port ? ` (port ${p.parent.port})` : ''}`;
    if (p.unsupported) out.push(`- ${p.parent.kind} ${ref}: not a Gateway, not analysed`);
    else if (!p.gateway) out.push(`- Gateway ${ref}: not in the workspace`);
    else if (p.attached.length === 0 && p.verdicts.some((v) => v.unknownNamespace)) {
      const names = p.verdicts.filter((v) => v.unknownNamespace).map((v) => `\`${v.listener.name}\``).join(', ');
      out.push(`- Gateway ${ref}: **not decided**: ${names} admit${names.includes(',') ? '' : 's'} routes by namespace labels, and namespace \`${route.namespace}\` is not declared in the workspace (NetLens knows only its name label)`);
    } else if (p.attached.length === 0) out.push(`- Gateway ${ref}: **attached to no listener**${p.verdicts.length ? ` (${p.verdicts.map((v) => `${v.listener.name}: ${REASON[v.refused ?? ''] ?? v.refused}`).join('; ')})` : ''}`);
    else {
      const refused = p.verdicts.filter((v) => v.refused);
      out.push(`- Gateway ${ref}: ${p.attached.map((v) => `listener \`${v.listener.name}\` (${v.listener.protocol} ${v.listener.port ?? '?'}) for ${v.hostnames.map((h) => `\`${h}\``).join(', ')}`).join('; ')}${refused.length ? `; not ${refused.map((v) => `\`${v.listener.name}\` (${REASON[v.refused ?? ''] ?? v.refused})`).join(', ')}` : ''}`);
    }
  }
  if (parents.length === 0) out.push('- no parentRefs: the route attaches to nothing');
  out.push('', '**Backends**', '');
  const backends = routing.backends.filter((b) => b.route === route);
  for (const b of backends) {
    const name = `${b.backend.namespace}/${b.backend.name}${b.backend.port ? `:${b.backend.port}` : ''}`;
    const mirror = b.backend.filter === 'mirror' ? ' (RequestMirror: gets copies, its responses are ignored)' : '';
    if (b.backend.weight === 0 && !b.backend.filter) out.push(`- ${name}: weight 0, receives no traffic`);
    else if (b.foreign) out.push(`- ${b.backend.kind} ${name}: an implementation's own kind, not analysed`);
    else if (!b.service || !b.servicePort) out.push(`- ${name}: ${b.problem ?? 'unresolved'}`);
    else {
      const pods = serviceWorkloads(model, b.service);
      const hops = backendHops(model, routing, b, options);
      const blocked = hops.flatMap((h) => h.pods.filter((p) => !p.allowed).map((p) => `${h.gateway.name} cannot reach ${p.workload.name}`));
      out.push(`- Service \`${b.service.id}\`${mirror} port ${b.servicePort.port} → targetPort ${b.servicePort.targetPort}: ${pods.length ? pods.map((w) => `${w.kind} ${w.name}`).join(', ') : 'no workload of the workspace'}${b.grants.length ? ` (via ReferenceGrant ${b.grants.map((g) => g.id).join(', ')})` : ''}${blocked.length ? ` — **${blocked.join('; ')}** (policies)` : ''}`);
    }
  }
  if (backends.length === 0) out.push('- none (the Gateway answers itself: a redirect, or 500)');
  // Rules whose only targets are RequestMirror ones: the clients get the 500 of a rule without backendRefs.
  const mirrorOnly = route.rules.filter((r) => r.backendRefs.length > 0 && r.backendRefs.every((x) => x.filter === 'mirror') && !r.filters.includes('RequestRedirect'));
  if (mirrorOnly.length > 0) out.push(`- ${mirrorOnly.map((r) => `rules[${r.index}]`).join(', ')}: only RequestMirror targets, no backendRefs: the clients get a 500`);
  return out.join('\n');
}
