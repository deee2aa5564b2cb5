// What a hover knows about the cursor: the located node, the NetworkPolicy object around it and its model entry.
import { isKubernetesNetworkPolicyKind } from '../kinds.ts';
import { inFile } from '../model/byFile.ts';
import { opaqueNamespaces } from '../model/deployers.ts';
import type { Model, Policy } from '../model/types.ts';
import { readPolicy } from '../kinds/networkpolicy/read.ts';
import { DEFAULT_OPTIONS, type Options } from '../options.ts';
import { get, scalarString } from '../parse/access.ts';
import type { YamlLocation } from '../parse/locate.ts';
import type { ManifestObject, ParsedFile } from '../parse/parse.ts';
import type { LinkFor } from './format.ts';

export interface HoverOptions {
  /** Namespace of objects that name none and no kustomization places (netlens.defaultNamespace). */
  defaultNamespace?: string;
  /** Link target for a place in a file (workload references become links when given). */
  linkFor?: LinkFor;
  /** The analysis' files and options: routes are explained through the whole workspace's routing. */
  workspace?: { files: ReadonlyMap<string, ParsedFile>; options: Options };
  /** Link target for a file of the extension, e.g. a rule page `docs/rules/<code>.md` (hover on exception codes). */
  docLink?: (path: string) => string | undefined;
}

export interface HoverContext {
  file: ParsedFile;
  loc: YamlLocation;
  model: Model;
  /** The manifest object (undefined when its document has syntax errors). */
  obj: ManifestObject | undefined;
  /** The policy as the model has it (first placement when kustomize places the file in several namespaces). */
  policy: Policy | undefined;
  /** Namespaces the policy is placed in, when more than one. */
  placements: string[];
  linkFor: LinkFor | undefined;
  /** The objects that run pods the workspace does not declare in a namespace (undeclaredPodsIn). */
  undeclaredPodsIn?: UndeclaredPodsIn;
}

export type UndeclaredPodsIn = (ns: string) => readonly string[] | undefined;

/**
 * model/deployers.ts opaqueNamespaces for the hover's workspace, asked only by a hover that needs it (a selector
 * that matches no declared workload); undefined without the workspace's files.
 */
export function undeclaredPodsIn(model: Model, options: HoverOptions): UndeclaredPodsIn | undefined {
  const ws = options.workspace;
  return ws ? (ns) => opaqueNamespaces(model, ws.files, ws.options).get(ns) : undefined;
}

/** Whether the located object is a Kubernetes NetworkPolicy (also a misspelt apiVersion: docs still help). */
export function isPolicyObject(loc: YamlLocation): boolean {
  if (!loc.object) return false;
  const kind = scalarString(get(loc.doc, loc.object, 'kind'));
  const apiVersion = scalarString(get(loc.doc, loc.object, 'apiVersion'));
  return isKubernetesNetworkPolicyKind({ kind, apiVersion });
}

export function hoverContext(file: ParsedFile, loc: YamlLocation, model: Model, options: HoverOptions): HoverContext {
  const obj = file.objects.find((o) => o.node === loc.object);
  const listIndex = obj?.listIndex;
  const placed = obj
    ? inFile(model.policies, file.uri).filter((p) => p.origin.kind === 'file' && p.origin.docIndex === obj.docIndex && p.origin.listIndex === listIndex)
    : [];
  let policy = placed[0];
  if (!policy && obj) {
    // Not in the model (e.g. a model built before this edit): read it here, in its written or default namespace.
    const draft = readPolicy(obj, file.text, DEFAULT_OPTIONS);
    if (draft) {
      const ns = obj.namespace || model.fileNamespaces?.get(file.uri)?.[0] || options.defaultNamespace || 'default';
      policy = { ...draft, id: `${ns}/${draft.name}`, namespace: ns };
    }
  }
  const undeclared = undeclaredPodsIn(model, options);
  return { file, loc, model, obj, policy, placements: placed.map((p) => p.namespace), linkFor: options.linkFor, ...(undeclared ? { undeclaredPodsIn: undeclared } : {}) };
}
