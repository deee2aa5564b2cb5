// The inventory people keep by hand: gateways and their listeners, exposed endpoints, LoadBalancer/NodePort
// Services and Ingresses, policies by namespace, ReferenceGrants and whether they are used, and coverage.
import { describeSelector } from '../connectivity/selectors.ts';
import { dataPlaneOf } from '../kinds/gateway/dataplanes.ts';
import { lbAddresses } from '../kinds/gateway/read-entry.ts';
import type { Model } from '../model/types.ts';
import type { Options } from '../options.ts';
import type { ParsedFile } from '../parse/parse.ts';
import { exposure } from '../routing/exposure.ts';
import { routingOf } from '../routing/index.ts';
import { coverageOf } from '../topology/index.ts';
import type { CoverageReport } from './coverage.ts';
import { coverageMarkdown } from './format.ts';
import { markdownTable } from './table.ts';

export interface Inventory {
  gateways: { id: string; className: string; dataPlane: string; addresses: string[]; exposure: 'external' | 'internal' | 'unknown'; listeners: { name: string; protocol: string; port: number | null; hostname: string }[] }[];
  endpoints: { gateway: string; listener: string; hostname: string; route: string; service: string; namespace: string; port: number | null; exposure: string }[];
  /** Routes whose attachment depends on the labels of a namespace the workspace does not declare. */
  undecided: { gateway: string; listeners: string[]; route: string; namespace: string }[];
  entryServices: { id: string; type: string; addresses: string[]; ports: string }[];
  ingresses: { id: string; kind: string; className: string; hosts: string[]; services: string[] }[];
  policies: { namespace: string; name: string; kind: string; selects: string; types: string[] }[];
  grants: { id: string; from: string[]; to: string[]; used: boolean }[];
  coverage: CoverageReport;
}


export function inventoryOf(model: Model, files: ReadonlyMap<string, ParsedFile>, options: Options): Inventory {
  const routing = routingOf(model, files, options);
  const gateways = routing.gw.gateways.map((g) => {
    const addresses = [...g.addresses.map((a) => a.value), ...lbAddresses(g.infraAnnotations)];
    return {
      id: g.id,
      className: g.className,
      dataPlane: dataPlaneOf(g, routing.gw.classes, options.gatewayDataPlanes)?.name ?? 'unknown',
      addresses,
      exposure: exposure(addresses),
      listeners: g.listeners.map((l) => ({ name: l.name, protocol: l.protocol, port: l.port ?? null, hostname: l.hostname ?? '*' })),
    };
  });
  const exposureOf = new Map(gateways.map((g) => [g.id, g.exposure]));
  const endpoints: Inventory['endpoints'] = [];
  for (const p of routing.parents) {
    if (!p.gateway) continue;
    // Mirror targets get copies, and a weight-0 backendRef no traffic (BackendRef.weight): neither is exposed.
    const backends = routing.backends.filter((b) => b.route === p.route && !b.backend.filter && b.backend.weight !== 0);
    for (const v of p.attached) {
      for (const hostname of v.hostnames) {
        for (const b of backends.length ? backends : [undefined]) {
          endpoints.push({
            gateway: p.gateway.id,
            listener: v.listener.name,
            hostname,
            route: `${p.route.kind} ${p.route.id}`,
            service: b ? b.backend.name : '(no backend)',
            namespace: b ? b.backend.namespace : '',
            port: b?.backend.port ?? null,
            exposure: exposureOf.get(p.gateway.id) ?? 'unknown',
          });
        }
      }
    }
  }
  const undecided: Inventory['undecided'] = [];
  for (const p of routing.parents) {
    const unknown = p.attached.length === 0 ? p.verdicts.filter((v) => v.unknownNamespace) : [];
    if (p.gateway && unknown.length > 0) undecided.push({ gateway: p.gateway.id, listeners: unknown.map((v) => v.listener.name), route: `${p.route.kind} ${p.route.id}`, namespace: p.route.namespace });
  }
  // Every policy kind through the policy IR (one entry per policy, a Cilium `specs:` list counted once).
  const seen = new Set<string>();
  const policies: Inventory['policies'] = [];
  for (const p of model.policyIR) {
    const key = `${p.kind}\u0000${p.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const types = (['ingress', 'egress'] as const).filter((d) => p.isolates[d] || p.rules.some((r) => r.direction === d));
    const selects = p.subject.nodes ? 'nodes' : describeSelector(p.subject.selector) || 'all';
    policies.push({ namespace: p.namespace ?? '(cluster-wide)', name: p.name, kind: p.kind, selects, types });
  }
  policies.sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
  return {
    gateways,
    endpoints,
    undecided,
    entryServices: routing.gw.entryServices.map((s) => ({ id: s.id, type: s.type, addresses: s.addresses, ports: s.ports.map((p) => `${p.port}/${p.protocol}${p.nodePort ? ` (node ${p.nodePort})` : ''}`).join(', ') })),
    ingresses: routing.gw.ingresses.map((i) => ({ id: i.id, kind: i.kind, className: i.className ?? '', hosts: [...new Set(i.paths.map((p) => p.host ?? '*'))], services: [...new Set(i.paths.map((p) => `${p.serviceName ?? '?'}:${p.servicePort ?? '?'}`))] })),
    policies,
    grants: routing.gw.grants.map((g) => ({ id: g.id, from: g.from.map((f) => `${f.kind} in ${f.namespace}`), to: g.to.map((t) => `${t.kind}${t.name ? ` ${t.name}` : ' (all)'}`), used: routing.usedGrants.has(g) })),
    coverage: coverageOf(model),
  };
}

export function inventoryMarkdown(inv: Inventory): string {
  const none = (what: string): string => `_No ${what} in the workspace._\n`;
  let out = '# Inventory\n\n## Gateways\n\n';
  out += inv.gateways.length ? markdownTable(['Gateway', 'Class', 'Data plane', 'Address', 'Exposure', 'Listeners'], inv.gateways.map((g) => [g.id, g.className, g.dataPlane, g.addresses.join(', ') || '(assigned by the cluster)', g.exposure, g.listeners.map((l) => `${l.name}: ${l.protocol} ${l.port ?? '?'} ${l.hostname}`).join('; ')])) : none('Gateways');
  out += '\n## Exposed endpoints\n\n';
  out += inv.endpoints.length ? markdownTable(['Hostname', 'Gateway', 'Listener', 'Route', 'Service', 'Namespace', 'Port', 'Exposure'], inv.endpoints.map((e) => [e.hostname, e.gateway, e.listener, e.route, e.service, e.namespace, e.port === null ? '' : String(e.port), e.exposure])) : none('routes attached to a Gateway');
  if (inv.undecided.length) {
    out += `\nNot decided: ${inv.undecided.map((u) => `${u.route} on ${u.gateway} (${u.listeners.map((l) => `listener "${l}"`).join(', ')})`).join('; ')}. These listeners admit routes by namespace labels, and the routes' namespaces (${[...new Set(inv.undecided.map((u) => u.namespace))].sort().join(', ')}) are not declared in the workspace: declare them with their labels to see what they expose.\n`;
  }
  out += '\n## LoadBalancer and NodePort Services\n\n';
  out += inv.entryServices.length ? markdownTable(['Service', 'Type', 'Address', 'Ports'], inv.entryServices.map((s) => [s.id, s.type, s.addresses.join(', ') || '(assigned by the cluster)', s.ports])) : none('LoadBalancer or NodePort Services');
  if (inv.ingresses.length) out += `\n## Ingresses\n\n${markdownTable(['Ingress', 'Kind', 'Class', 'Hosts', 'Services'], inv.ingresses.map((i) => [i.id, i.kind, i.className, i.hosts.join(', '), i.services.join(', ')]))}`;
  out += '\n## Policies by namespace\n\n';
  out += inv.policies.length ? markdownTable(['Namespace', 'Policy', 'Kind', 'Selects', 'Types'], inv.policies.map((p) => [p.namespace, p.name, p.kind, p.selects, p.types.join(', ')])) : none('policies');
  out += '\n## ReferenceGrants\n\n';
  out += inv.grants.length ? markdownTable(['ReferenceGrant', 'From', 'To', 'Used'], inv.grants.map((g) => [g.id, g.from.join(', '), g.to.join(', '), g.used ? 'yes' : 'no'])) : none('ReferenceGrants');
  return `${out}\n${coverageMarkdown(inv.coverage).replace(/^## /, '## ')}`;
}
