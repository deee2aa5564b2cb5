// "Add default-deny CiliumNetworkPolicy for namespace X": in a namespace governed by CNPs, a CNP selecting every
// pod with, per missing direction, one rule whose only peer is the `none` entity (isolates, allows nothing; the
// explicit form of Cilium's documented `- {}` idiom, which cilium-empty-rule warns about), as a new document or file.
import type { Direction, Model } from '../model/types.ts';
import type { Options } from '../options.ts';
import type { ManifestObject, ParsedFile } from '../parse/parse.ts';
import type { PolicyIR } from '../policy/types.ts';
import type { Fix } from '../types.ts';
import { appendDocument, missingDefaultDeny, siblingUri } from './default-deny.ts';
import { detectStyle, mapLines, type YMap, type YamlStyle } from './yaml-text.ts';

const TYPE: Record<Direction, string> = { ingress: 'Ingress', egress: 'Egress' };

/** `default-deny` or `default-deny-N`, free among the CNPs of the namespaces. */
function freeCnpName(model: Model, namespaces: string[]): string {
  const taken = new Set(model.policyIR.filter((p) => p.kind === 'CiliumNetworkPolicy' && namespaces.includes(p.namespace ?? '')).map((p) => p.name));
  if (!taken.has('default-deny')) return 'default-deny';
  for (let i = 2; ; i++) if (!taken.has(`default-deny-${i}`)) return `default-deny-${i}`;
}

/** The CNP's text (block style, no trailing line break). */
export function ciliumDefaultDenyText(name: string, namespace: string | undefined, dirs: Direction[], st: YamlStyle): string {
  const metadata: YMap = { name };
  if (namespace !== undefined) metadata.namespace = namespace;
  const spec: YMap = { endpointSelector: {} };
  if (dirs.includes('ingress')) spec.ingress = [{ fromEntities: ['none'] }];
  if (dirs.includes('egress')) spec.egress = [{ toEntities: ['none'] }];
  return mapLines({ apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata, spec }, 0, st).join(st.eol);
}

function title(namespaces: string[], dirs: Direction[]): string {
  const which = dirs.length === 2 ? 'default-deny' : `default-deny ${TYPE[dirs[0] as Direction]}`;
  return `Add ${which} CiliumNetworkPolicy for namespace ${namespaces.join(', ')}`;
}

/**
 * The actions for the CNP object `obj` (its lowered rules `irs`, placed in their namespaces): one per namespace
 * not default-deny yet, or one for all when the new document inherits the object's placement. CCNPs get none:
 * a cluster-wide default-deny also isolates kube-system and the DNS pods, a choice NetLens leaves to the user.
 */
export function ciliumDefaultDenyActions(file: ParsedFile, obj: ManifestObject, irs: PolicyIR[], model: Model, options: Options, exists: (uri: string) => boolean): Fix[] {
  if (obj.kind !== 'CiliumNetworkPolicy') return [];
  const st = detectStyle(file.text, [obj.doc, ...file.docs]);
  const namespaces = [...new Set(irs.map((p) => p.namespace).filter((n): n is string => n !== undefined))].sort();
  const out: Fix[] = [];
  if (options.defaultDenyTarget === 'newDocument' && obj.namespace === undefined) {
    // No metadata.namespace: the new document lands where this one does (kustomization or default namespace).
    const dirs = (['ingress', 'egress'] as const).filter((d) => namespaces.some((ns) => missingDefaultDeny(model, ns).includes(d)));
    if (dirs.length > 0) out.push(appendDocument(file, ciliumDefaultDenyText(freeCnpName(model, namespaces), undefined, dirs, st), st, title(namespaces, dirs)));
    return out;
  }
  for (const ns of namespaces) {
    const dirs = missingDefaultDeny(model, ns);
    if (dirs.length === 0) continue;
    const text = ciliumDefaultDenyText(freeCnpName(model, [ns]), ns, dirs, st);
    if (options.defaultDenyTarget === 'newFile') {
      const uri = siblingUri(file.uri, `cilium-${ns}`, exists);
      out.push({ title: `${title([ns], dirs)} (new file ${uri.slice(uri.lastIndexOf('/') + 1)})`, uri, createFile: true, edits: [{ span: { start: 0, end: 0 }, newText: text + st.eol }] });
    } else out.push(appendDocument(file, text, st, title([ns], dirs)));
  }
  return out;
}
