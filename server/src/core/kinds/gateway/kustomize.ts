// What kustomize builds make of the routing kinds' objects, as `kustomize build` does it: the namespace, the
// namePrefix/nameSuffix on metadata.name, strategic-merge patches (Gateway API kinds have no schema in kustomize,
// so maps merge, lists and scalars are replaced — merge2 infers no list keys for patches —, null and `$patch: delete`
// delete, `$patch: replace` replaces a map), and the builtin name references — Ingress backends
// follow a renamed Service; nothing in a Gateway API object follows (kustomize has no field specs for parentRefs,
// backendRefs, certificateRefs or gatewayClassName, so their names stay as written).
import { isMap, isScalar, isSeq, Pair, YAMLMap, type Document, type Node } from 'yaml';
import { kustomizeBuildSteps, type Instance } from '../../model/kustomize/build.ts';
import { deref } from '../../parse/access.ts';
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

/** A node copy without source ranges: patched values have no place in the base file to point at. */
function detached(doc: Document, node: unknown): Node | undefined {
  const n = deref(doc, node);
  if (!n) return undefined;
  const copy = n.clone() as Node;
  const strip = (x: unknown): void => {
    if (!x || typeof x !== 'object') return;
    delete (x as { range?: unknown }).range;
    for (const item of (x as { items?: unknown[] }).items ?? []) {
      if (item instanceof Pair) {
        strip(item.key);
        strip(item.value);
      } else strip(item);
    }
  };
  strip(copy);
  return copy;
}

const keyOf = (p: Pair): string | undefined => (isScalar(p.key) ? String(p.key.value) : undefined);

/** A strategic-merge `$patch: delete` (kustomize's merge2 clears the node: a field, or the whole object). */
const DELETE = Symbol('delete');
type Merged = Node | undefined | typeof DELETE;

/** A map's own `$patch` value, or a sequence's (an element that is nothing but `$patch: ...`). */
function directiveOf(doc: Document, node: Node | undefined): string | undefined {
  const value = (m: unknown): string | undefined => {
    if (!isMap(m)) return undefined;
    const pair = m.items.find((x) => keyOf(x as Pair) === '$patch') as Pair | undefined;
    const v = pair ? deref(doc, pair.value) : undefined;
    return isScalar(v) ? String(v.value) : undefined;
  };
  if (isMap(node)) return value(node);
  if (isSeq(node)) {
    for (const item of node.items) {
      const m = deref(doc, item);
      if (isMap(m) && m.items.length === 1) {
        const v = value(m);
        if (v !== undefined) return v;
      }
    }
  }
  return undefined;
}

/** The patch node without its directive (merge2 elides it before using the node). */
function withoutDirective(doc: Document, node: Node): Node | undefined {
  const copy = detached(doc, node);
  if (isMap(copy)) copy.items = copy.items.filter((x) => keyOf(x as Pair) !== '$patch');
  if (isSeq(copy)) copy.items = copy.items.filter((x) => !(isMap(x) && x.items.length === 1 && keyOf(x.items[0] as Pair) === '$patch'));
  return copy;
}

/**
 * Merges `patch` into `base` the way kustomize's merge2 does for a kind without schema: maps merge, lists and
 * scalars are replaced, null deletes a field, `$patch: delete` deletes (a field, or the object), `$patch: replace`
 * replaces a map instead of merging it.
 */
function merge(baseDoc: Document, base: unknown, patchDoc: Document, patch: unknown): Merged {
  const b = deref(baseDoc, base);
  const p = deref(patchDoc, patch);
  const directive = directiveOf(patchDoc, p);
  if (directive === 'delete') return DELETE;
  // An equal scalar (the patch repeating metadata.name) keeps the base's node and its place in the file.
  if (isScalar(p) && isScalar(b) && p.value === b.value) return b;
  if (directive !== undefined && p && (directive === 'replace' || !isMap(p) || !isMap(b))) return withoutDirective(patchDoc, p);
  if (!isMap(p) || !isMap(b)) return detached(patchDoc, p);
  const out = new YAMLMap();
  out.range = b.range;
  const items = new Map<string, Pair>();
  for (const pair of b.items) {
    const k = keyOf(pair as Pair);
    if (k !== undefined) items.set(k, pair as Pair);
  }
  for (const pair of p.items) {
    const k = keyOf(pair as Pair);
    if (k === undefined || k.startsWith('$')) continue; // patch directives ($patch, ...) are not values
    const value = deref(patchDoc, (pair as Pair).value);
    if (!value || (isScalar(value) && value.value === null)) {
      items.delete(k);
      continue;
    }
    const merged = merge(baseDoc, items.get(k)?.value, patchDoc, value);
    if (merged === DELETE) {
      items.delete(k);
      continue;
    }
    const keep = items.get(k);
    items.set(k, new Pair(keep?.key ?? detached(patchDoc, (pair as Pair).key), merged));
  }
  out.items = [...items.values()];
  return out;
}

/** The object as its build's patches leave it; undefined when a patch deletes it (`$patch: delete`). */
function patched(inst: Instance): ManifestObject | undefined {
  let node: YAMLMap = inst.obj.node;
  for (const p of inst.patches) {
    const m = merge(inst.obj.doc, node, p.obj.doc, p.obj.node);
    if (m === DELETE) return undefined;
    if (isMap(m)) node = m;
  }
  return node === inst.obj.node && inst.name === inst.obj.name ? inst.obj : { ...inst.obj, node, name: inst.name };
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
        const built = patched(inst);
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
