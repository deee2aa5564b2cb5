// Builds the Gateway API / entry-point part of the workspace model from parsed files, with the namespaces the
// rest of the model uses (a kustomization's namespace, else metadata.namespace, else the default).
// Memoised per set of files so rules, hover, trace and inventory of one analysis share one build.
import { kustomizePlacements } from '../../model/kustomize/build.ts';
import { isKustomizationUri } from '../../model/kustomize/paths.ts';
import type { Options } from '../../options.ts';
import type { ManifestObject, ParsedFile } from '../../parse/parse.ts';
import { kindEntryOf } from '../registry.ts';
import type { GatewayModel } from './types.ts';

/** Objects the API server would reject never exist; the validation layer answers this when it is wired in. */
export type RejectedCheck = (obj: ManifestObject) => boolean;

const memo = new WeakMap<object, { defaultNs: string; model: GatewayModel }>();

/** The gateway model of a set of files (`key`: the files map or list the analysis owns, for memoisation). */
export function gatewayModel(files: Iterable<ParsedFile>, options: Pick<Options, 'defaultNamespace'>, key?: object, rejected?: RejectedCheck): GatewayModel {
  const hit = key ? memo.get(key) : undefined;
  if (hit && hit.defaultNs === options.defaultNamespace) return hit.model;
  const model = buildGatewayModel([...files], options.defaultNamespace, rejected);
  if (key) memo.set(key, { defaultNs: options.defaultNamespace, model });
  return model;
}

export function buildGatewayModel(files: readonly ParsedFile[], defaultNs: string, rejected?: RejectedCheck): GatewayModel {
  const sorted = [...files].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  const placements = kustomizePlacements(sorted);
  const out: GatewayModel = { classes: new Map(), gateways: [], routes: [], grants: [], secrets: new Map(), ingresses: [], entryServices: [] };
  for (const file of sorted) {
    if ((file.template && file.template.kind !== 'flux') || isKustomizationUri(file.uri)) continue;
    const placed = placements.get(file.uri);
    for (const obj of file.objects) {
      try {
        if (rejected?.(obj)) continue;
        const namespaces = placed ? [...new Set(placed.map((p) => p ?? obj.namespace ?? defaultNs))].sort() : [obj.namespace ?? defaultNs];
        readObject(out, obj, namespaces);
      } catch {
        // A malformed object we did not anticipate: skipped, never fatal.
      }
    }
  }
  return out;
}

function readObject(out: GatewayModel, obj: ManifestObject, namespaces: string[]): void {
  // The kind registry says who reads the object into the routing model (Gateway API kinds, Ingress, entry
  // Services, TLS Secrets).
  kindEntryOf(obj)?.readRouting?.(out, obj, namespaces);
}
