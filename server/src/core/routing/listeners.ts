// Listener status as a controller decides it: Conflicted (HostnameConflict / ProtocolConflict between
// listeners of one Gateway sharing a port) and ResolvedRefs of TLS certificateRefs (InvalidCertificateRef,
// RefNotPermitted without a ReferenceGrant).
import { GATEWAY_GROUP, type GatewayInfo, type GatewayModel, type ListenerInfo } from '../kinds/gateway/types.ts';
import type { GrantIndex } from './grants.ts';
import type { ListenerStatus, RoutingIssue } from './types.ts';

/** HTTP, HTTPS and TLS listeners are told apart by hostname; TCP and UDP listeners by port only. */
const BY_HOSTNAME = new Set(['HTTP', 'HTTPS', 'TLS']);

/**
 * Gateway.listeners, "Distinct Listeners" (apis/v1/gateway_types.go): a distinct listener is one "the implementation
 * can match inbound requests to"; listeners sharing a protocol must differ in port or (HTTP, HTTPS, TLS) hostname, and
 * HTTP, HTTPS or TLS listeners sharing a port with a TCP listener "are not distinct and so MUST NOT be accepted".
 * HTTPS and TLS on one port with the same hostname are indistinct too: the TLS handshake's server name cannot pick
 * one. "ALL indistinct Listeners must not be accepted" (Handling indistinct Listeners): each is `conflict`ed, and
 * attachment, trace and inventory read this to route nothing through it. HTTP next to HTTPS or TLS on one port is
 * distinct (plain text or a TLS handshake) but may not be compatible ("Compatible combinations ... vary across
 * implementations"): `mixedWith`, reported as implementation-specific, still routed. UDP only meets UDP.
 */
export function listenerConflicts(gw: GatewayInfo): ListenerStatus[] {
  const out = gw.listeners.map((listener): ListenerStatus => ({ gateway: gw, listener, conflictWith: [] }));
  for (let i = 0; i < out.length; i++) {
    for (let j = i + 1; j < out.length; j++) {
      const a = out[i] as ListenerStatus;
      const b = out[j] as ListenerStatus;
      const la = a.listener;
      const lb = b.listener;
      if (la.port === undefined || la.port !== lb.port) continue;
      if ((la.protocol === 'UDP') !== (lb.protocol === 'UDP')) continue;
      const sameHost = (la.hostname ?? '') === (lb.hostname ?? '');
      let kind: ListenerStatus['conflict'];
      if (la.protocol === lb.protocol) kind = la.protocol === 'TCP' || la.protocol === 'UDP' || sameHost ? 'HostnameConflict' : undefined;
      else if ((la.protocol === 'TCP' && BY_HOSTNAME.has(lb.protocol)) || (lb.protocol === 'TCP' && BY_HOSTNAME.has(la.protocol))) kind = 'ProtocolConflict';
      else if (BY_HOSTNAME.has(la.protocol) && BY_HOSTNAME.has(lb.protocol)) {
        if (la.protocol !== 'HTTP' && lb.protocol !== 'HTTP') kind = sameHost ? 'HostnameConflict' : undefined;
        else {
          // HTTP beside HTTPS or TLS: distinct, compatibility implementation-specific.
          (a.mixedWith ??= []).push(lb);
          (b.mixedWith ??= []).push(la);
        }
      }
      // Implementation-specific protocols (`example.com/proto`) are the implementation's to tell apart.
      if (!kind) continue;
      for (const [x, y] of [[a, b], [b, a]] as const) {
        // ProtocolConflict is the stronger reason when a listener has both.
        if (x.conflict !== 'ProtocolConflict') x.conflict = kind;
        x.conflictWith.push(y.listener);
      }
    }
  }
  return out;
}

/** The listeners a controller does not accept for being indistinct (Conflicted), for attachment and trace. */
export function conflictedListeners(statuses: readonly ListenerStatus[]): Map<ListenerInfo, ListenerStatus> {
  return new Map(statuses.filter((s) => s.conflict).map((s) => [s.listener, s]));
}

export function conflictIssues(statuses: ListenerStatus[], issues: RoutingIssue[]): void {
  for (const s of statuses) {
    const l = s.listener;
    const span = l.nameSpan ?? l.span ?? gatewaySpan(s.gateway);
    const list = (ls: ListenerInfo[]) => ls.map((o) => `"${o.name}" (${o.protocol}${o.hostname ? ` ${o.hostname}` : ''})`).join(', ');
    const related = (ls: ListenerInfo[]) => ls.flatMap((o) => (o.span ? [{ uri: s.gateway.uri, span: o.nameSpan ?? o.span, message: `listener "${o.name}"` }] : []));
    if (s.conflict) {
      const others = list(s.conflictWith);
      const why = s.conflict === 'ProtocolConflict' ? `shares port ${l.port} with ${others}, whose protocol cannot be served on the same port` : `shares port ${l.port} and ${l.hostname ? `hostname ${l.hostname}` : 'an empty hostname'} with ${others}`;
      // A controller without TCP listeners rejects those alone (unsupported protocol): the others may stay accepted.
      const tcp = s.conflict === 'ProtocolConflict' && [l, ...s.conflictWith].some((o) => o.protocol === 'TCP') ? ' (a controller that does not support TCP listeners rejects the TCP one alone, and may then accept the others)' : '';
      issues.push({ code: 'listener-conflict', uri: s.gateway.uri, span, message: `Listener "${l.name}" ${why}: the controller marks every such listener Conflicted (${s.conflict}) and serves none of them${tcp}.`, related: related(s.conflictWith) });
    } else if (s.mixedWith) {
      issues.push({
        code: 'listener-conflict',
        uri: s.gateway.uri,
        span,
        message: `Listener "${l.name}" (${l.protocol}) shares port ${l.port} with ${list(s.mixedWith)}: the Gateway API counts plain HTTP and TLS on one port as distinct, but whether one port serves both is implementation-specific; a controller that cannot marks them Conflicted (ProtocolConflict) and serves none of them.`,
        related: related(s.mixedWith),
        // Distinct per the spec: a notice about controllers, not a mistake in the manifest.
        severity: 'information',
      });
    }
  }
}

/** Where to report on a listener a kustomize patch wrote (no place in the Gateway's file): the Gateway's name. */
function gatewaySpan(gw: GatewayInfo): { start: number; end: number } {
  return gw.origin.kind === 'file' ? (gw.origin.nameSpan ?? gw.origin.span) : { start: 0, end: 0 };
}

/** certificateRefs of TLS-terminating listeners (Passthrough listeners use none); an HTTPS listener without `tls`. */
export function certificateIssues(gw: GatewayInfo, l: ListenerInfo, model: GatewayModel, grants: GrantIndex, issues: RoutingIssue[]): void {
  // Listener.tls "is required if the Protocol field is HTTPS or TLS": the CRD's CEL enforces it for TLS only.
  if (l.protocol === 'HTTPS' && l.tlsMode === undefined) {
    issues.push({
      code: 'listener-tls-missing',
      uri: gw.uri,
      span: l.nameSpan ?? l.span ?? gatewaySpan(gw),
      message: `Listener "${l.name}" is HTTPS but has no tls: the Gateway API requires tls on an HTTPS listener (the CRD does not enforce it), so the controller has no certificate to terminate TLS with and the listener serves no HTTPS; how it reports that in the status is implementation-specific.`,
    });
    return;
  }
  if (l.tlsMode !== 'Terminate') return;
  for (const ref of l.certificateRefs) {
    const span = ref.span ?? l.nameSpan ?? gatewaySpan(gw);
    const push = (code: string, message: string, severity?: 'information'): void => {
      issues.push({ code, uri: gw.uri, span, message, ...(severity ? { severity } : {}) });
    };
    if (ref.group !== '' || ref.kind !== 'Secret') {
      push('invalid-certificate-ref', `Listener "${l.name}" refers to ${ref.group ? `${ref.kind}.${ref.group}` : ref.kind} "${ref.name}" as its certificate; only a core Secret can hold it (InvalidCertificateRef).`);
      continue;
    }
    if (ref.namespace !== gw.namespace) {
      const ok = grants.check({ group: GATEWAY_GROUP, kind: 'Gateway', namespace: gw.namespace }, { group: '', kind: 'Secret', namespace: ref.namespace, name: ref.name });
      if (!ok) {
        const unseen = !model.secrets.has(`${ref.namespace}/${ref.name}`) && grants.inNamespace(ref.namespace).length === 0;
        const where = unseen ? `the workspace holds no ReferenceGrant (nor the Secret) of "${ref.namespace}"` : `no ReferenceGrant in "${ref.namespace}" permits Gateways of "${gw.namespace}" to use it`;
        push('certificate-ref-not-permitted', `Listener "${l.name}" uses Secret "${ref.name}" from namespace "${ref.namespace}", and ${where}: without one the controller reports RefNotPermitted.`, unseen ? 'information' : undefined);
        continue;
      }
    }
    const secret = model.secrets.get(`${ref.namespace}/${ref.name}`);
    if (!secret) {
      // Secrets are often created outside Git (cert-manager, sealed or external secrets): information only.
      push('invalid-certificate-ref', `Secret "${ref.name}" in namespace "${ref.namespace}" is not in the workspace; if it does not exist in the cluster, listener "${l.name}" has no certificate (InvalidCertificateRef).`, 'information');
    } else if (secret.unusable) {
      push('invalid-certificate-ref', `Secret "${ref.namespace}/${ref.name}" cannot serve listener "${l.name}": ${secret.unusable} (InvalidCertificateRef).`);
    }
  }
}
