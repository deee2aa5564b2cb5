// A backend of an attached route whose pods the policies isolate without admitting the Gateway's data plane on
// the Service's target port: the route is accepted, and every request for it fails.
import { backendHops } from '../routing/dataplane-reach.ts';
import { routingOf } from '../routing/index.ts';
import type { Model } from '../model/types.ts';
import type { ParsedFile } from '../parse/parse.ts';
import { finish } from '../steps.ts';
import type { WorkspaceRule, WorkspaceRuleContext } from '../workspace.ts';

export const rule: WorkspaceRule = {
  code: 'gateway-traffic-blocked',
  defaultSeverity: 'warning',
  description: "The policies isolate a route backend's pods and admit no traffic from the Gateway's data plane on the target port.",
  readsRouting: true,
  atGatewayApi: true,
  checkWorkspace(model, files, ctx) {
    finish(judge(model, files, ctx));
  },
  checkWorkspaceSteps: judge,
};

/** The rule, one backend per step: each asks the connectivity engine about every pod behind its Service. */
function* judge(model: Model, files: ReadonlyMap<string, ParsedFile>, ctx: WorkspaceRuleContext): Generator<void, void, void> {
  const routing = routingOf(model, files, ctx.options);
  for (const b of routing.backends) {
    // A scoped analysis wants its files' findings only: each backend asks about every pod behind its Service.
    if (ctx.scope && !ctx.scope.has(b.route.uri)) continue;
    // BackendRef.weight 0: "no traffic should be forwarded for this entry", so no request is routed there to fail.
    if (b.backend.weight === 0) continue;
    yield;
    const span = b.backend.nameSpan ?? b.backend.span;
    if (!span) continue;
    for (const hop of backendHops(model, routing, b, ctx.options)) {
      const blocked = hop.pods.filter((p) => !p.allowed);
      if (blocked.length === 0 || !hop.dataPlane) continue;
      const dp = hop.dataPlane;
      const who = dp.identity === 'ingress' ? `${dp.name} sends it with the reserved "ingress" identity, which no pod, namespace or ipBlock peer of a NetworkPolicy matches (allow it with a CiliumNetworkPolicy fromEntities: [ingress], or a rule without from)` : `its data plane runs as ${dp.name} pods in namespace "${dp.namespace || hop.gateway.namespace}"`;
      const pods = blocked.map((p) => `${p.workload.name} (port ${p.port})`).join(', ');
      const egress = blocked.some((p) => p.egressBlocked);
      const policies = [...new Set(blocked.flatMap((p) => p.isolatedBy.map((r) => r.policy)))].sort();
      const by = egress ? "the data plane's own egress policies do not allow it" : `${policies.map((p) => `NetworkPolicy ${p}`).join(', ') || 'the policies'} isolate${policies.length === 1 ? 's' : ''} them and no rule admits it`;
      const related = blocked.flatMap((p) => p.isolatedBy.flatMap((r) => (r.uri && r.span ? [{ uri: r.uri, span: r.span, message: `isolated by ${r.policy}` }] : [])));
      ctx.report({
        uri: b.route.uri,
        span,
        message: `Gateway "${hop.gateway.name}" cannot reach the pods behind Service "${b.service?.namespace}/${b.service?.name}": ${pods}. ${who[0]?.toUpperCase()}${who.slice(1)}; ${by}. ${b.backend.filter === 'mirror' ? mirrorNote(b.route.rules[b.backend.ruleIndex]?.backendRefs ?? []) : 'Requests routed here fail.'}`,
        ...(related.length ? { related: dedupe(related) } : {}),
      });
    }
  }
}

/**
 * A RequestMirror target gets copies whose responses are ignored: the client does not see the failure. The client's
 * answer comes from the rule's real backendRefs, or is a 500 when it has none (conformance HTTPRouteNoBackendRefs).
 */
function mirrorNote(refs: readonly { filter?: 'mirror' }[]): string {
  const real = refs.some((r) => r.filter !== 'mirror');
  return `The mirrored copies of requests sent here are dropped (${real ? "the clients get their responses from the rule's backendRefs, unaffected" : 'the clients get a 500 anyway: the rule has no backendRefs, only this mirror'}).`;
}

function dedupe<T extends { uri: string; span: { start: number } }>(list: T[]): T[] {
  const seen = new Set<string>();
  return list.filter((r) => {
    const k = `${r.uri}\u0000${r.span.start}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
