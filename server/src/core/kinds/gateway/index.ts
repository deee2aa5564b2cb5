// The Gateway API kinds and the other ways in (Ingress, Traefik IngressRoute, TLS Secrets): readers into the
// routing model, CRD schema, route hover and completion, quick fixes, plugged into the kind registry.
import type { ManifestObject } from '../../parse/parse.ts';
import { crdSchema, crdVersions } from '../../schema/crd.ts';
import type { KindFeatures, RoutingKindEntry } from '../registry.ts';
import { grantHover } from '../../hover/grant.ts';
import { listenerHover } from '../../hover/listener.ts';
import { routeHover } from '../../hover/route.ts';
import { routeValueEntries } from '../../completion/route.ts';
import { grantFix, sectionFixes } from '../../fixes/gateway.ts';
import { routeRuleFixes, routeRuleWorkspaceFixes } from '../../fixes/route-rule.ts';
import { INGRESS_BETA_APIS, isIngress, readEntryService, readIngress } from './read-entry.ts';
import { isGatewayApi, readGateway, readGatewayClass } from './read-gateway.ts';
import { readReferenceGrant, readSecret } from './read-grant.ts';
import { readRoute } from './read-route.ts';
import { GATEWAY_GROUP, type GatewayModel } from './types.ts';

type Obj = Pick<ManifestObject, 'kind' | 'apiVersion'>;
const schema = (obj: Obj) => crdSchema(obj.apiVersion, obj.kind);

/**
 * One routing entry per kind, for the API versions the Gateway API CRDs serve (from the generated CRD table, as
 * gateway-schema reads them): an object in an unserved version is never created, so no reader sees it.
 */
function gatewayApiKind(kind: string, readRouting: RoutingKindEntry['readRouting'], features: KindFeatures = {}): RoutingKindEntry {
  const versions = crdVersions(GATEWAY_GROUP, kind);
  return {
    family: 'routing',
    keys: versions.map((v) => `${GATEWAY_GROUP}/${v}/${kind}`),
    matches: (obj) => obj.kind === kind && isGatewayApi(obj, versions),
    schema,
    readRouting,
    ...features,
  };
}

/** Reads `obj` once per namespace it is placed in (kustomize may place one file in several). */
function perNamespace<T>(read: (obj: ManifestObject, ns: string) => T | undefined, add: (out: GatewayModel, v: T) => void): RoutingKindEntry['readRouting'] {
  return (out, obj, namespaces) => {
    for (const ns of namespaces) {
      const v = read(obj, ns);
      if (v !== undefined) add(out, v);
    }
  };
}

/** A route's hover: on its kind, its `spec` key or its name, where it attaches and what it reaches. */
const routeFeatures: KindFeatures = {
  hover({ obj, loc, model, workspace }) {
    const p = loc.path;
    const onRoute = (p.length === 1 && (p[0] === 'kind' || p[0] === 'spec')) || (p[0] === 'metadata' && p[1] === 'name');
    if (!workspace || !onRoute) return undefined;
    return { markdown: routeHover(obj, model, workspace.files, workspace.options) };
  },
  completeValue: (a) => (a.workspace ? routeValueEntries(a.loc, a.path, a.span, a.space, a.model, a.workspace, a.namespace) : undefined),
  fixes: {
    'backend-ref-not-permitted': (f, file, _obj, ctx) => {
      const fix = grantFix(f, file, ctx.options);
      return fix ? [fix] : [];
    },
    'unknown-section': (f) => sectionFixes(f),
    'gateway-rule': (f, file, obj) => routeRuleFixes(f, file, obj),
  },
  workspaceFixes: { 'gateway-rule': (f, file, obj, ctx) => routeRuleWorkspaceFixes(f, file, obj, ctx) },
};

const addRoute = perNamespace(readRoute, (out, r) => out.routes.push(r));

/** Inside a listener of a Gateway (`spec.listeners[i]` and below): what it admits and which routes attach. */
const gatewayFeatures: KindFeatures = {
  hover({ obj, loc, model, workspace }) {
    const p = loc.path;
    if (!workspace || p[0] !== 'spec' || p[1] !== 'listeners' || typeof p[2] !== 'number') return undefined;
    // Field documentation stays on the keys below a listener's own (tls, allowedRoutes...): only the item and its name.
    if (p.length > 4 || (p.length === 4 && p[3] !== 'name')) return undefined;
    const markdown = listenerHover(obj, p[2], model, workspace.files, workspace.options);
    return markdown ? { markdown } : undefined;
  },
};

/** On a ReferenceGrant's kind, `spec` key or name: what it permits and which references use it. */
const grantFeatures: KindFeatures = {
  hover({ obj, loc, model, workspace }) {
    const p = loc.path;
    const onGrant = (p.length === 1 && (p[0] === 'kind' || p[0] === 'spec')) || (p[0] === 'metadata' && p[1] === 'name');
    if (!workspace || !onGrant) return undefined;
    const markdown = grantHover(obj, model, workspace.files, workspace.options);
    return markdown ? { markdown } : undefined;
  },
};

const GATEWAY_KINDS: readonly RoutingKindEntry[] = [
  gatewayApiKind('GatewayClass', (out, obj) => {
    const cls = readGatewayClass(obj);
    if (cls && !out.classes.has(cls.name)) out.classes.set(cls.name, cls);
  }),
  gatewayApiKind('Gateway', perNamespace(readGateway, (out, g) => out.gateways.push(g)), gatewayFeatures),
  gatewayApiKind('HTTPRoute', addRoute, routeFeatures),
  // In the v1.6 CRDs GRPCRoute is served as v1 only, and the v1alpha2 GRPCRoute and ReferenceGrant are no longer
  // served (gateway-schema reports objects written in them).
  gatewayApiKind('GRPCRoute', addRoute, routeFeatures),
  gatewayApiKind('ReferenceGrant', perNamespace(readReferenceGrant, (out, g) => out.grants.push(g)), grantFeatures),
];

// A real Secret wins over one a Certificate promises.
const addSecret = perNamespace(readSecret, (out, s) => {
  if (!out.secrets.has(s.id) || (!s.producedBy && out.secrets.get(s.id)?.producedBy)) out.secrets.set(s.id, s);
});
const addIngress = perNamespace(readIngress, (out, i) => out.ingresses.push(i));

const ENTRY_KINDS: readonly RoutingKindEntry[] = [
  { family: 'routing', keys: ['v1/Secret'], matches: (o) => o.kind === 'Secret' && o.apiVersion === 'v1', readRouting: addSecret },
  { family: 'routing', keys: ['cert-manager.io/v1/Certificate'], matches: (o) => o.kind === 'Certificate' && (o.apiVersion ?? '').startsWith('cert-manager.io/'), readRouting: addSecret },
  // The betas too: the routing model leaves them out once netlens.kubernetesVersion no longer serves them.
  { family: 'routing', keys: ['networking.k8s.io/v1/Ingress', ...INGRESS_BETA_APIS.map((v) => `${v}/Ingress`)], matches: isIngress, readRouting: addIngress },
  {
    family: 'routing',
    keys: ['traefik.io/v1alpha1/IngressRoute', 'traefik.containo.us/v1alpha1/IngressRoute'],
    matches: (o) => o.kind === 'IngressRoute' && /^traefik\.(io|containo\.us)\/v1alpha1$/.test(o.apiVersion ?? ''),
    readRouting: addIngress,
  },
];

/** Every routing kind, for the registry's table. */
export const gatewayKinds: readonly RoutingKindEntry[] = [...GATEWAY_KINDS, ...ENTRY_KINDS];

/** The Service kind's routing reader: LoadBalancer and NodePort Services are entry points. */
export const readEntryServiceInto = perNamespace(readEntryService, (out, e) => out.entryServices.push(e));
