// Spans of an object that workspace rules report at, beyond a NetworkPolicy's (np-spans.ts): metadata.name's value
// (the conventions report there) and, for a Cilium policy, the egress key and the port items of its spec and of
// each specs item. Read once from its trees, or handed over with a file another thread parsed (core/offload.ts),
// whose trees then stay unparsed.
import { isMap, isSeq, type Document, type Node, type YAMLSeq } from 'yaml';
import { get, getPair, seqItems, spanOf } from '../parse/access.ts';
import type { ManifestObject } from '../parse/parse.ts';
import { slot } from '../slots.ts';
import type { Span } from '../source.ts';
import { contentSpan } from './ws-policy.ts';

/**
 * Plain data (null: not written). Each field is read from the trees when first asked (the editor asks for a few
 * objects); a file handed over from another thread brings them all (objectSpansWhole).
 */
export interface ObjectSpans {
  /** metadata.name's value. */
  name?: Span | null;
  /** CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy: the `egress` key, else `egressDeny`'s, of `spec` and of each `specs` item. */
  ciliumEgress?: { spec: Span | null; specs: (Span | null)[] };
  /** Cilium policies: each port item of toPorts[*].ports[*], by ciliumPortKey. */
  ciliumPorts?: Record<string, CiliumPortSpans>;
}

/** A Cilium rule's port item: its content, its `port:` value and its path (`spec.egress[0].toPorts[1].ports[0]`). */
export interface CiliumPortSpans {
  item: Span | null;
  port: Span | null;
  path: string;
}

/**
 * Key of a port item: the spec (-1: `spec`, else the `specs` index), the section, the rule's index in it and the
 * port's flat index over toPorts[*].ports[*] (as the reader numbers them: a toPorts item without ports counts one).
 */
export const ciliumPortKey = (specIndex: number | undefined, section: string, rule: number, port: number): string => `${specIndex ?? -1}:${section}:${rule}:${port}`;

const SECTIONS = ['ingress', 'ingressDeny', 'egress', 'egressDeny'];

const CILIUM_KINDS = new Set(['CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy']);

// Lifetime: the parsed object's (a slot on it, core/slots.ts).
const SPANS = slot<ManifestObject, ObjectSpans>();

function spansOf(obj: ManifestObject): ObjectSpans {
  let spans = SPANS.get(obj);
  if (!spans) SPANS.set(obj, (spans = {}));
  return spans;
}

/** ObjectSpans.name. */
export function objectNameSpan(obj: ManifestObject): Span | null {
  const spans = spansOf(obj);
  if (spans.name === undefined) {
    const meta = get(obj.doc, obj.node, 'metadata');
    spans.name = spanOf(isMap(meta) ? get(obj.doc, meta, 'name') : undefined) ?? null;
  }
  return spans.name;
}

/** ObjectSpans.ciliumEgress (of any object: none written outside a Cilium policy). */
export function ciliumEgressKeys(obj: ManifestObject): NonNullable<ObjectSpans['ciliumEgress']> {
  const spans = spansOf(obj);
  return (spans.ciliumEgress ??= { spec: egressKey(get(obj.doc, obj.node, 'spec')), specs: specItems(obj).map(egressKey) });
}

/** ObjectSpans.ciliumPorts (of any object: none written outside a Cilium policy). */
export function ciliumPortSpans(obj: ManifestObject): Record<string, CiliumPortSpans> {
  const spans = spansOf(obj);
  if (!spans.ciliumPorts) {
    const ports: Record<string, CiliumPortSpans> = {};
    ciliumPorts(obj, get(obj.doc, obj.node, 'spec'), undefined, ports);
    specItems(obj).forEach((s, i) => ciliumPorts(obj, s, i, ports));
    spans.ciliumPorts = ports;
  }
  return spans.ciliumPorts;
}

/** Every field (the Cilium ones for Cilium policies): what travels with a file another thread parsed (core/offload.ts). */
export function objectSpansWhole(obj: ManifestObject): ObjectSpans {
  objectNameSpan(obj);
  if (obj.kind && CILIUM_KINDS.has(obj.kind)) {
    ciliumEgressKeys(obj);
    ciliumPortSpans(obj);
  }
  return spansOf(obj);
}

/** Records objectSpansWhole(obj) computed from another parse of the same text. */
export function seedObjectSpans(obj: ManifestObject, spans: ObjectSpans): void {
  SPANS.set(obj, spans);
}

/**
 * The `specs` items, an alias read as the item it names, as the Cilium reader reads them (kinds/cilium/read.ts
 * numbers its specIndex so): an item written `- *common` is a rule map of its own to Cilium. Read as written, its
 * port spans were missing and its unknown-named-port findings silently dropped. An alias of another item shares
 * that item's nodes, so both report at the anchored text, each under its own `specs[i]` path.
 */
function specItems(obj: ManifestObject): unknown[] {
  return seqItems(obj.doc, get(obj.doc, obj.node, 'specs'));
}

function egressKey(spec: unknown): Span | null {
  if (!isMap(spec)) return null;
  return spanOf(getPair(spec, 'egress')?.key) ?? spanOf(getPair(spec, 'egressDeny')?.key) ?? null;
}

/**
 * Each port item of one Cilium rule (`toPorts[i].ports[j]`) with its flat index, as the reader numbers them: a
 * toPorts item without ports counts one. The one walk behind these spans and ws-cilium.ts portEntry (the fixes).
 */
export function forEachRulePort(doc: Document, rule: unknown, visit: (list: YAMLSeq, item: Node, flat: number, i: number, j: number) => void): void {
  const toPorts = get(doc, rule, 'toPorts');
  if (!isSeq(toPorts)) return;
  let flat = 0;
  toPorts.items.forEach((pr, i) => {
    const list = get(doc, pr, 'ports');
    if (!isSeq(list) || list.items.length === 0) {
      flat++;
      return;
    }
    list.items.forEach((pn, j) => visit(list, pn as Node, flat++, i, j));
  });
}

/** Every port item of one rule map (`spec`, or the `specs[i]` it reads as), into `out`. */
function ciliumPorts(obj: ManifestObject, spec: unknown, specIndex: number | undefined, out: Record<string, CiliumPortSpans>): void {
  if (!isMap(spec)) return;
  const base = specIndex === undefined ? 'spec' : `specs[${specIndex}]`;
  for (const section of SECTIONS) {
    const rules = get(obj.doc, spec, section);
    if (!isSeq(rules)) continue;
    rules.items.forEach((item, r) =>
      forEachRulePort(obj.doc, item, (_list, pn, flat, i, j) => {
        out[ciliumPortKey(specIndex, section, r, flat)] = { item: contentSpan(pn) ?? null, port: spanOf(get(obj.doc, pn, 'port')) ?? null, path: `${base}.${section}[${r}].toPorts[${i}].ports[${j}]` };
      }),
    );
  }
}
