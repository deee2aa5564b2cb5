// Spans of a NetworkPolicy object's rule items that workspace rules report at (`port:` values, peers), read once
// from its trees, or handed over with a file another thread parsed (core/offload.ts), whose trees then stay unparsed.
import type { ManifestObject } from '../parse/parse.ts';
import { spanOf } from '../parse/access.ts';
import { slot } from '../slots.ts';
import type { Span } from '../source.ts';
import { npParts, type Direction } from './np-walk.ts';
import { contentSpan, portValueNode } from './ws-policy.ts';

/** Plain data, by itemKey (null: the item has no such span). */
export interface NpSpans {
  /** The `port:` value of each port item. */
  ports: Record<string, Span | null>;
  /** Each `from`/`to` item's content (contentSpan). */
  peers: Record<string, Span | null>;
}

/** Key of the item `index` of rule `rule` (its index in `spec.<direction>`). */
export const itemKey = (direction: Direction, rule: number, index: number): string => `${direction}:${rule}:${index}`;

// Lifetime: the parsed object's (a slot on it, core/slots.ts).
const SPANS = slot<ManifestObject, NpSpans>();

export function npSpans(obj: ManifestObject): NpSpans {
  let spans = SPANS.get(obj);
  if (!spans) {
    const out: NpSpans = { ports: {}, peers: {} };
    for (const rule of npParts(obj).rules) {
      rule.ports.forEach((item, i) => void (out.ports[itemKey(rule.direction, rule.index, i)] = spanOf(portValueNode(obj, item)) ?? null));
      rule.peers.forEach((item, i) => void (out.peers[itemKey(rule.direction, rule.index, i)] = contentSpan(item.node) ?? null));
    }
    SPANS.set(obj, (spans = out));
  }
  return spans;
}

/** Records npSpans(obj) computed from another parse of the same text. */
export function seedNpSpans(obj: ManifestObject, spans: NpSpans): void {
  SPANS.set(obj, spans);
}
