// Quick fixes for the Gateway API findings: "Create the missing ReferenceGrant" (a new document, or a new
// file next to the route when netlens.quickFix.defaultDenyTarget asks for files) and "Set sectionName".
import type { ParsedFile } from '../parse/parse.ts';
import type { Options } from '../options.ts';
import type { FixableFinding } from '../kinds/registry.ts';
import type { Fix } from '../types.ts';
import { appendDocument } from './default-deny.ts';
import { detectStyle, mapLines, type YMap } from './yaml-text.ts';

export interface GrantFixData {
  namespace: string;
  fromKind: string;
  fromNamespace: string;
  name: string;
}

export interface SectionFixData {
  listeners: string[];
}

/** The ReferenceGrant's text: from the route's kind and namespace to this one Service (block style). */
export function referenceGrantText(d: GrantFixData, st: ReturnType<typeof detectStyle>): string {
  const doc: YMap = {
    apiVersion: 'gateway.networking.k8s.io/v1beta1',
    kind: 'ReferenceGrant',
    metadata: { name: `allow-${d.fromNamespace}-${d.fromKind.toLowerCase()}s-to-${d.name}`.slice(0, 253), namespace: d.namespace },
    spec: { from: [{ group: 'gateway.networking.k8s.io', kind: d.fromKind, namespace: d.fromNamespace }], to: [{ group: '', kind: 'Service', name: d.name }] },
  };
  return mapLines(doc, 0, st).join(st.eol);
}

export function grantFix(issue: FixableFinding, file: ParsedFile, options: Pick<Options, 'defaultDenyTarget'>): Fix | undefined {
  const d = issue.data as GrantFixData | undefined;
  if (!d || !d.name) return undefined;
  const st = detectStyle(file.text, file.docs);
  const text = referenceGrantText(d, st);
  const title = `Create the missing ReferenceGrant in namespace ${d.namespace}`;
  if (options.defaultDenyTarget === 'newFile') {
    const uri = `${file.uri.slice(0, file.uri.lastIndexOf('/') + 1)}referencegrant-${d.namespace}-${d.name}.yaml`;
    return { title: `${title} (new file ${uri.slice(uri.lastIndexOf('/') + 1)})`, uri, createFile: true, edits: [{ span: { start: 0, end: 0 }, newText: text + st.eol }], isPreferred: true };
  }
  return { ...appendDocument(file, text, st, title), isPreferred: true };
}

/** One fix per listener name: replaces the sectionName value (listener names are DNS labels: plain scalars). */
export function sectionFixes(issue: FixableFinding): Fix[] {
  const d = issue.data as SectionFixData | undefined;
  return (d?.listeners ?? []).filter((n) => /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(n)).map((name, i) => ({ title: `Set sectionName to "${name}"`, edits: [{ span: issue.span, newText: name }], ...(i === 0 && d?.listeners.length === 1 ? { isPreferred: true } : {}) }));
}
