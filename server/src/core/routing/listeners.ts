// Listener status as a controller decides it: Conflicted (HostnameConflict / ProtocolConflict between
// listeners of one Gateway sharing a port) and ResolvedRefs of TLS certificateRefs (InvalidCertificateRef,
// RefNotPermitted without a ReferenceGrant).
import { GATEWAY_GROUP, type GatewayInfo, type GatewayModel, type ListenerInfo } from '../kinds/gateway/types.ts';
import type { GrantIndex } from './grants.ts';
import type { ListenerStatus, RoutingIssue } from './types.ts';

/** Listeners told apart by hostname share a family; TCP and UDP listeners are told apart by port only. */
function family(protocol: string): string {
  return protocol === 'HTTPS' || protocol === 'TLS' ? 'TLS' : protocol;
}

/**
 * Per the spec's "Distinct Listeners": listeners on one port must differ in protocol, or (HTTP, HTTPS, TLS)
 * in hostname. A TCP listener makes every HTTP/HTTPS/TLS listener on its port indistinct, and HTTP cannot
 * share a port with a TLS-based protocol. UDP uses another transport and conflicts only with UDP.
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
      let kind: ListenerStatus['conflict'];
      const fa = family(la.protocol);
      const fb = family(lb.protocol);
      if (fa !== fb) kind = 'ProtocolConflict';
      else if (fa === 'TCP' || fa === 'UDP' || (la.hostname ?? '') === (lb.hostname ?? '')) kind = 'HostnameConflict';
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

export function conflictIssues(statuses: ListenerStatus[], issues: RoutingIssue[]): void {
  for (const s of statuses) {
    if (!s.conflict) continue;
    const l = s.listener;
    const others = s.conflictWith.map((o) => `"${o.name}" (${o.protocol}${o.hostname ? ` ${o.hostname}` : ''})`).join(', ');
    const why = s.conflict === 'ProtocolConflict' ? `shares port ${l.port} with ${others}, whose protocol cannot be served on the same port` : `shares port ${l.port} and ${l.hostname ? `hostname ${l.hostname}` : 'an empty hostname'} with ${others}`;
    issues.push({
      code: 'listener-conflict',
      uri: s.gateway.uri,
      span: l.nameSpan ?? l.span ?? gatewaySpan(s.gateway),
      message: `Listener "${l.name}" ${why}: the controller marks every such listener Conflicted (${s.conflict}) and serves none of them.`,
      related: s.conflictWith.flatMap((o) => (o.span ? [{ uri: s.gateway.uri, span: o.nameSpan ?? o.span, message: `listener "${o.name}"` }] : [])),
    });
  }
}

/** Where to report on a listener a kustomize patch wrote (no place in the Gateway's file): the Gateway's name. */
function gatewaySpan(gw: GatewayInfo): { start: number; end: number } {
  return gw.origin.kind === 'file' ? (gw.origin.nameSpan ?? gw.origin.span) : { start: 0, end: 0 };
}

/** certificateRefs of TLS-terminating listeners (Passthrough listeners use none). */
export function certificateIssues(gw: GatewayInfo, l: ListenerInfo, model: GatewayModel, grants: GrantIndex, issues: RoutingIssue[]): void {
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
