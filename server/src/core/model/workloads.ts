// Workloads: bare Pods and the controllers that run pods from a template (an Argo Rollout among them), with pod
// labels and container ports.
import { isMap, isScalar, type Document } from 'yaml';
import { get, scalarString, scalarValue, seqItems } from '../parse/access.ts';
import type { ManifestObject } from '../parse/parse.ts';
import { fileOrigin, intValue, readLabels } from './read.ts';
import type { ContainerPort, Protocol, Workload, WorkloadKind } from './types.ts';

/** API groups each kind is served from (missing apiVersion is tolerated: the object is still someone's intent). */
const KIND_APIS: Record<Exclude<WorkloadKind, 'ClusterWorkload'>, readonly string[]> = {
  Pod: ['v1'],
  Deployment: ['apps/v1', 'apps/v1beta1', 'apps/v1beta2', 'extensions/v1beta1'],
  StatefulSet: ['apps/v1', 'apps/v1beta1', 'apps/v1beta2'],
  DaemonSet: ['apps/v1', 'apps/v1beta2', 'extensions/v1beta1'],
  ReplicaSet: ['apps/v1', 'apps/v1beta1', 'apps/v1beta2', 'extensions/v1beta1'],
  Job: ['batch/v1'],
  CronJob: ['batch/v1', 'batch/v1beta1'],
  // Argo Rollouts: a Deployment's replacement with the same pod template (one that names a Deployment through
  // spec.workloadRef instead has none here: that Deployment's template gives the pods).
  Rollout: ['argoproj.io/v1alpha1'],
};

export function workloadKind(obj: Pick<ManifestObject, 'kind' | 'apiVersion'>): Exclude<WorkloadKind, 'ClusterWorkload'> | undefined {
  const kind = obj.kind as keyof typeof KIND_APIS | undefined;
  if (!kind || !Object.hasOwn(KIND_APIS, kind)) return undefined;
  return obj.apiVersion === undefined || KIND_APIS[kind].includes(obj.apiVersion) ? kind : undefined;
}

/** A workload without its namespace (resolved later by the model builder). */
export type WorkloadDraft = Omit<Workload, 'id' | 'namespace'>;

/** Reads one workload object; undefined when it is not a workload or too malformed to say what its pods are. */
export function readWorkload(obj: ManifestObject): WorkloadDraft | undefined {
  const kind = workloadKind(obj);
  if (!kind || !obj.name) return undefined;
  const doc = obj.doc;
  let podMeta: unknown;
  let podSpec: unknown;
  if (kind === 'Pod') {
    podMeta = get(doc, obj.node, 'metadata');
    podSpec = get(doc, obj.node, 'spec');
  } else {
    const spec = get(doc, obj.node, 'spec');
    const template = kind === 'CronJob' ? get(doc, get(doc, get(doc, spec, 'jobTemplate'), 'spec'), 'template') : get(doc, spec, 'template');
    if (!isMap(template)) return undefined; // no pod template: we cannot know what pods it runs
    podMeta = get(doc, template, 'metadata');
    podSpec = get(doc, template, 'spec');
  }
  const w: WorkloadDraft = {
    kind,
    name: obj.name,
    podLabels: readLabels(doc, get(doc, podMeta, 'labels')),
    ports: containerPorts(doc, podSpec),
    origin: fileOrigin(obj),
  };
  if (scalarValue(get(doc, podSpec, 'hostNetwork')) === true) w.hostNetwork = true;
  const dnsPolicy = scalarString(get(doc, podSpec, 'dnsPolicy'));
  if (dnsPolicy === 'Default' || dnsPolicy === 'None') w.dnsPolicy = dnsPolicy;
  if (dnsPolicy === 'None') {
    // Its only name servers: the DNS rules judge egress to these instead of the cluster DNS.
    const ns = seqItems(doc, get(doc, get(doc, podSpec, 'dnsConfig'), 'nameservers')).map((n) => scalarString(n)).filter((n): n is string => !!n);
    if (ns.length > 0) w.nameservers = ns;
  }
  const sa = scalarString(get(doc, podSpec, 'serviceAccountName'));
  if (sa) w.serviceAccountName = sa;
  return w;
}

/**
 * Ports of the pod's regular containers. Init containers are left out on purpose: CNIs resolve NetworkPolicy
 * named ports from `spec.containers[].ports` (a port declared only on an init container is not a pod port
 * they know about).
 */
function containerPorts(doc: Document, podSpec: unknown): ContainerPort[] {
  const out: ContainerPort[] = [];
  for (const c of seqItems(doc, get(doc, podSpec, 'containers'))) {
    for (const p of seqItems(doc, get(doc, c, 'ports'))) {
      if (!isMap(p)) continue;
      const containerPort = intValue(get(doc, p, 'containerPort'));
      if (containerPort === undefined || containerPort < 1 || containerPort > 65535) continue;
      const protocol = readProtocol(get(doc, p, 'protocol'));
      if (!protocol) continue;
      const port: ContainerPort = { containerPort, protocol };
      const name = scalarString(get(doc, p, 'name'));
      if (name) port.name = name;
      out.push(port);
    }
  }
  return out;
}

/** TCP when absent or null (API defaulting), undefined when not one of the three (the API rejects it). */
export function readProtocol(node: unknown): Protocol | undefined {
  if (node === undefined || (isScalar(node) && node.value === null)) return 'TCP';
  const v = scalarString(node);
  return v === 'TCP' || v === 'UDP' || v === 'SCTP' ? v : undefined;
}
