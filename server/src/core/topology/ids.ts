// Deterministic Mermaid-safe ids: an injective encoding of names into letters, digits and `_`.

/**
 * Letters and digits stay; every other code point becomes `_<hex>_`, so distinct names never collide
 * (`a-b`, `a_b` and `a.b` stay distinct) and no id can carry Mermaid syntax or a keyword like `end`.
 */
export function encodeIdPart(s: string): string {
  let out = '';
  for (const ch of s) {
    if (/^[A-Za-z0-9]$/.test(ch)) out += ch;
    else out += `_${(ch.codePointAt(0) ?? 0).toString(16)}_`;
  }
  return out;
}

export function workloadNodeId(kind: string, namespace: string, name: string): string {
  return `w_${encodeIdPart(kind.toLowerCase())}__${encodeIdPart(namespace)}__${encodeIdPart(name)}`;
}

export function namespaceNodeId(namespace: string): string {
  return `n_${encodeIdPart(namespace)}`;
}

export function namespaceGroupId(namespace: string): string {
  return `ns_${encodeIdPart(namespace)}`;
}

export function ipBlockNodeId(cidr: string, except: readonly string[]): string {
  return `x_${encodeIdPart([cidr, ...except].join(' '))}`;
}

export const EXTERNAL_GROUP_ID = 'external';
export const WAY_IN_GROUP_ID = 'way_in';

/** Edges are numbered in their sorted order, so ids are stable for the same graph. */
export function edgeId(index: number): string {
  return `e${index}`;
}
