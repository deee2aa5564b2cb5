// Spans of a NetworkPolicy object that workspace rules report at (`port:` values, port items, peers, the egress
// and podSelector places, the policyTypes key), read once from its trees, or handed over with a file another
// thread parsed (core/offload.ts), whose trees then stay unparsed.
import type { ManifestObject } from '../parse/parse.ts';
import { spanOf } from '../parse/access.ts';
import { slot } from '../slots.ts';
import type { Span } from '../source.ts';
import { npParts, type Direction } from './np-walk.ts';
import { contentSpan, egressSpan, portValueNode, specPair } from './ws-policy.ts';

/** Plain data; the records by itemKey (null: the item has no such span). */
export interface NpSpans {
  /** The `port:` value of each port item. */
  ports: Record<string, Span | null>;
  /** Each port item's content (dns-tcp-blocked reports there). */
  portItems: Record<string, Span | null>;
  /** Each `from`/`to` item's content (contentSpan). */
  peers: Record<string, Span | null>;
  // The places below are read for a few policies in the editor, so each is read from the trees when first asked
  // (npEgressSpan, ...); a file handed over from another thread brings them all (npSpansWhole).
  /** Where the policy's egress findings go (ws-policy.ts egressSpan). */
  egress?: Span;
  /** spec.podSelector's content when it has any, else its key; null when not written (policy-selects-nothing). */
  podSelector?: Span | null;
  /** spec.policyTypes's key, when written (implicit-policy-types). */
  policyTypesKey?: Span | null;
}

/** Key of the item `index` of rule `rule` (its index in `spec.<direction>`). */
export const itemKey = (direction: Direction, rule: number, index: number): string => `${direction}:${rule}:${index}`;

// Lifetime: the parsed object's (a slot on it, core/slots.ts).
const SPANS = slot<ManifestObject, NpSpans>();

export function npSpans(obj: ManifestObject): NpSpans {
  let spans = SPANS.get(obj);
  if (!spans) {
    const out: NpSpans = { ports: {}, portItems: {}, peers: {} };
    for (const rule of npParts(obj).rules) {
      rule.ports.forEach((item, i) => {
        const key = itemKey(rule.direction, rule.index, i);
        out.ports[key] = spanOf(portValueNode(obj, item)) ?? null;
        out.portItems[key] = contentSpan(item.node) ?? null;
      });
      rule.peers.forEach((item, i) => void (out.peers[itemKey(rule.direction, rule.index, i)] = contentSpan(item.node) ?? null));
    }
    SPANS.set(obj, (spans = out));
  }
  return spans;
}

/** NpSpans.egress (read from the trees the first time, unless handed over). */
export function npEgressSpan(obj: ManifestObject): Span {
  const spans = npSpans(obj);
  return (spans.egress ??= egressSpan(obj));
}

/** NpSpans.podSelector (read from the trees the first time, unless handed over). */
export function npPodSelectorSpan(obj: ManifestObject): Span | null {
  const spans = npSpans(obj);
  if (spans.podSelector === undefined) spans.podSelector = podSelectorSpan(obj);
  return spans.podSelector;
}

/** NpSpans.policyTypesKey (read from the trees the first time, unless handed over). */
export function npPolicyTypesKey(obj: ManifestObject): Span | null {
  const spans = npSpans(obj);
  if (spans.policyTypesKey === undefined) spans.policyTypesKey = spanOf(specPair(obj, 'policyTypes')?.key) ?? null;
  return spans.policyTypesKey;
}

/** npSpans with every place read: what travels with a file another thread parsed (core/offload.ts). */
export function npSpansWhole(obj: ManifestObject): NpSpans {
  npEgressSpan(obj);
  npPodSelectorSpan(obj);
  npPolicyTypesKey(obj);
  return npSpans(obj);
}

/** Records npSpansWhole(obj) computed from another parse of the same text. */
export function seedNpSpans(obj: ManifestObject, spans: NpSpans): void {
  SPANS.set(obj, spans);
}

/** The selector's content, or its key when the value is empty (`podSelector: {}` has content; `podSelector:` none). */
function podSelectorSpan(obj: ManifestObject): Span | null {
  const pair = specPair(obj, 'podSelector');
  const value = contentSpan(pair?.value);
  return value && value.end > value.start ? value : (spanOf(pair?.key) ?? null);
}
