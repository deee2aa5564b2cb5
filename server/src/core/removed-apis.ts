// API versions Kubernetes stopped serving, per release (the Kubernetes deprecated API migration guide), for the
// kinds NetLens reads: gated by netlens.kubernetesVersion in the rules and in the model alike.
import type { ManifestObject } from './parse/parse.ts';
import { versionNumber, type Options } from './options.ts';

export interface RemovedApi {
  kind: string;
  apiVersion: string;
  /** The first Kubernetes release that no longer serves it (`1.16`). */
  removedIn: string;
  /** The served version to move to. */
  use: string;
  /** Moving is a change of the apiVersion line alone (same fields), so a quick fix may do it. */
  sameFields: boolean;
}

const apps = (kind: string, versions: string[]): RemovedApi[] => versions.map((apiVersion) => ({ kind, apiVersion, removedIn: '1.16', use: 'apps/v1', sameFields: true }));

/** What the migration guide lists as no longer served, for the kinds the model reads or names. */
export const REMOVED_APIS: readonly RemovedApi[] = [
  // v1.16: NetworkPolicy and the workload controllers left extensions/v1beta1 and the apps betas.
  { kind: 'NetworkPolicy', apiVersion: 'extensions/v1beta1', removedIn: '1.16', use: 'networking.k8s.io/v1', sameFields: true },
  ...apps('Deployment', ['extensions/v1beta1', 'apps/v1beta1', 'apps/v1beta2']),
  ...apps('StatefulSet', ['apps/v1beta1', 'apps/v1beta2']),
  ...apps('DaemonSet', ['extensions/v1beta1', 'apps/v1beta2']),
  ...apps('ReplicaSet', ['extensions/v1beta1', 'apps/v1beta1', 'apps/v1beta2']),
  // v1.22: the Ingress betas (the v1 spec renames backend fields, so no one-line move).
  { kind: 'Ingress', apiVersion: 'extensions/v1beta1', removedIn: '1.22', use: 'networking.k8s.io/v1', sameFields: false },
  { kind: 'Ingress', apiVersion: 'networking.k8s.io/v1beta1', removedIn: '1.22', use: 'networking.k8s.io/v1', sameFields: false },
  { kind: 'IngressClass', apiVersion: 'networking.k8s.io/v1beta1', removedIn: '1.22', use: 'networking.k8s.io/v1', sameFields: true },
  // v1.25: CronJob batch/v1beta1.
  { kind: 'CronJob', apiVersion: 'batch/v1beta1', removedIn: '1.25', use: 'batch/v1', sameFields: true },
];

/** The table entry of an object written in a removed (or to-be-removed) API version. */
export function removedApiOf(obj: Pick<ManifestObject, 'kind' | 'apiVersion'>): RemovedApi | undefined {
  return REMOVED_APIS.find((r) => r.kind === obj.kind && r.apiVersion === obj.apiVersion);
}

/** Whether the configured Kubernetes release (netlens.kubernetesVersion) no longer serves the entry. */
export function isRemovedAt(r: RemovedApi, options: Pick<Options, 'kubernetesVersion'>): boolean {
  return (versionNumber(options.kubernetesVersion) ?? 0) >= (versionNumber(r.removedIn) ?? Infinity);
}

/** The object is written in an API version the configured release does not serve: the API server refuses it. */
export function servedNoMore(obj: Pick<ManifestObject, 'kind' | 'apiVersion'>, options: Pick<Options, 'kubernetesVersion'>): RemovedApi | undefined {
  const r = removedApiOf(obj);
  return r && isRemovedAt(r, options) ? r : undefined;
}
