// Reads Gateway and GatewayClass objects, applying the CRD's defaults (allowedRoutes from Same, tls mode
// Terminate, certificateRef kind Secret) so attachment sees what the API server stores.
import { isMap, isSeq, type Document } from 'yaml';
import { get, seqItems, spanOf } from '../../parse/access.ts';
import type { ManifestObject } from '../../parse/parse.ts';
import { fileOrigin, readSelector, readStringMap } from '../../model/read.ts';
import { groupOf, int, str } from './fields.ts';
import { GATEWAY_GROUP, type CertificateRef, type GatewayClassInfo, type GatewayInfo, type ListenerInfo, type RouteKindRef } from './types.ts';

/** Gateway API objects are served under v1 (and v1beta1 for the older kinds); both read the same. */
export function isGatewayApi(obj: Pick<ManifestObject, 'apiVersion'>, versions: readonly string[] = ['v1', 'v1beta1']): boolean {
  const api = obj.apiVersion ?? '';
  return versions.some((v) => api === `${GATEWAY_GROUP}/${v}`);
}

/** Any object of the Gateway API group, in any version: the objects routing findings are reported at live in its files. */
export function inGatewayGroup(obj: Pick<ManifestObject, 'apiVersion'>): boolean {
  return (obj.apiVersion ?? '').startsWith(`${GATEWAY_GROUP}/`);
}

export function readGatewayClass(obj: ManifestObject): GatewayClassInfo | undefined {
  if (obj.kind !== 'GatewayClass' || !isGatewayApi(obj) || !obj.name) return undefined;
  const controller = str(obj.doc, get(obj.doc, obj.node, 'spec'), 'controllerName').value;
  return { name: obj.name, ...(controller ? { controllerName: controller } : {}), origin: fileOrigin(obj) };
}

export function readGateway(obj: ManifestObject, namespace: string): GatewayInfo | undefined {
  if (obj.kind !== 'Gateway' || !isGatewayApi(obj) || !obj.name) return undefined;
  const doc = obj.doc;
  const spec = get(doc, obj.node, 'spec');
  const listeners: ListenerInfo[] = [];
  seqItems(doc, get(doc, spec, 'listeners')).forEach((node, index) => {
    if (isMap(node)) listeners.push(readListener(doc, node, index, namespace));
  });
  const addresses: GatewayInfo['addresses'] = [];
  for (const a of seqItems(doc, get(doc, spec, 'addresses'))) {
    const value = str(doc, a, 'value').value;
    if (value) addresses.push({ type: str(doc, a, 'type').value ?? 'IPAddress', value });
  }
  const infra = get(doc, get(doc, spec, 'infrastructure'), 'annotations');
  return {
    id: `${namespace}/${obj.name}`,
    namespace,
    name: obj.name,
    className: str(doc, spec, 'gatewayClassName').value ?? '',
    addresses,
    infraAnnotations: readStringMap(doc, infra).map,
    listeners,
    origin: fileOrigin(obj),
    uri: obj.uri,
  };
}

function readListener(doc: Document, node: unknown, index: number, namespace: string): ListenerInfo {
  const name = str(doc, node, 'name');
  const hostname = str(doc, node, 'hostname').value;
  const tls = get(doc, node, 'tls');
  const allowed = get(doc, node, 'allowedRoutes');
  const namespaces = get(doc, allowed, 'namespaces');
  const l: ListenerInfo = {
    index,
    name: name.value ?? '',
    port: int(doc, node, 'port').value,
    protocol: str(doc, node, 'protocol').value ?? '',
    certificateRefs: [],
    // CRD default: allowedRoutes.namespaces.from = Same.
    from: str(doc, namespaces, 'from').value ?? 'Same',
  };
  if (hostname) l.hostname = hostname.toLowerCase();
  if (isMap(tls)) {
    l.tlsMode = str(doc, tls, 'mode').value ?? 'Terminate';
    seqItems(doc, get(doc, tls, 'certificateRefs')).forEach((ref, i) => {
      if (!isMap(ref)) return;
      const c: CertificateRef = {
        index: i,
        group: groupOf(doc, ref),
        kind: str(doc, ref, 'kind').value ?? 'Secret',
        name: str(doc, ref, 'name').value ?? '',
        namespace: str(doc, ref, 'namespace').value ?? namespace,
      };
      const span = spanOf(ref);
      if (span) c.span = span;
      l.certificateRefs.push(c);
    });
  }
  const selector = readSelector(doc, get(doc, namespaces, 'selector'));
  if (selector) l.selector = selector;
  const kindsNode = get(doc, allowed, 'kinds');
  // "When unspecified or empty, the kinds of Routes selected are determined using the Listener protocol" (CRD):
  // `kinds: []` leaves the protocol's defaults, it does not refuse every route.
  if (isSeq(kindsNode) && kindsNode.items.length > 0) {
    l.kinds = [];
    for (const k of seqItems(doc, kindsNode)) {
      const kind = str(doc, k, 'kind');
      if (!kind.value) continue;
      // RouteGroupKind.group defaults to gateway.networking.k8s.io.
      const ref: RouteKindRef = { group: str(doc, k, 'group').value ?? GATEWAY_GROUP, kind: kind.value };
      const span = spanOf(k);
      if (span) ref.span = span;
      l.kinds.push(ref);
    }
  }
  const span = spanOf(node);
  if (span) l.span = span;
  if (name.span) l.nameSpan = name.span;
  const aSpan = spanOf(allowed);
  if (aSpan) l.allowedRoutesSpan = aSpan;
  return l;
}
