// "Add default-deny policy for namespace X": a policy selecting every pod with no rules, for the directions the
// namespace does not deny by default yet, as a new document in the current file or a new file next to it.
import type { Direction, Model, Policy } from '../model/types.ts';
import { namespaceDeniesByDefault } from '../conventions/view.ts';
import type { Options } from '../options.ts';
import type { ManifestObject, ParsedFile } from '../parse/parse.ts';
import type { Fix } from '../types.ts';
import { detectStyle, mapLines, type YMap, type YamlStyle } from './yaml-text.ts';

const TYPE: Record<Direction, string> = { ingress: 'Ingress', egress: 'Egress' };

/**
 * Directions in which not every pod of `ns` is default-deny: no valid policy of any kind (NetworkPolicy, CNP,
 * CCNP; isolation combines) selects the whole namespace, isolates the direction and allows nothing in it. The same
 * test as the requireDefaultDeny convention, so a fix applied here satisfies it.
 */
export function missingDefaultDeny(model: Model, ns: string): Direction[] {
  return (['ingress', 'egress'] as const).filter((d) => !namespaceDeniesByDefault(model, ns, d));
}

export function freeName(model: Model, namespaces: string[], base: string): string {
  const taken = new Set(model.policies.filter((p) => namespaces.includes(p.namespace)).map((p) => p.name));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

/** The policy's text (block style, no trailing line break). */
export function defaultDenyText(name: string, namespace: string | undefined, dirs: Direction[], st: YamlStyle): string {
  const metadata: YMap = { name };
  if (namespace !== undefined) metadata.namespace = namespace;
  const doc: YMap = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata, spec: { podSelector: {}, policyTypes: dirs.map((d) => TYPE[d]) } };
  return mapLines(doc, 0, st).join(st.eol);
}

function title(namespaces: string[], dirs: Direction[]): string {
  const which = dirs.length === 2 ? 'default-deny policy' : `default-deny ${TYPE[dirs[0] as Direction]} policy`;
  return `Add ${which} for namespace ${namespaces.join(', ')}`;
}

/** A sibling uri `dir/default-deny-<ns>.yaml` that does not exist yet. */
export function siblingUri(uri: string, ns: string, exists: (uri: string) => boolean): string {
  const dir = uri.slice(0, uri.lastIndexOf('/') + 1);
  for (let i = 1; ; i++) {
    const candidate = `${dir}default-deny-${ns}${i === 1 ? '' : `-${i}`}.yaml`;
    if (!exists(candidate)) return candidate;
  }
}

/**
 * The actions for the policy object `obj` (placed in the namespaces of `policies`): one per namespace
 * missing a default-deny, or one for all when the new document inherits the object's placement.
 */
export function defaultDenyActions(file: ParsedFile, obj: ManifestObject, policies: Policy[], model: Model, options: Options, exists: (uri: string) => boolean): Fix[] {
  const st = detectStyle(file.text, [obj.doc, ...file.docs]);
  const namespaces = [...new Set(policies.map((p) => p.namespace))].sort();
  const out: Fix[] = [];
  if (options.defaultDenyTarget === 'newDocument' && obj.namespace === undefined) {
    // No metadata.namespace: the new document lands where this one does (kustomization or default namespace).
    const dirs = (['ingress', 'egress'] as const).filter((d) => namespaces.some((ns) => missingDefaultDeny(model, ns).includes(d)));
    if (dirs.length > 0) out.push(appendDocument(file, defaultDenyText(freeName(model, namespaces, 'default-deny'), undefined, dirs, st), st, title(namespaces, dirs)));
    return out;
  }
  for (const ns of namespaces) {
    const dirs = missingDefaultDeny(model, ns);
    if (dirs.length === 0) continue;
    const text = defaultDenyText(freeName(model, [ns], 'default-deny'), ns, dirs, st);
    if (options.defaultDenyTarget === 'newFile') {
      const uri = siblingUri(file.uri, ns, exists);
      out.push({ title: `${title([ns], dirs)} (new file ${uri.slice(uri.lastIndexOf('/') + 1)})`, uri, createFile: true, edits: [{ span: { start: 0, end: 0 }, newText: text + st.eol }] });
    } else out.push(appendDocument(file, text, st, title([ns], dirs)));
  }
  return out;
}

export function appendDocument(file: ParsedFile, text: string, st: YamlStyle, t: string): Fix {
  const src = file.text;
  const end = src.length;
  const needsBreak = end > 0 && !src.endsWith('\n');
  // A file already ending with `---` has an empty document waiting: fill it rather than add another.
  const endsWithMarker = /(^|\n)---[ \t]*\r?\n?$/.test(src);
  const prefix = (needsBreak ? st.eol : '') + (end === 0 || endsWithMarker ? '' : `---${st.eol}`);
  return { title: t, edits: [{ span: { start: end, end }, newText: prefix + text + st.eol }] };
}
