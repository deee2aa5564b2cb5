// Quick fixes for an HTTPRoute/GRPCRoute's CRD rule findings (gateway-rule): "Add the leading /" to an Exact or
// PathPrefix path, and "Add the missing port" to a Service backendRef — the Service's port when the workspace's
// Service has exactly one, one fix per port when it has several, an empty `port:` to fill in when it is unknown.
import { isMap, isScalar, isSeq, Scalar, type Document, type Node, type YAMLMap } from 'yaml';
import type { FixableFinding } from '../kinds/registry.ts';
import type { Model, ServiceInfo } from '../model/types.ts';
import type { Options } from '../options.ts';
import { deref, get, getPair, scalarString } from '../parse/access.ts';
import type { ManifestObject, ParsedFile } from '../parse/parse.ts';
import type { PathSegment } from '../schema/types.ts';
import type { Fix } from '../types.ts';
import { addPair, detectStyle } from './yaml-text.ts';

/** The CRD rules these fixes answer, as the generated schema data writes them. */
export const PATH_RULE = "(self.type in ['Exact','PathPrefix']) ? self.value.startsWith('/') : true";
export const PORT_RULE = "(size(self.group) == 0 && self.kind == 'Service') ? has(self.port) : true";

interface RuleData {
  rule?: unknown;
  path?: unknown;
}

function nodeAt(doc: Document, root: unknown, path: readonly PathSegment[]): Node | undefined {
  let cur = deref(doc, root);
  for (const seg of path) {
    if (typeof seg === 'number') cur = isSeq(cur) ? deref(doc, cur.items[seg]) : undefined;
    else cur = get(doc, cur, seg);
    if (!cur) return undefined;
  }
  return cur;
}

/** The node a gateway-rule finding of `rule` is about (the map that carries the rule), if the finding is one. */
function ruleNode(f: FixableFinding, obj: ManifestObject, rule: string): YAMLMap | undefined {
  const d = f.data as RuleData | undefined;
  if (d?.rule !== rule || !Array.isArray(d.path)) return undefined;
  const node = nodeAt(obj.doc, obj.node, d.path as PathSegment[]);
  return isMap(node) ? node : undefined;
}

/** "Add the leading /": the CRD requires Exact and PathPrefix values to be absolute paths. */
export function routeRuleFixes(f: FixableFinding, _file: ParsedFile, obj: ManifestObject): Fix[] {
  const match = ruleNode(f, obj, PATH_RULE);
  // The written value itself (an alias would edit its anchor, used elsewhere too).
  const value = match ? getPair(match, 'value')?.value : undefined;
  if (!isScalar(value) || typeof value.value !== 'string' || !value.range) return [];
  const quoted = value.type === Scalar.QUOTE_DOUBLE || value.type === Scalar.QUOTE_SINGLE;
  if (!quoted && value.type !== Scalar.PLAIN) return []; // block scalars: rare for a path, left to the author
  const at = value.range[0] + (quoted ? 1 : 0);
  return [{ title: `Add the leading "/" to the path (/${value.value})`, edits: [{ span: { start: at, end: at }, newText: '/' }], isPreferred: true }];
}

/** The Services a backendRef names, in every namespace the route is placed in. */
function servicesOf(ref: YAMLMap, obj: ManifestObject, file: ParsedFile, model: Model, options: Options): { services: ServiceInfo[]; name: string } | undefined {
  const name = scalarString(get(obj.doc, ref, 'name'));
  if (!name) return undefined;
  const written = scalarString(get(obj.doc, ref, 'namespace'));
  const routeNs = model.fileNamespaces?.get(file.uri) ?? [obj.namespace ?? options.defaultNamespace];
  const ids = new Set((written ? [written] : routeNs).map((ns) => `${ns}/${name}`));
  return { services: model.services.filter((s) => ids.has(s.id)), name };
}

/** "Add the missing port" to a Service backendRef, from the workspace's Service (never a guess). */
export function routeRuleWorkspaceFixes(f: FixableFinding, file: ParsedFile, obj: ManifestObject, ctx: { model: Model; options: Options }): Fix[] {
  const ref = ruleNode(f, obj, PORT_RULE);
  if (!ref) return [];
  const found = servicesOf(ref, obj, file, ctx.model, ctx.options);
  if (!found) return [];
  const st = detectStyle(file.text, file.docs);
  const ports = new Map<number, string | undefined>();
  for (const s of found.services) for (const p of s.ports) if (!ports.has(p.port)) ports.set(p.port, p.name);
  const add = (value: number): ReturnType<typeof addPair> => addPair(file.text, ref, 'port', value, st);
  if (ports.size === 0) {
    // Unknown Service (or one without ports): an empty `port:` the author fills in; the finding stays until then.
    const edit = add(0);
    if (!edit) return [];
    // Block style: `port:` on its own line; flow style: `, port: }` (a null before the closing brace).
    const newText = edit.newText.replace(/port: 0(?=\r?\n|$)/, ref.flow ? 'port: ' : 'port:');
    const why = found.services.length ? 'the Service lists no ports' : 'the Service is not in the workspace';
    return [{ title: `Add a port for Service "${found.name}" to fill in (${why})`, edits: [{ ...edit, newText }] }];
  }
  const out: Fix[] = [];
  for (const [port, name] of [...ports].sort((a, b) => a[0] - b[0])) {
    const edit = add(port);
    if (edit) out.push({ title: `Add port: ${port}${name ? ` (${name})` : ''} of Service "${found.name}"`, edits: [edit], ...(ports.size === 1 ? { isPreferred: true } : {}) });
  }
  return out;
}
