// `trace URL`: which address, listener, route rule (match and filters), Service and pods serve a request, and
// whether the policies let the Gateway's data plane through: each step names the object that decides it.
import type { Model } from '../model/types.ts';
import type { Options } from '../options.ts';
import type { ParsedFile } from '../parse/parse.ts';
import type { Span } from '../source.ts';
import { lbAddresses } from '../kinds/gateway/read-entry.ts';
import type { GatewayInfo, ListenerInfo, RouteInfo, RouteMatchInfo, RouteRuleInfo } from '../kinds/gateway/types.ts';
import { backendHops, serviceWorkloads } from './dataplane-reach.ts';
import { effectiveHostnames, hostMatches } from './hostnames.ts';
import { routingOf } from './index.ts';
import type { ParentStatus, RoutingAnalysis } from './types.ts';

export interface TraceStep {
  kind: 'address' | 'listener' | 'route' | 'rule' | 'service' | 'pods' | 'policy' | 'ingress';
  text: string;
  uri?: string;
  span?: Span;
  /** false when this step stops the request. */
  ok: boolean;
}

export interface TracePath {
  /** What the request enters through, e.g. `Gateway infra/edge`. */
  entry: string;
  steps: TraceStep[];
  /** Whether the request reaches at least one pod. */
  reaches: boolean;
  /** NetLens cannot tell whether the request gets through (what decides it is not in the workspace). */
  undecided?: boolean;
}

export interface TraceResult {
  url: string;
  scheme: string;
  host: string;
  port: number;
  path: string;
  paths: TracePath[];
  /** Why nothing serves the URL, or what NetLens cannot know. */
  notes: string[];
}

export function parseTraceUrl(text: string): { scheme: string; host: string; port: number; path: string } | { error: string } {
  let u: URL;
  try {
    u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    return { error: `"${text}" is not a URL (example: https://grafana.example.net/api)` };
  }
  const scheme = u.protocol.replace(/:$/, '');
  if (scheme !== 'http' && scheme !== 'https') return { error: `only http and https URLs can be traced, not ${scheme}` };
  return { scheme, host: u.hostname.toLowerCase(), port: u.port ? Number(u.port) : scheme === 'https' ? 443 : 80, path: decodeURIComponent(u.pathname || '/') };
}

/** Traces a URL through the workspace's Gateways (and Ingress / IngressRoute objects) to the pods. */
export function traceUrl(model: Model, files: ReadonlyMap<string, ParsedFile>, options: Options, url: string): TraceResult | { error: string } {
  const u = parseTraceUrl(url);
  if ('error' in u) return u;
  const routing = routingOf(model, files, options);
  const result: TraceResult = { url, ...u, paths: [], notes: [] };
  const protocol = u.scheme === 'https' ? 'HTTPS' : 'HTTP';
  for (const gw of routing.gw.gateways) {
    const listener = bestListener(gw.listeners.filter((l) => l.protocol === protocol && l.port === u.port), u.host);
    if (!listener) continue;
    result.paths.push(gatewayPath(model, routing, options, gw, listener, u));
  }
  for (const ing of routing.gw.ingresses) {
    const matching = ing.paths.filter((p) => (!p.host || hostMatches(u.host, p.host.toLowerCase())) && (!p.path || pathPrefix(u.path, p.path)));
    // The default backend takes only the requests that no rule of the Ingress matches.
    const ruled = matching.filter((p) => !p.default);
    for (const p of ruled.length > 0 ? ruled : matching) {
      const steps: TraceStep[] = [{ kind: 'ingress', text: `${ing.kind} ${ing.id}${ing.className ? ` (class ${ing.className})` : ''}: ${p.host ?? '*'}${p.path ?? ''}`, uri: ing.uri, ...(p.span ? { span: p.span } : {}), ok: true }];
      const svc = model.services.find((s) => s.namespace === ing.namespace && s.name === p.serviceName);
      steps.push(svc ? { kind: 'service', text: `Service ${svc.id} port ${p.servicePort ?? '?'}`, ...originOf(svc.origin), ok: true } : { kind: 'service', text: `Service ${ing.namespace}/${p.serviceName ?? '?'} is not in the workspace`, ok: false });
      const pods = svc ? serviceWorkloads(model, svc) : [];
      if (svc) steps.push({ kind: 'pods', text: pods.length ? pods.map((w) => w.id).join(', ') : 'no workload of the workspace matches the Service selector', ok: pods.length > 0 });
      steps.push({ kind: 'policy', text: 'not checked: NetLens does not know which pods run this ingress controller', ok: true });
      result.paths.push({ entry: `${ing.kind} ${ing.id}`, steps, reaches: pods.length > 0 });
    }
  }
  if (result.paths.length === 0) result.notes.push(`No ${protocol} listener on port ${u.port} of a Gateway in the workspace, and no Ingress or IngressRoute, serves ${u.host}.`);
  return result;
}

/** The listener that takes the host: exact hostname before the most specific wildcard before none. */
function bestListener(listeners: ListenerInfo[], host: string): ListenerInfo | undefined {
  const score = (l: ListenerInfo): number => (!l.hostname ? 0 : l.hostname.startsWith('*.') ? l.hostname.split('.').length : 1000);
  return listeners.filter((l) => !l.hostname || hostMatches(host, l.hostname)).sort((a, b) => score(b) - score(a))[0];
}

function gatewayPath(model: Model, routing: RoutingAnalysis, options: Options, gw: GatewayInfo, l: ListenerInfo, u: { host: string; path: string }): TracePath {
  const steps: TraceStep[] = [];
  const addrs = [...gw.addresses.map((a) => a.value), ...lbAddresses(gw.infraAnnotations)];
  steps.push({ kind: 'address', text: addrs.length ? `${addrs.join(', ')} (Gateway ${gw.id})` : `Gateway ${gw.id} (address assigned by the cluster; none requested in the manifest)`, uri: gw.uri, ...spanOf(gw.origin), ok: true });
  steps.push({ kind: 'listener', text: `listener "${l.name}" ${l.protocol} ${l.port}${l.hostname ? ` ${l.hostname}` : ''}`, uri: gw.uri, ...(l.span ? { span: l.nameSpan ?? l.span } : {}), ok: true });
  const attached = routing.parents.filter((p) => p.gateway === gw && p.attached.some((v) => v.listener === l && v.hostnames.some((h) => hostMatches(u.host, h))));
  const best = bestRule(attached, l, u.host, u.path);
  // A route refused only because its namespace's labels are unknown may be the one that serves the URL: when no
  // attached route matches, or when its match is at least as specific as the attached one's (a longer prefix, an
  // Exact path; on a tie the older route wins, and creation times are not in the manifests).
  const attachedRoutes = new Set(attached.map((p) => p.route));
  const maybe = bestRule(routing.parents.filter((p) => p.gateway === gw && !attachedRoutes.has(p.route) && p.verdicts.some((v) => v.listener === l && v.unknownNamespace && effectiveHostnames(l.hostname, p.route.hostnames.map((h) => h.value)).some((h) => hostMatches(u.host, h)))), l, u.host, u.path);
  if (maybe && (!best || compareRank(maybe.rank, best.rank) >= 0)) {
    const r = maybe.parent.route;
    const other = best && `${best.parent.route.kind} ${best.parent.route.id}`;
    const ahead = !best ? '' : compareRank(maybe.rank, best.rank) > 0 ? ` ahead of ${other}` : ` instead of ${other} if it is the older route`;
    steps.push({ kind: 'route', text: `not decided: ${r.kind} ${r.id} would serve ${u.host}${u.path}${ahead}, but listener "${l.name}" admits routes by namespace labels and namespace "${r.namespace}" is not declared in the workspace (NetLens knows only its name label); declare the Namespace with its labels to trace further`, uri: r.uri, ...spanOf(r.origin), ok: false });
    return { entry: `Gateway ${gw.id}`, steps, reaches: false, undecided: true };
  }
  if (!best) {
    steps.push({ kind: 'route', text: `no route attached to this listener serves ${u.host}${u.path}: the Gateway answers 404`, ok: false });
    return { entry: `Gateway ${gw.id}`, steps, reaches: false };
  }
  const { parent, rule, match, tied } = best;
  // An exact tie between routes goes to the older one, then the first by namespace/name: creation times are not in
  // the manifests, so the first by name is shown and the others named.
  const others = tied.length ? ` (${tied.map((r) => `${r.kind} ${r.id}`).join(', ')} match${tied.length === 1 ? 'es' : ''} as specifically: the older route serves the request, and NetLens cannot see creation times)` : '';
  steps.push({ kind: 'route', text: `${parent.route.kind} ${parent.route.id}${others}`, uri: parent.route.uri, ...spanOf(parent.route.origin), ok: true });
  const rx = best.regexRival;
  const regexNote = rx
    ? `; precedence involving a RegularExpression path is implementation-specific (Gateway API), so your controller may pick ${rx.route === parent.route ? '' : `${rx.route.kind} ${rx.route.id} `}rules[${rx.ruleIndex}]: ${rx.match ? rx.match.text : 'PathPrefix /'} instead`
    : '';
  steps.push({ kind: 'rule', text: `rules[${rule.index}]: ${match ? match.text : 'PathPrefix / (no matches)'}${rule.filters.length ? `; filters: ${rule.filters.join(', ')}` : ''}${regexNote}`, uri: parent.route.uri, ...(match?.span ?? rule.span ? { span: (match?.span ?? rule.span) as Span } : {}), ok: true });
  if (rule.backendRefs.length === 0) {
    const redirect = rule.filters.includes('RequestRedirect');
    steps.push({ kind: 'service', text: redirect ? 'answered by the Gateway (RequestRedirect), no backend' : 'no backendRefs: the Gateway answers 500', ok: redirect });
    return { entry: `Gateway ${gw.id}`, steps, reaches: false };
  }
  let reaches = false;
  for (const b of routing.backends.filter((s) => s.route === parent.route && s.backend.ruleIndex === rule.index)) {
    const svc = b.service;
    if (!svc || !b.servicePort) {
      steps.push({ kind: 'service', text: `backend ${b.backend.namespace}/${b.backend.name}${b.backend.port ? `:${b.backend.port}` : ''}: ${b.problem ?? 'not resolved'}`, uri: parent.route.uri, ...(b.backend.span ? { span: b.backend.span } : {}), ok: false });
      continue;
    }
    steps.push({ kind: 'service', text: `Service ${svc.id} port ${b.servicePort.port} -> targetPort ${b.servicePort.targetPort}${b.backend.filter ? ' (mirror)' : ''}`, ...originOf(svc.origin), ok: true });
    const hops = backendHops(model, routing, b, options).filter((h) => h.gateway === gw);
    const pods = serviceWorkloads(model, svc);
    steps.push({ kind: 'pods', text: pods.length ? pods.map((w) => w.id).join(', ') : 'no workload of the workspace matches the Service selector', ...(pods[0] ? originOf(pods[0].origin) : {}), ok: pods.length > 0 });
    const hop = hops[0];
    if (!hop?.dataPlane) {
      steps.push({ kind: 'policy', text: `not checked: NetLens does not know the data plane of GatewayClass "${gw.className}" (netlens.gateway.dataPlanes)`, ok: true });
      reaches ||= pods.length > 0;
      continue;
    }
    for (const p of hop.pods) {
      // Policies by id, so the text and the location do not depend on file order.
      p.isolatedBy.sort((a, b) => a.policy.localeCompare(b.policy));
      const by = p.allowed ? (p.allowedBy.length ? `allowed by ${p.allowedBy.map((r) => `${r.policy} ${r.direction}[${r.ruleIndex}]`).join(', ')}` : 'allowed: no policy isolates these pods') : `blocked: ${p.egressBlocked ? "the data plane's egress policies" : p.isolatedBy.map((r) => r.policy).join(', ')} admit no ${hop.dataPlane.name} traffic`;
      const ref = p.allowed ? p.allowedBy[0] : p.isolatedBy[0];
      steps.push({ kind: 'policy', text: `${hop.dataPlane.name} -> ${p.workload.id} port ${p.port ?? '?'}: ${by}`, ...(ref?.uri && ref.span ? { uri: ref.uri, span: ref.span } : {}), ok: p.allowed });
      reaches ||= p.allowed;
    }
  }
  return { entry: `Gateway ${gw.id}`, steps, reaches };
}

/**
 * Gateway API precedence, as far as a URL shows it: across routes, the route whose matching hostname (as it serves
 * through this listener) has the most characters, non-wildcard first (HTTPRouteSpec.hostnames); then an Exact path,
 * then the longest matching prefix (HTTPRouteMatch). Within a route the first matching rule wins; `tied` lists the
 * other routes that match as specifically. `rank` orders candidates (compareRank).
 */
interface RuleChoice {
  parent: ParentStatus;
  rule: RouteRuleInfo;
  match?: RouteMatchInfo;
  rank: number[];
  tied: RouteInfo[];
  /** Another match for the same hostname that the choice beat or lost to through a RegularExpression path. */
  regexRival?: { route: RouteInfo; ruleIndex: number; match?: RouteMatchInfo };
}

function bestRule(parents: ParentStatus[], l: ListenerInfo, host: string, path: string): RuleChoice | undefined {
  let best: RuleChoice | undefined;
  const regexHits: { parent: ParentStatus; rule: RouteRuleInfo; match?: RouteMatchInfo; byHost: number[]; regex: boolean }[] = [];
  // By namespace/name, so that among equally specific routes the first by name wins (the spec's last tie-break).
  const ordered = [...parents].sort((a, b) => (a.route.id < b.route.id ? -1 : a.route.id > b.route.id ? 1 : 0));
  for (const parent of ordered) {
    // A route without hostnames takes the listener's; with both, the hostnames both admit (what the data plane serves).
    const byHost = hostRank(effectiveHostnames(l.hostname, parent.route.hostnames.map((h) => h.value)), host);
    for (const rule of parent.route.rules) {
      const matches = rule.matches.length ? rule.matches : [undefined];
      for (const m of matches) {
        // Header, query and method conditions cannot be read from a URL: such matches are not taken.
        if (m && /header|query|method|gRPC/.test(m.text)) continue;
        const type = m?.pathType ?? 'PathPrefix';
        const value = m?.path ?? '/';
        let score = -1;
        if (type === 'Exact' && path === value) score = 100000;
        else if (type === 'PathPrefix' && pathPrefix(path, value)) score = value.length;
        else if (type === 'RegularExpression' && safeRegex(value)?.test(path)) score = 50000;
        if (score < 0) continue;
        regexHits.push({ parent, rule, ...(m ? { match: m } : {}), byHost, regex: type === 'RegularExpression' });
        const rank = [...byHost, score];
        const c = best ? compareRank(rank, best.rank) : 1;
        if (c > 0) best = { parent, rule, rank, tied: [], ...(m ? { match: m } : {}) };
        else if (c === 0 && best && best.parent.route !== parent.route && !best.tied.includes(parent.route)) best.tied.push(parent.route);
      }
    }
  }
  // The spec leaves the precedence of RegularExpression path matches to the implementation: when one took part in
  // the choice (the winner, or a rival for the same hostname), the rank above is NetLens's guess, not the spec's.
  if (best) {
    const b = best;
    const bestIsRegex = b.match?.pathType === 'RegularExpression';
    const rival = regexHits.find((h) => (h.regex || bestIsRegex) && compareRank(h.byHost, b.rank.slice(0, 2)) === 0 && !(h.parent === b.parent && h.rule === b.rule && h.match === b.match));
    if (rival) b.regexRival = { route: rival.parent.route, ruleIndex: rival.rule.index, ...(rival.match ? { match: rival.match } : {}) };
  }
  return best;
}

/** [characters of the most specific matching non-wildcard hostname, characters of the matching hostname]. */
function hostRank(hostnames: readonly string[], host: string): [number, number] {
  let best: [number, number] = [0, 0];
  for (const h of hostnames) {
    const lower = h.toLowerCase();
    if (lower === '*' || !hostMatches(host, lower)) continue;
    const r: [number, number] = lower.startsWith('*.') ? [0, lower.length] : [lower.length, lower.length];
    if (compareRank(r, best) > 0) best = r;
  }
  return best;
}

function compareRank(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

/** PathPrefix matching is per path element: `/api` matches `/api` and `/api/x`, not `/apis`. */
function pathPrefix(path: string, prefix: string): boolean {
  const p = prefix.replace(/\/+$/, '');
  return p === '' || path === p || path.startsWith(`${p}/`);
}

function safeRegex(source: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${source})$`);
  } catch {
    return undefined;
  }
}

function spanOf(origin: { kind: string; span?: Span; nameSpan?: Span }): { span?: Span } {
  const span = origin.kind === 'file' ? (origin.nameSpan ?? origin.span) : undefined;
  return span ? { span } : {};
}

function originOf(origin: { kind: string; uri?: string; span?: Span; nameSpan?: Span }): { uri?: string; span?: Span } {
  return origin.kind === 'file' && origin.uri ? { uri: origin.uri, ...spanOf(origin) } : {};
}
