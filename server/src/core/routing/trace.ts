// `trace URL`: which address, listener, route rule (match and filters), Service and pods serve a request, and
// whether the policies let the Gateway's data plane through: each step names the object that decides it.
import type { Model } from '../model/types.ts';
import type { Options } from '../options.ts';
import type { ParsedFile } from '../parse/parse.ts';
import type { Span } from '../source.ts';
import { lbAddresses } from '../kinds/gateway/read-entry.ts';
import type { BackendRefInfo, GatewayInfo, ListenerInfo, RouteInfo } from '../kinds/gateway/types.ts';
import { backendHops, serviceWorkloads } from './dataplane-reach.ts';
import { hostMatches } from './hostnames.ts';
import { routingOf } from './index.ts';
import { conditionsOf, pathPrefix } from './precedence.ts';
import { chooseRule, rankedCandidates, undecidedVerdict, type RuleChoice } from './route-choice.ts';
import { conflictedListeners } from './listeners.ts';
import type { BackendStatus, ListenerStatus, RoutingAnalysis } from './types.ts';

export interface TraceStep {
  kind: 'address' | 'listener' | 'route' | 'rule' | 'service' | 'pods' | 'policy' | 'ingress';
  text: string;
  uri?: string;
  span?: Span;
  /** false when this step stops the request. */
  ok: boolean;
  /**
   * Set on a conditional path: what the request must have beyond its URL (e.g. `method GET and header version: two`,
   * `gRPC call`) to take this step instead of the answer.
   */
  condition?: string;
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
  const conflicted = conflictedListeners(routing.listeners);
  for (const gw of routing.gw.gateways) {
    const onPort = gw.listeners.filter((l) => l.protocol === protocol && l.port === u.port);
    // A Conflicted listener, or an HTTPS one without tls, is not accepted: the request goes to the best accepted
    // listener, if any takes it.
    const listener = bestListener(onPort.filter((l) => !conflicted.has(l) && !noTls(l)), u.host);
    if (listener) result.paths.push(gatewayPath(model, routing, options, gw, listener, u));
    else {
      const refused = bestListener(onPort, u.host);
      const status = refused && conflicted.get(refused);
      if (refused && status) result.paths.push(conflictedPath(gw, refused, status));
      else if (refused && noTls(refused)) result.paths.push(noTlsPath(gw, refused));
    }
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

function conflictedPath(gw: GatewayInfo, l: ListenerInfo, status: ListenerStatus): TracePath {
  const others = status.conflictWith.map((o) => `"${o.name}" (${o.protocol})`).join(', ');
  return {
    entry: `Gateway ${gw.id}`,
    steps: [
      addressStep(gw),
      { kind: 'listener', text: `listener "${l.name}" ${l.protocol} ${l.port}${l.hostname ? ` ${l.hostname}` : ''} is Conflicted (${status.conflict}) with ${others}: the controller does not accept it and serves nothing through it`, uri: gw.uri, ...(l.span ? { span: l.nameSpan ?? l.span } : {}), ok: false },
    ],
    reaches: false,
  };
}

/** An HTTPS listener without tls (listener-tls-missing): no certificate, so no TLS handshake completes. */
const noTls = (l: ListenerInfo): boolean => l.protocol === 'HTTPS' && l.tlsMode === undefined;

function noTlsPath(gw: GatewayInfo, l: ListenerInfo): TracePath {
  return {
    entry: `Gateway ${gw.id}`,
    steps: [addressStep(gw), { kind: 'listener', text: `listener "${l.name}" ${l.protocol} ${l.port}${l.hostname ? ` ${l.hostname}` : ''}: no tls, so no certificate to terminate TLS with`, uri: gw.uri, ...(l.span ? { span: l.nameSpan ?? l.span } : {}), ok: false }],
    reaches: false,
  };
}

function addressStep(gw: GatewayInfo): TraceStep {
  const addrs = [...gw.addresses.map((a) => a.value), ...lbAddresses(gw.infraAnnotations)];
  return { kind: 'address', text: addrs.length ? `${addrs.join(', ')} (Gateway ${gw.id})` : `Gateway ${gw.id} (address assigned by the cluster; none requested in the manifest)`, uri: gw.uri, ...spanOf(gw.origin), ok: true };
}

function gatewayPath(model: Model, routing: RoutingAnalysis, options: Options, gw: GatewayInfo, l: ListenerInfo, u: { host: string; path: string }): TracePath {
  const steps: TraceStep[] = [addressStep(gw)];
  steps.push({ kind: 'listener', text: `listener "${l.name}" ${l.protocol} ${l.port}${l.hostname ? ` ${l.hostname}` : ''}`, uri: gw.uri, ...(l.span ? { span: l.nameSpan ?? l.span } : {}), ok: true });
  const attached = routing.parents.filter((p) => p.gateway === gw && p.attached.some((v) => v.listener === l));
  const choice = chooseRule(attached, l, u.host, u.path);
  const best = choice.main;
  // A route refused only because its namespace's labels are unknown may be the one that serves the URL: when no
  // attached route matches, or when its match ranks first or ties up to the routes' age (not in the manifests).
  const attachedRoutes = new Set(attached.map((p) => p.route));
  const refused = routing.parents.filter((p) => p.gateway === gw && !attachedRoutes.has(p.route) && p.verdicts.some((v) => v.listener === l && v.unknownNamespace));
  const maybe = rankedCandidates(refused, l, u.host, u.path).find((c) => conditionsOf(c).length === 0);
  const verdict = maybe && undecidedVerdict(maybe, best);
  if (maybe && verdict) {
    const r = maybe.route;
    const other = best && `${best.route.kind} ${best.route.id}`;
    const ahead = verdict === 'ahead' ? ` ahead of ${other}` : verdict === 'if-older' ? ` instead of ${other} if it is the older route` : '';
    steps.push({ kind: 'route', text: `not decided: ${r.kind} ${r.id} would serve ${u.host}${u.path}${ahead}, but listener "${l.name}" admits routes by namespace labels and namespace "${r.namespace}" is not declared in the workspace (NetLens knows only its name label); declare the Namespace with its labels to trace further`, uri: r.uri, ...spanOf(r.origin), ok: false });
    return { entry: `Gateway ${gw.id}`, steps, reaches: false, undecided: true };
  }
  if (!best) {
    const unless = choice.conditional.length ? ' without a method, header or query parameter a rule below needs' : '';
    steps.push({ kind: 'route', text: `no route attached to this listener serves ${u.host}${u.path}${unless}: the Gateway answers 404`, ok: false });
    steps.push(...conditionalSteps(choice, false));
    return { entry: `Gateway ${gw.id}`, steps, reaches: false };
  }
  const { route, rule, match } = best;
  // An exact tie between routes goes to the older one, then the first by namespace/name: without creation times in
  // the manifests the first by name is shown and the others named.
  const names = (rs: RouteInfo[]) => rs.map((r) => `${r.kind} ${r.id}`).join(', ');
  const tied = choice.tied;
  const others = tied.length ? ` (${names(tied)} match${tied.length === 1 ? 'es' : ''} as specifically: the older route serves the request, and NetLens cannot see creation times)` : '';
  const older = choice.olderThan.length ? ` (older than ${names(choice.olderThan)}, which match${choice.olderThan.length === 1 ? 'es' : ''} as specifically)` : '';
  // The Gateway API ranks hostnames first but does not say whether a request falls through to a less specific
  // hostname when the more specific route has no rule for its path; controllers with a virtual host per hostname do not.
  const passed = choice.passedOver.length ? ` (${names(choice.passedOver)} name${choice.passedOver.length === 1 ? 's' : ''} this host more specifically but ${choice.passedOver.length === 1 ? 'has' : 'have'} no rule for this path: controllers that give each hostname its own virtual host, such as Envoy Gateway, answer 404 instead; the Gateway API leaves it open)` : '';
  steps.push({ kind: 'route', text: `${route.kind} ${route.id}${others}${older}${passed}`, uri: route.uri, ...spanOf(route.origin), ok: true });
  const rx = choice.regexRival;
  const regexNote = rx ? `; ${REGEX_NOTE}, so your controller may pick ${rx.route === route ? '' : `${rx.route.kind} ${rx.route.id} `}rules[${rx.rule.index}]: ${rx.match ? rx.match.text : 'PathPrefix /'} instead` : '';
  steps.push({ kind: 'rule', text: `rules[${rule.index}]: ${match ? match.text : 'PathPrefix / (no matches)'}${rule.filters.length ? `; filters: ${rule.filters.join(', ')}` : ''}${regexNote}`, uri: route.uri, ...(match?.span ?? rule.span ? { span: (match?.span ?? rule.span) as Span } : {}), ok: true });
  steps.push(...conditionalSteps(choice, true));
  // A RequestMirror target gets a copy whose response is ignored: the client gets what the rule's own backendRefs
  // give, so the mirrors are shown but never make the request reach a pod.
  const backends = routing.backends.filter((s) => s.route === route && s.backend.ruleIndex === rule.index);
  const real = rule.backendRefs.filter((b) => !b.filter);
  const mirrors = backends.filter((b) => b.backend.filter === 'mirror');
  if (real.length === 0) {
    const redirect = rule.filters.includes('RequestRedirect');
    const mirrored = mirrors.length ? ' (a RequestMirror target gets a copy, and its response is ignored)' : '';
    steps.push({ kind: 'service', text: redirect ? 'answered by the Gateway (RequestRedirect), no backend' : `no backendRefs: the Gateway answers 500${mirrored}`, ok: redirect });
    for (const b of mirrors) backendSteps(model, routing, options, gw, b, steps);
    return { entry: `Gateway ${gw.id}`, steps, reaches: false };
  }
  // BackendRef.weight: "If weight is set to 0, no traffic should be forwarded for this entry."
  if (real.every((b) => b.weight === 0)) {
    const first = real[0]?.span;
    steps.push({ kind: 'service', text: `every backendRef of the rule has weight 0: no backend receives the request (the Gateway API does not say what the client gets; it is implementation-specific)`, uri: route.uri, ...(first ? { span: first } : {}), ok: false });
    for (const b of mirrors) backendSteps(model, routing, options, gw, b, steps);
    return { entry: `Gateway ${gw.id}`, steps, reaches: false };
  }
  let reaches = false;
  for (const b of backends) {
    if (b.backend.weight === 0 && !b.backend.filter) {
      steps.push({ kind: 'service', text: `backend ${refText(b.backend)}: weight 0, receives no traffic`, uri: route.uri, ...(b.backend.span ? { span: b.backend.span } : {}), ok: true });
      continue;
    }
    const got = backendSteps(model, routing, options, gw, b, steps);
    if (!b.backend.filter) reaches ||= got;
  }
  return { entry: `Gateway ${gw.id}`, steps, reaches };
}

/** The steps of one backend (Service, pods, policies) after the rule; whether some pod is reached. */
function backendSteps(model: Model, routing: RoutingAnalysis, options: Options, gw: GatewayInfo, b: BackendStatus, steps: TraceStep[]): boolean {
  const svc = b.service;
  if (!svc || !b.servicePort) {
    steps.push({ kind: 'service', text: `backend ${refText(b.backend)}: ${b.problem ?? 'not resolved'}`, uri: b.route.uri, ...(b.backend.span ? { span: b.backend.span } : {}), ok: false });
    return false;
  }
  steps.push({ kind: 'service', text: `Service ${svc.id} port ${b.servicePort.port} -> targetPort ${b.servicePort.targetPort}${b.backend.filter ? ' (mirror)' : ''}`, ...originOf(svc.origin), ok: true });
  const hops = backendHops(model, routing, b, options).filter((h) => h.gateway === gw);
  const pods = serviceWorkloads(model, svc);
  steps.push({ kind: 'pods', text: pods.length ? pods.map((w) => w.id).join(', ') : 'no workload of the workspace matches the Service selector', ...(pods[0] ? originOf(pods[0].origin) : {}), ok: pods.length > 0 });
  const hop = hops[0];
  if (!hop?.dataPlane) {
    steps.push({ kind: 'policy', text: `not checked: NetLens does not know the data plane of GatewayClass "${gw.className}" (netlens.gateway.dataPlanes)`, ok: true });
    return pods.length > 0;
  }
  let reaches = false;
  for (const p of hop.pods) {
    // Policies by id, so the text and the location do not depend on file order.
    p.isolatedBy.sort((a, b) => a.policy.localeCompare(b.policy));
    const by = p.allowed ? (p.allowedBy.length ? `allowed by ${p.allowedBy.map((r) => `${r.policy} ${r.direction}[${r.ruleIndex}]`).join(', ')}` : 'allowed: no policy isolates these pods') : `blocked: ${p.egressBlocked ? "the data plane's own egress policies" : p.isolatedBy.map((r) => r.policy).join(', ')} admit no ${hop.dataPlane.name} traffic`;
    const ref = p.allowed ? p.allowedBy[0] : p.isolatedBy[0];
    steps.push({ kind: 'policy', text: `${hop.dataPlane.name} -> ${p.workload.id} port ${p.port ?? '?'}: ${by}`, ...(ref?.uri && ref.span ? { uri: ref.uri, span: ref.span } : {}), ok: p.allowed });
    reaches ||= p.allowed;
  }
  return reaches;
}

function refText(b: BackendRefInfo): string {
  return `${b.namespace}/${b.name}${b.port ? `:${b.port}` : ''}`;
}

const REGEX_NOTE = 'precedence involving a RegularExpression path is implementation-specific (Gateway API)';

/**
 * The rules that need more than the URL (a method, a header, a query parameter) and would take the request before
 * the answer, as "if the request has ...", best first; then the GRPCRoutes that serve the host (gRPC calls).
 */
function conditionalSteps(choice: RuleChoice, hasMain: boolean): TraceStep[] {
  const steps: TraceStep[] = [];
  for (const { candidate: c, conditions, regex } of choice.conditional) {
    const condition = conditions.join(' and ');
    const real = c.rule.backendRefs.filter((b) => !b.filter);
    const backends = real.filter((b) => b.weight !== 0).map((b) => `${b.namespace === c.route.namespace ? '' : `${b.namespace}/`}${b.name}${b.port !== undefined ? `:${b.port}` : ''}`);
    const to = backends.length ? ` -> ${backends.join(', ')}` : real.length ? ' (every backendRef has weight 0: no backend)' : c.rule.filters.includes('RequestRedirect') ? ' (RequestRedirect)' : ' (no backendRefs: 500)';
    const span = c.match?.span ?? c.rule.span;
    steps.push({ kind: 'rule', condition, text: `if the request has ${condition}: ${hasMain ? 'would instead go to' : 'goes to'} ${c.route.kind} ${c.route.id} rules[${c.rule.index}]: ${c.match?.text ?? 'PathPrefix /'}${to}${regex ? `; ${REGEX_NOTE}` : ''}`, uri: c.route.uri, ...(span ? { span } : {}), ok: true });
  }
  for (const r of choice.grpc) {
    steps.push({ kind: 'route', condition: 'gRPC call', text: `if the request is a gRPC call: ${r.kind} ${r.id} serves this host too; not traced (gRPC calls follow GRPCRoute rules, never merged with HTTPRoute rules, and of an HTTPRoute and a GRPCRoute whose hostnames overlap a listener accepts only the older)`, uri: r.uri, ...spanOf(r.origin), ok: true });
  }
  return steps;
}

function spanOf(origin: { kind: string; span?: Span; nameSpan?: Span }): { span?: Span } {
  const span = origin.kind === 'file' ? (origin.nameSpan ?? origin.span) : undefined;
  return span ? { span } : {};
}

function originOf(origin: { kind: string; uri?: string; span?: Span; nameSpan?: Span }): { uri?: string; span?: Span } {
  return origin.kind === 'file' && origin.uri ? { uri: origin.uri, ...spanOf(origin) } : {};
}
