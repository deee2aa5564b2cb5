// Builds the Gateway API / entry-point part of the workspace model from parsed files, placed as the rest of the
// model is (a kustomize build's namespace, name prefix/suffix and patches, else metadata.namespace, else the default).
// Memoised per set of files so rules, hover, trace and inventory of one analysis share one build.
import { isKustomizationUri } from '../../model/kustomize/paths.ts';
import type { Options } from '../../options.ts';
import type { ManifestObject, ParsedFile } from '../../parse/parse.ts';
import { servedNoMore } from '../../removed-apis.ts';
import { schemaForObject } from '../../schema/registry.ts';
import { celProgramsSteps } from '../../validate/cel.ts';
import { finish } from '../../steps.ts';
import { slot } from '../../slots.ts';
import { kindEntryOf } from '../registry.ts';
import { placedObjectsSteps, renameIngressBackends } from './kustomize.ts';
import type { GatewayModel } from './types.ts';

/** Objects the API server would reject never exist; the validation layer answers this when it is wired in. */
export type RejectedCheck = (obj: ManifestObject) => boolean;

type GatewayOptions = Pick<Options, 'defaultNamespace' | 'kubernetesVersion'>;
const memo = new WeakMap<object, { defaultNs: string; k8s: string; model: GatewayModel }>();

/** The gateway model of a set of files (`key`: the files map or list the analysis owns, for memoisation). */
export function gatewayModel(files: Iterable<ParsedFile>, options: GatewayOptions, key?: object, rejected?: RejectedCheck): GatewayModel {
  return finish(gatewayModelSteps(files, options, key, rejected));
}

/** gatewayModel, stopping between files (an adapter lets the event loop turn: thousands of files took 0.3 s). */
export function* gatewayModelSteps(files: Iterable<ParsedFile>, options: GatewayOptions, key?: object, rejected?: RejectedCheck): Generator<void, GatewayModel, void> {
  const hit = key ? memo.get(key) : undefined;
  if (hit && hit.defaultNs === options.defaultNamespace && hit.k8s === options.kubernetesVersion) return hit.model;
  const model = yield* buildGatewayModelSteps([...files], options.defaultNamespace, rejected, options);
  if (key) memo.set(key, { defaultNs: options.defaultNamespace, k8s: options.kubernetesVersion, model });
  return model;
}

/**
 * `served`: the configured Kubernetes release; an object in an API version it no longer serves (an Ingress beta
 * from 1.22, removed-api-version) is refused by the API server, so it is no way in. Without it, nothing is left out.
 */
export function buildGatewayModel(files: readonly ParsedFile[], defaultNs: string, rejected?: RejectedCheck, served?: Pick<Options, 'kubernetesVersion'>): GatewayModel {
  return finish(buildGatewayModelSteps(files, defaultNs, rejected, served));
}

/** Files read between two stops of buildGatewayModelSteps (one: validating a file's routes took up to 15 ms). */
const FILES_PER_STEP = 1;
/** Objects passed over or read between two stops within one file (a 4.7 MB file's 15,000 objects: 70 ms in one go). */
const OBJECTS_PER_STEP = 256;

function* buildGatewayModelSteps(files: readonly ParsedFile[], defaultNs: string, rejected?: RejectedCheck, served?: Pick<Options, 'kubernetesVersion'>): Generator<void, GatewayModel, void> {
  const sorted = [...files].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  const placedIn = yield* placedObjectsSteps(sorted, defaultNs);
  const out = emptyModel();
  let objects = 0;
  for (const [i, file] of sorted.entries()) {
    if (i > 0 && i % FILES_PER_STEP === 0) yield;
    if ((file.template && file.template.kind !== 'flux') || isKustomizationUri(file.uri)) continue;
    for (const p of placedIn(file)) {
      if (++objects % OBJECTS_PER_STEP === 0) yield;
      try {
        // Only kinds with a routing reader add anything (both branches below read through readRouting): the others
        // are passed over before their validation, which was most of this build's time.
        if (!kindEntryOf(p.obj)?.readRouting) continue;
        // Its CRD's CEL rules compiled one per step before the first such object is validated (about 100 ms at once).
        const schema = rejected ? schemaForObject(p.source) : undefined;
        if (schema) yield* celProgramsSteps(schema);
        if (rejected?.(p.source) || (served && servedNoMore(p.source, served))) continue;
        // In the namespace and with the name and patches its build gives it. Ingress backends renamed by the
        // build are rewritten in place, so such an object is read fresh rather than from the memo.
        if (p.renamed && p.renamed.size > 0) {
          const before = out.ingresses.length;
          kindEntryOf(p.obj)?.readRouting?.(out, p.obj, [p.namespace]);
          for (const ing of out.ingresses.slice(before)) renameIngressBackends(ing, p.renamed);
        } else readObject(out, p.obj, [p.namespace]);
      } catch {
        // A malformed object we did not anticipate: skipped, never fatal.
      }
    }
  }
  return out;
}

const emptyModel = (): GatewayModel => ({ classes: new Map(), gateways: [], routes: [], grants: [], secrets: new Map(), ingresses: [], entryServices: [] });

/** What one object contributes under a list of namespaces: read once per parsed object, not per analysis (a slot on it). */
const READ = slot<ManifestObject, { key: string; part: GatewayModel }>();

/**
 * What `obj` contributes to the routing model placed in `namespaces` (undefined: a kind the routing model does not
 * read). Plain data (maps, arrays, objects): another thread may compute it for seedRoutingPart.
 */
export function routingPart(obj: ManifestObject, namespaces: string[]): GatewayModel | undefined {
  // The kind registry says who reads the object into the routing model (Gateway API kinds, Ingress, entry
  // Services, TLS Secrets).
  const entry = kindEntryOf(obj);
  if (!entry?.readRouting) return undefined;
  const key = namespaces.join('\u0000');
  let hit = READ.get(obj);
  if (!hit || hit.key !== key) {
    const part = emptyModel();
    entry.readRouting(part, obj, namespaces);
    hit = { key, part };
    READ.set(obj, hit);
  }
  return hit.part;
}

/** Records routingPart(obj, namespaces) computed from another parse of the same text. */
export function seedRoutingPart(obj: ManifestObject, namespaces: string[], part: GatewayModel): void {
  READ.set(obj, { key: namespaces.join('\u0000'), part });
}

function readObject(out: GatewayModel, obj: ManifestObject, namespaces: string[]): void {
  const part = routingPart(obj, namespaces);
  if (!part) return;
  // Merged as the readers would have added to `out`: the first GatewayClass of a name wins, a real Secret wins
  // over one a Certificate promises, lists keep their order.
  for (const [name, cls] of part.classes) if (!out.classes.has(name)) out.classes.set(name, cls);
  for (const [id, sec] of part.secrets) if (!out.secrets.has(id) || (!sec.producedBy && out.secrets.get(id)?.producedBy)) out.secrets.set(id, sec);
  out.gateways.push(...part.gateways);
  out.routes.push(...part.routes);
  out.grants.push(...part.grants);
  out.ingresses.push(...part.ingresses);
  out.entryServices.push(...part.entryServices);
}
