// What kustomize builds make of the routing kinds' objects, as `kustomize build` does it: the namespace, the
// namePrefix/nameSuffix on metadata.name, strategic-merge patches (Gateway API kinds have no schema in kustomize,
// so maps merge, lists and scalars are replaced — merge2 infers no list keys for patches —, null and `$patch: delete`
// delete, `$patch: replace` replaces a map; a core Service's ports merge by port and protocol), and the builtin
// name references — Ingress backends follow a renamed Service; nothing in a Gateway API object follows (kustomize has no field specs for parentRefs,
// backendRefs, certificateRefs or gatewayClassName, so their names stay as written).
import { kustomizeBuildSteps, type Instance } from '../../model/kustomize/build.ts';
import { patchedNodes } from '../../model/kustomize/nodes.ts';
import { serviceListKeys } from '../../model/kustomize/smp.ts';
import type { ManifestObject, ParsedFile } from '../../parse/parse.ts';
import type { IngressInfo } from './types.ts';

/** One object as one kustomize build places it: the name, namespace and (patched) node the readers see. */
export interface PlacedObject {
  obj: ManifestObject;
  /** The object as written (what validation judged). */
  source: ManifestObject;
  namespace: string;
  /** Renamed Services of the same build (original namespace/name -> new name), for Ingress backends. */
  renamed?: Map<string, string>;
}

const rootOf = (inst: Instance): string => inst.steps[inst.steps.length - 1]?.uri ?? '';

/**
 * Every object of `files` as the routing readers should see it: once per kustomize build that places it (one
 * per namespace and name), else as written. Files a build reads only as patches give no object.
 *
 * Per file, on demand: the build is looked up in steps (model/kustomize/build.ts), and a file's objects are
 * placed when the caller reaches it (placing 40,000 objects at once held the server for tens of ms).
 */
export function* placedObjectsSteps(files: readonly ParsedFile[], defaultNs: string): Generator<void, (file: ParsedFile) => PlacedObject[], void> {
  // The same build as the model's (memoised per file list): `files` is sorted by uri as the model sorts them.
  const kz = yield* kustomizeBuildSteps(files);
  const byObject = new Map<ManifestObject, Instance[]>();
  const renamedByRoot = new Map<string, Map<string, string>>();
  for (const inst of kz.instances) {
    (byObject.get(inst.obj) ?? byObject.set(inst.obj, []).get(inst.obj))?.push(inst);
    if (inst.obj.kind === 'Service' && inst.obj.name && inst.name !== inst.obj.name) {
      const root = rootOf(inst);
      const m = renamedByRoot.get(root) ?? renamedByRoot.set(root, new Map()).get(root);
      m?.set(`${inst.namespace ?? inst.obj.namespace ?? defaultNs}/${inst.obj.name}`, inst.name);
    }
  }
  return (file) => {
    const list: PlacedObject[] = [];
    for (const obj of file.objects) {
      const insts = byObject.get(obj);
      if (!insts) {
        // Read by a build only as a patch (or a kustomization): never an object of its own.
        if (!kz.covered.has(file.uri)) list.push({ obj, source: obj, namespace: obj.namespace ?? defaultNs });
        continue;
      }
      const seen = new Set<string>();
      for (const inst of insts) {
        const namespace = inst.namespace ?? obj.namespace ?? defaultNs;
        if (seen.has(`${namespace}/${inst.name}`)) continue; // two roots building the same object
        seen.add(`${namespace}/${inst.name}`);
        const renamed = renamedByRoot.get(rootOf(inst));
        // kustomize knows a core Service's schema: its ports merge by port and protocol, as in the model's read.
        const built = patchedNodes(inst, obj.kind === 'Service' && obj.apiVersion === 'v1' ? serviceListKeys : undefined);
        if (built) list.push({ obj: built, source: obj, namespace, ...(renamed ? { renamed } : {}) });
      }
    }
    return list;
  };
}

/** kustomize's builtin name reference: an Ingress backend names the Service as the same build renamed it. */
export function renameIngressBackends(ing: IngressInfo, renamed: Map<string, string> | undefined): void {
  if (!renamed || ing.kind !== 'Ingress') return;
  for (const p of ing.paths) {
    const to = p.serviceName ? renamed.get(`${ing.namespace}/${p.serviceName}`) : undefined;
    if (to) p.serviceName = to;
  }
}
