// A numeric port that none of the destination pods declares as a containerPort: often a Service port by mistake.
import type { Model, ServiceInfo, Workload } from '../model/types.ts';
import { matchesSelector } from '../connectivity/selectors.ts';
import type { WorkspaceReport, WorkspaceRule } from '../workspace.ts';
import { destPhrase, rulePorts } from './ws-ports.ts';
import { dedupe } from './ws-policy.ts';

type ServiceIndex = Map<string, ServiceInfo[]>;

/** Services by namespace: the hint below runs once per finding, so no scan of every Service each time. */
function indexServices(model: Model): ServiceIndex {
  const out: ServiceIndex = new Map();
  for (const s of model.services) {
    if (!s.selector || Object.keys(s.selector).length === 0) continue;
    const list = out.get(s.namespace);
    if (list) list.push(s);
    else out.set(s.namespace, [s]);
  }
  return out;
}

/** Services over these pods that expose `port` with another targetPort: NetworkPolicy sees the pod's port. */
function serviceHint(services: ServiceIndex, dests: Workload[], port: number, protocol: string): string {
  for (const ns of new Set(dests.map((w) => w.namespace))) {
    for (const s of services.get(ns) ?? []) {
      if (!s.ports.some((p) => p.port === port && p.protocol === protocol)) continue;
      const sel = { matchLabels: s.selector ?? {}, matchExpressions: [] };
      if (!dests.some((w) => w.namespace === s.namespace && matchesSelector(sel, w.podLabels))) continue;
      const sp = s.ports.find((p) => p.port === port && p.protocol === protocol && p.targetPort !== port);
      if (sp) return ` Service ${s.namespace}/${s.name} maps port ${port} to targetPort ${sp.targetPort}: NetworkPolicy applies to the pod's port, not the Service's.`;
    }
  }
  return '';
}

export const rule: WorkspaceRule = {
  code: 'port-not-exposed',
  defaultSeverity: 'information',
  description: 'A numeric port that no selected destination pod declares as a containerPort.',
  checkWorkspace(model, files, ctx) {
    const reports: WorkspaceReport[] = [];
    let services: ServiceIndex | undefined;
    for (const rp of rulePorts(model, files)) {
      const from = rp.port.port;
      if (typeof from !== 'number') continue;
      const to = rp.port.endPort ?? from;
      const proto = rp.port.protocol;
      // Pods that declare no port at all tell us nothing about what they listen on.
      if (!rp.dests.some((w) => w.ports.length > 0)) continue;
      if (rp.dests.some((w) => w.ports.some((c) => c.protocol === proto && c.containerPort >= from && c.containerPort <= to))) continue;
      const what = to === from ? `${proto} port ${from}` : `${proto} port in ${from}-${to}`;
      reports.push({
        uri: rp.uri,
        span: rp.span,
        message:
          `${rp.path}: none of ${destPhrase(rp)} declares ${what} as a containerPort. A pod may listen on ports it does not declare; ` +
          `if not, this port lets nothing through.${serviceHint((services ??= indexServices(model)), rp.dests, from, proto)}`,
      });
    }
    for (const r of dedupe(reports)) ctx.report(r);
  },
};
