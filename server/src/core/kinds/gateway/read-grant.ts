// Reads ReferenceGrants (v1 and v1beta1) and the Secrets listeners reference: a Secret's TLS contents are
// checked as a controller would (tls.crt holds a PEM certificate, tls.key a PEM key); a cert-manager
// Certificate counts as producing its spec.secretName, whose contents NetLens cannot see.
import { isMap, type Document } from 'yaml';
import { get, seqItems, spanOf } from '../../parse/access.ts';
import type { ManifestObject } from '../../parse/parse.ts';
import { fileOrigin, readStringMap } from '../../model/read.ts';
import { str } from './fields.ts';
import { isGatewayApi } from './read-gateway.ts';
import type { GrantFrom, GrantTo, ReferenceGrantInfo, SecretInfo } from './types.ts';

export function readReferenceGrant(obj: ManifestObject, namespace: string): ReferenceGrantInfo | undefined {
  if (obj.kind !== 'ReferenceGrant' || !isGatewayApi(obj, ['v1', 'v1beta1']) || !obj.name) return undefined;
  const doc = obj.doc;
  const spec = get(doc, obj.node, 'spec');
  const from: GrantFrom[] = [];
  for (const f of seqItems(doc, get(doc, spec, 'from'))) {
    if (!isMap(f)) continue;
    const group = str(doc, f, 'group');
    const item: GrantFrom = { group: group.value ?? '', kind: str(doc, f, 'kind').value ?? '', namespace: str(doc, f, 'namespace').value ?? '' };
    if (group.span) item.groupSpan = group.span;
    const span = spanOf(f);
    if (span) item.span = span;
    from.push(item);
  }
  const to: GrantTo[] = [];
  for (const t of seqItems(doc, get(doc, spec, 'to'))) {
    if (!isMap(t)) continue;
    const group = str(doc, t, 'group');
    const item: GrantTo = { group: group.value ?? '', kind: str(doc, t, 'kind').value ?? '' };
    if (group.span) item.groupSpan = group.span;
    const name = str(doc, t, 'name').value;
    // An empty name is the same as none: every object of the kind.
    if (name) item.name = name;
    const span = spanOf(t);
    if (span) item.span = span;
    to.push(item);
  }
  return { id: `${namespace}/${obj.name}`, namespace, name: obj.name, apiVersion: obj.apiVersion ?? '', from, to, origin: fileOrigin(obj), uri: obj.uri };
}

/** A core Secret, or the Secret a cert-manager Certificate writes. */
export function readSecret(obj: ManifestObject, namespace: string): SecretInfo | undefined {
  const doc = obj.doc;
  if (obj.kind === 'Secret' && obj.apiVersion === 'v1' && obj.name) {
    const s: SecretInfo = { id: `${namespace}/${obj.name}`, namespace, name: obj.name, origin: fileOrigin(obj) };
    const why = tlsProblem(doc, obj);
    if (why) s.unusable = why;
    return s;
  }
  if (obj.kind === 'Certificate' && (obj.apiVersion ?? '').startsWith('cert-manager.io/')) {
    const secretName = str(doc, get(doc, obj.node, 'spec'), 'secretName').value;
    if (!secretName) return undefined;
    return { id: `${namespace}/${secretName}`, namespace, name: secretName, producedBy: `Certificate ${namespace}/${obj.name ?? '?'}`, origin: fileOrigin(obj) };
  }
  return undefined;
}

/** Why a Secret cannot serve a listener's certificate, as a controller decodes it (undefined = usable). */
function tlsProblem(doc: Document, obj: ManifestObject): string | undefined {
  const data = readStringMap(doc, get(doc, obj.node, 'data')).map;
  const stringData = readStringMap(doc, get(doc, obj.node, 'stringData')).map;
  const value = (key: string): string | undefined => {
    if (key in stringData) return stringData[key];
    const b64 = data[key];
    if (b64 === undefined) return undefined;
    const clean = b64.replace(/\s+/g, '');
    try {
      return atob(clean);
    } catch {
      return '\u0000invalid';
    }
  };
  const crt = value('tls.crt');
  const key = value('tls.key');
  if (crt === undefined || key === undefined) return `it has no ${crt === undefined ? 'tls.crt' : 'tls.key'} entry`;
  if (crt === '\u0000invalid' || key === '\u0000invalid') return 'its data is not valid base64';
  if (!/-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/.test(crt)) return 'tls.crt does not hold a PEM certificate';
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]+-----END [A-Z ]*PRIVATE KEY-----/.test(key)) return 'tls.key does not hold a PEM private key';
  return undefined;
}
