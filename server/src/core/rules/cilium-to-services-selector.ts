// A toServices peer naming Services that have a selector, under a Cilium release before 1.17 (netlens.ciliumVersion):
// the agent then ignores those Services, so the peer admits none of their pods.
import { TO_SERVICES_SELECTOR_SINCE } from '../kinds/cilium/names.ts';
import type { ServiceInfo as Service } from '../model/types.ts';
import { matchesSelector } from '../policy/select.ts';
import type { PolicyPeer } from '../policy/types.ts';
import type { WorkspaceReport, WorkspaceRule } from '../workspace.ts';
import { ciliumPolicies } from './ws-cilium.ts';
import { dedupe } from './ws-policy.ts';

const SINCE = `${TO_SERVICES_SELECTOR_SINCE.major}.${TO_SERVICES_SELECTOR_SINCE.minor}`;

/** The workspace Services a toServices peer names (an empty namespace names every namespace, as in Cilium). */
function named(services: readonly Service[], peer: Extract<PolicyPeer, { kind: 'service' }>): Service[] {
  return services.filter((s) => (peer.namespace === undefined || s.namespace === peer.namespace) && (peer.name !== undefined ? s.name === peer.name : !!peer.selector && matchesSelector(peer.selector, s.labels ?? {})));
}

export const rule: WorkspaceRule = {
  code: 'cilium-to-services-selector',
  reads: ['policy', 'service'],
  perPolicy: true,
  defaultSeverity: 'warning',
  description: `A toServices peer names a Service with a selector while netlens.ciliumVersion is below ${SINCE}: those releases take only Services without a selector, so the rule admits none of its pods.`,
  checkWorkspace(model, files, ctx) {
    const reports: WorkspaceReport[] = [];
    for (const p of ciliumPolicies(model)) {
      if (p.origin.kind !== 'file' || !files.has(p.origin.uri)) continue;
      for (const r of p.rules) {
        for (const peer of r.peers ?? []) {
          if (peer.kind !== 'service' || !peer.selectorlessOnly || !peer.span) continue;
          const withSelector = named(model.services, peer).filter((s) => s.selector !== undefined);
          if (withSelector.length === 0) continue;
          const names = withSelector.map((s) => `${s.namespace}/${s.name}`);
          const list = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
          reports.push({
            uri: p.origin.uri,
            span: peer.span,
            message:
              `${r.section}[${r.index}].toServices[${peer.index}]: before Cilium ${SINCE} toServices covers only Services without a selector, ` +
              `and ${list} ${names.length === 1 ? 'has one' : 'have one'}: with Cilium ${ctx.options.ciliumVersion} (netlens.ciliumVersion) this peer admits none of ${names.length === 1 ? 'its' : 'their'} pods. ` +
              `Select the pods with toEndpoints (the Service's selector), or run Cilium ${SINCE} or later.`,
          });
        }
      }
    }
    for (const x of dedupe(reports)) ctx.report(x);
  },
};
