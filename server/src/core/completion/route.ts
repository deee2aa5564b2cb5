// Completion in HTTPRoute and GRPCRoute values from the workspace: Gateway names and namespaces, sectionNames
// and ports of the referenced Gateway, Services and their ports, kinds, path match types and filter types.
import { get, scalarString } from '../parse/access.ts';
import type { PathSegment, YamlLocation } from '../parse/locate.ts';
import type { Model } from '../model/types.ts';
import type { Options } from '../options.ts';
import type { ParsedFile } from '../parse/parse.ts';
import type { Span } from '../source.ts';
import { routingOf } from '../routing/index.ts';
import type { CompletionEntry } from './types.ts';

const HTTP_FILTERS = ['RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestMirror', 'RequestRedirect', 'URLRewrite', 'ExtensionRef'];
const GRPC_FILTERS = ['RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestMirror', 'ExtensionRef'];
const PATH_TYPES = ['PathPrefix', 'Exact', 'RegularExpression'];

function nodeAtPath(loc: YamlLocation, path: readonly PathSegment[]): unknown {
  let cur: unknown = loc.object;
  for (const seg of path) {
    if (typeof seg === 'number') cur = (cur as { items?: unknown[] } | undefined)?.items?.[seg];
    else cur = get(loc.doc, cur, seg);
    if (cur === undefined) return undefined;
  }
  return cur;
}

const entry = (label: string, kind: CompletionEntry['kind'], span: Span, space: boolean, detail?: string): CompletionEntry => ({ label, kind, insertText: `${space ? ' ' : ''}${label}`, snippet: false, span, ...(detail ? { detail } : {}) });

export function routeValueEntries(loc: YamlLocation, path: readonly PathSegment[], span: Span, space: boolean, model: Model, workspace: { files: ReadonlyMap<string, ParsedFile>; options: Options }, routeNs: string): CompletionEntry[] {
  const kind = scalarString(get(loc.doc, loc.object, 'kind'));
  const last = path[path.length - 1];
  const parent = path.slice(0, -1);
  const sibling = (key: string): string | undefined => scalarString(nodeAtPath(loc, [...parent, key]));
  const gw = () => routingOf(model, workspace.files, workspace.options).gw;
  if (path[0] !== 'spec') return [];
  if (path[1] === 'parentRefs' && typeof path[2] === 'number' && path.length === 4) {
    const ns = sibling('namespace') ?? routeNs;
    const target = gw().gateways.find((g) => g.namespace === ns && g.name === sibling('name'));
    if (last === 'name') return gw().gateways.map((g) => entry(g.name, 'value', span, space, `Gateway in ${g.namespace}${g.namespace === ns ? '' : ' (set namespace)'}`));
    if (last === 'namespace') return [...new Set(gw().gateways.map((g) => g.namespace))].map((n) => entry(n, 'namespace', span, space, 'namespace with a Gateway'));
    if (last === 'sectionName') return (target?.listeners ?? []).map((l) => entry(l.name, 'value', span, space, `${l.protocol} ${l.port ?? '?'}${l.hostname ? ` ${l.hostname}` : ''}`));
    if (last === 'port') return [...new Set((target?.listeners ?? []).map((l) => l.port).filter((p): p is number => p !== undefined))].map((p) => entry(String(p), 'port', span, space, 'listener port'));
    if (last === 'kind') return [entry('Gateway', 'enum', span, space)];
  }
  const inBackend = path[1] === 'rules' && typeof path[2] === 'number' && path[3] === 'backendRefs' && typeof path[4] === 'number' && path.length === 6;
  if (inBackend) {
    const ns = sibling('namespace') ?? routeNs;
    if (last === 'name') return model.services.filter((s) => s.namespace === ns).map((s) => entry(s.name, 'value', span, space, `Service in ${s.namespace}: ports ${s.ports.map((p) => p.port).join(', ')}`));
    if (last === 'namespace') return [...new Set(model.services.map((s) => s.namespace))].sort().map((n) => entry(n, 'namespace', span, space, 'namespace with Services (cross-namespace needs a ReferenceGrant)'));
    if (last === 'port') {
      const svc = model.services.find((s) => s.namespace === ns && s.name === sibling('name'));
      return (svc?.ports ?? []).map((p) => entry(String(p.port), 'port', span, space, `${p.name ? `${p.name}: ` : ''}${p.protocol} -> targetPort ${p.targetPort}`));
    }
    if (last === 'kind') return [entry('Service', 'enum', span, space)];
  }
  if (last === 'type' && path[path.length - 2] === 'path' && path.includes('matches')) return PATH_TYPES.map((t) => entry(t, 'enum', span, space));
  if (last === 'type' && path.includes('filters')) return (kind === 'GRPCRoute' ? GRPC_FILTERS : HTTP_FILTERS).map((t) => entry(t, 'enum', span, space));
  return [];
}
