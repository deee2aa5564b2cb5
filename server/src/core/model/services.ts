// Services: selector and ports (with targetPort numbers or container port names).
import { isMap, isScalar } from 'yaml';
import { get, scalarString, seqItems } from '../parse/access.ts';
import type { ManifestObject } from '../parse/parse.ts';
import { fileOrigin, intValue, readLabels, readStringMap } from './read.ts';
import { readProtocol } from './workloads.ts';
import type { ServiceInfo, ServicePort } from './types.ts';

export type ServiceDraft = Omit<ServiceInfo, 'id' | 'namespace'>;

export function isService(obj: Pick<ManifestObject, 'kind' | 'apiVersion'>): boolean {
  return obj.kind === 'Service' && (obj.apiVersion === undefined || obj.apiVersion === 'v1');
}

export function readService(obj: ManifestObject): ServiceDraft | undefined {
  if (!isService(obj) || !obj.name) return undefined;
  const doc = obj.doc;
  const spec = get(doc, obj.node, 'spec');
  const selNode = get(doc, spec, 'selector');
  // No selector (or a null one): endpoints are managed by hand, the Service selects no pods itself.
  const selector = isMap(selNode) ? readStringMap(doc, selNode).map : undefined;
  const ports: ServicePort[] = [];
  for (const p of seqItems(doc, get(doc, spec, 'ports'))) {
    if (!isMap(p)) continue;
    const port = intValue(get(doc, p, 'port'));
    const protocol = readProtocol(get(doc, p, 'protocol'));
    if (port === undefined || !protocol) continue;
    const tp = get(doc, p, 'targetPort');
    const targetPort = intValue(tp) ?? (isScalar(tp) && typeof tp.value === 'string' && tp.value !== '' ? tp.value : port);
    const sp: ServicePort = { port, protocol, targetPort };
    const name = scalarString(get(doc, p, 'name'));
    if (name) sp.name = name;
    ports.push(sp);
  }
  const labels = readLabels(doc, get(doc, get(doc, obj.node, 'metadata'), 'labels'));
  return { name: obj.name, selector, labels, ports, origin: fileOrigin(obj) };
}
