// Objects that run pods the workspace does not declare (a Helm chart installed by Flux or k3s, an Argo CD
// Application, the Prometheus Operator's servers, a kustomize build's remote parts), and the namespaces those pods run in.
import { isTemplated } from '../parse/template.ts';
import { get, scalarString, scalarValue } from '../parse/access.ts';
import type { ManifestObject, ParsedFile } from '../parse/parse.ts';
import type { Options } from '../options.ts';
import { buildOfCovered, kustomizeBuild, type Instance, type KustomizeResult } from './kustomize/build.ts';
import type { Model } from './types.ts';

/**
 * Kinds whose pods exist only in the cluster, by API group prefix. A Flux HelmRelease and a k3s HelmChart install a
 * chart; an Argo CD Application applies what its source renders into its destination namespace; the Prometheus
 * Operator makes a StatefulSet (or, for PrometheusAgent, a Deployment) for each of its servers, with labels of its own.
 */
export const DEPLOYERS: Readonly<Record<string, string>> = {
  HelmRelease: 'helm.toolkit.fluxcd.io/',
  HelmChart: 'helm.cattle.io/',
  Application: 'argoproj.io/',
  Prometheus: 'monitoring.coreos.com/',
  PrometheusAgent: 'monitoring.coreos.com/',
  Alertmanager: 'monitoring.coreos.com/',
  ThanosRuler: 'monitoring.coreos.com/',
};

/** How the analysis summary and hover name such an object: `HelmRelease media/plex`, `Argo Application argocd/shop`. */
export function deployerLabel(obj: Pick<ManifestObject, 'kind' | 'apiVersion' | 'name' | 'namespace'>): string {
  return `${obj.apiVersion?.startsWith('argoproj.io/') ? 'Argo ' : ''}${obj.kind ?? '?'} ${obj.namespace ? `${obj.namespace}/` : ''}${obj.name ?? '?'}`;
}

/** Whether the object runs pods the workspace does not declare. */
export function isDeployer(obj: Pick<ManifestObject, 'kind' | 'apiVersion'>): boolean {
  const group = obj.kind !== undefined && Object.hasOwn(DEPLOYERS, obj.kind) ? DEPLOYERS[obj.kind] : undefined;
  return group !== undefined && obj.apiVersion?.startsWith(group) === true;
}

/**
 * The namespace a deployer's spec names for its pods: a HelmRelease's or HelmChart's `spec.targetNamespace`, an Argo
 * CD Application's `spec.destination.namespace`; null when it names none (a HelmRelease's pods then run in its own
 * namespace, a HelmChart's in `default`, an Application's in namespaces its manifests name); '' when it names one
 * NetLens cannot know (a Flux substitution, `${NS}`, or not a string).
 */
type Target = string | null;

const TARGETS = new WeakMap<ManifestObject, Target>();

export function deployTarget(obj: ManifestObject): Target {
  const known = TARGETS.get(obj);
  if (known !== undefined) return known;
  const spec = get(obj.doc, obj.node, 'spec');
  const node = obj.kind === 'HelmRelease' || obj.kind === 'HelmChart' ? get(obj.doc, spec, 'targetNamespace') : obj.kind === 'Application' ? get(obj.doc, get(obj.doc, spec, 'destination'), 'namespace') : undefined;
  const named = scalarString(node);
  // Absent, null or an empty string: none named (the API server's default for an empty string is the same).
  const target = node === undefined || scalarValue(node) === null || named === '' ? null : named !== undefined && !isTemplated(named) ? named : '';
  TARGETS.set(obj, target);
  return target;
}

/** Takes a target read from the same object's text elsewhere (core/offload.ts ObjectFacts): its tree is not read. */
export function seedDeployTarget(obj: ManifestObject, target: Target): void {
  TARGETS.set(obj, target);
}

/**
 * The namespaces a deployer's pods run in: the one its spec names, else the namespaces the object itself is placed
 * in (`placed`: a kustomization's, else its own or the default), but for an Application (whose manifests place their
 * own objects) and a k3s HelmChart (its helm-controller installs into `default`).
 */
export function deployerNamespaces(obj: ManifestObject, placed: readonly string[]): readonly string[] {
  const target = deployTarget(obj);
  if (target === '') return [];
  if (target !== null) return [target];
  return obj.kind === 'Application' ? [] : obj.kind === 'HelmChart' ? ['default'] : placed;
}

/** Namespace -> the objects that run pods there the workspace does not declare, e.g. `HelmRelease media/plex`. */
export type OpaqueNamespaces = ReadonlyMap<string, readonly string[]>;

const OPAQUE = new WeakMap<ReadonlyMap<string, ParsedFile>, { model: Model; options: Options; namespaces: OpaqueNamespaces }>();

/**
 * Namespaces where an object of the workspace runs pods it does not declare, with those objects. A selector that
 * matches none of the declared workloads there may match those pods: the rules that say a selector matches nothing
 * say nothing about such a namespace, and hover says why. Once per analysis (its files map).
 */
export function opaqueNamespaces(model: Model, files: ReadonlyMap<string, ParsedFile>, options: Options): OpaqueNamespaces {
  const known = OPAQUE.get(files);
  if (known && known.model === model && known.options === options) return known.namespaces;
  const namespaces = new Map<string, string[]>();
  // Where a kustomize build places objects NetLens does not see (a remote base, a Helm chart) under a namespace.
  for (const [ns, by] of model.kustomizeOpaque ?? []) namespaces.set(ns, [...by]);
  let built: Map<ManifestObject, Instance[]> | undefined;
  for (const file of files.values()) {
    for (const obj of file.objects) {
      if (!isDeployer(obj)) continue;
      const own = obj.namespace ?? options.defaultNamespace;
      // A file a kustomize build reads is deployed as the build's copies, each in the namespace the build gives
      // it (none: a patch, or a manifest no build lists); the build is the model's.
      const placed = model.kustomizeCovered?.has(file.uri) ? (built ??= buildsByObject(model, files)).get(obj)?.map((i) => i.namespace ?? own) ?? [] : [own];
      const what = deployerLabel(obj);
      for (const ns of deployerNamespaces(obj, placed)) {
        const list = namespaces.get(ns) ?? [];
        if (!list.includes(what)) list.push(what);
        namespaces.set(ns, list);
      }
    }
  }
  OPAQUE.set(files, { model, options, namespaces });
  return namespaces;
}

const BY_OBJECT = new WeakMap<KustomizeResult, Map<ManifestObject, Instance[]>>();

/**
 * The kustomize builds' instances by source object: of the build the model was made with (a spliced model's is the
 * one before the edit; building the current list again took 30-40 ms per keystroke at 300 app folders), else of
 * the files sorted as the model sorts them.
 */
function buildsByObject(model: Model, files: ReadonlyMap<string, ParsedFile>): Map<ManifestObject, Instance[]> {
  const kz = (model.kustomizeCovered && buildOfCovered(model.kustomizeCovered)) ?? kustomizeBuild([...files.values()].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0)));
  let out = BY_OBJECT.get(kz);
  if (!out) {
    out = new Map();
    for (const inst of kz.instances) out.set(inst.obj, [...(out.get(inst.obj) ?? []), inst]);
    BY_OBJECT.set(kz, out);
  }
  return out;
}
