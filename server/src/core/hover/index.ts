// Hover for NetworkPolicy documents: what a selector selects, what a rule allows, ipBlock ranges, named ports,
// effective policyTypes, and field docs. Pure: text offsets and the model in, Markdown and a span out.
import { isMap, isSeq, type Node } from 'yaml';
import type { Direction, Model } from '../model/types.ts';
import { deref, getPair, spanOf } from '../parse/access.ts';
import { locate, type PathSegment, type YamlLocation } from '../parse/locate.ts';
import type { ParsedFile } from '../parse/parse.ts';
import type { Span } from '../source.ts';
import { hoverContext, isPolicyObject, undeclaredPodsIn, type HoverContext, type HoverOptions } from './context.ts';
import { fieldDocHover } from './fields.ts';
import { ipBlockHover } from './ipblock.ts';
import { placementHover } from './placement.ts';
import { podSelectorHover, policyTypesHover } from './policy.ts';
import { namedPortHover } from './ports.ts';
import { peerHover, ruleHover } from './rules.ts';
import { kindEntryOf, objectAt } from '../kinds/registry.ts';
import { directiveHover } from '../suppress/assist.ts';
import { ciliumHover, isCiliumObject } from '../kinds/cilium/hover.ts';

export type { HoverOptions } from './context.ts';
export type { LinkFor } from './format.ts';

export interface HoverResult {
  markdown: string;
  /** The range the hover is about (key, value, or the `-` of a list item). */
  span: Span;
}

/** The node at `path` below `root` (map keys and list indices), alias-resolved. */
export function nodeAt(loc: YamlLocation, path: readonly PathSegment[]): Node | undefined {
  let cur: unknown = loc.object;
  for (const seg of path) {
    const n = deref(loc.doc, cur);
    if (typeof seg === 'number') cur = isSeq(n) ? n.items[seg] : undefined;
    else cur = isMap(n) ? getPair(n, seg)?.value : undefined;
    if (cur === undefined) return undefined;
  }
  return deref(loc.doc, cur);
}

const isDirection = (s: PathSegment | undefined): s is Direction => s === 'ingress' || s === 'egress';

function withDoc(main: string | undefined, path: readonly PathSegment[]): string | undefined {
  const doc = fieldDocHover(path);
  if (!main) return doc;
  return doc ? `${main}\n\n---\n\n${doc}` : main;
}

function dispatch(ctx: HoverContext): string | undefined {
  const { loc } = ctx;
  const p = loc.path;
  const on = loc.on;
  if (p[0] !== 'spec') return fieldDocHover(p);
  // spec itself: when policyTypes is absent its defaulting is the thing to know.
  if (p.length === 1 && on === 'key') {
    const spec = nodeAt(loc, ['spec']);
    const hasTypes = isMap(spec) && getPair(spec, 'policyTypes') !== undefined;
    return hasTypes ? fieldDocHover(p) : withDoc(policyTypesHover(ctx), p);
  }
  // Anywhere in spec.podSelector (its key, `{}`, matchLabels, one label): what it selects is the question.
  if (p[1] === 'podSelector') return withDoc(podSelectorHover(ctx), p);
  if (p[1] === 'policyTypes' && p.length <= 3) return withDoc(policyTypesHover(ctx), p.slice(0, 2));
  const d = p[1];
  if (!isDirection(d) || typeof p[2] !== 'number') return fieldDocHover(p);
  const ruleIndex = p[2];
  const peerKey = d === 'ingress' ? 'from' : 'to';
  // The rule item: its `-`, a flow `{}`, or one of its own keys.
  if (p.length === 3 && on !== 'key') return ruleHover(ctx, d, ruleIndex);
  if (p.length === 4 && on === 'key' && (p[3] === peerKey || p[3] === 'ports')) return withDoc(ruleHover(ctx, d, ruleIndex), p);
  if (p[3] === peerKey && typeof p[4] === 'number') {
    const peerIndex = p[4];
    if (p.length === 5 && on !== 'key') return peerHover(ctx, d, ruleIndex, peerIndex);
    if (p[5] === 'ipBlock') return withDoc(ipBlockHover(loc.doc, nodeAt(loc, p.slice(0, 6))), p);
    if ((p[5] === 'podSelector' || p[5] === 'namespaceSelector') && (p.length > 6 || on === 'key')) return withDoc(peerHover(ctx, d, ruleIndex, peerIndex), p);
  }
  if (p[3] === 'ports' && typeof p[4] === 'number' && p[5] === 'port' && p.length === 6 && on === 'value') {
    return withDoc(namedPortHover(ctx, d, ruleIndex, p[4]), p);
  }
  return fieldDocHover(p);
}

/** Hover at `offset` of `file`, or undefined when there is nothing NetLens-specific to say. Never throws. */
export function hoverAt(file: ParsedFile, offset: number, model: Model, options: HoverOptions = {}): HoverResult | undefined {
  try {
    const directive = directiveHover(file, offset, options.docLink);
    if (directive) return directive;
    const loc = locate(file, offset);
    if (!loc || loc.on === 'none') return undefined;
    // A kind folder's own hover (a route's attachment and backends) comes first; undefined falls through.
    const here = objectAt(file, { start: offset, end: offset });
    const own = here ? kindEntryOf(here)?.hover?.({ file, obj: here, loc, model, workspace: options.workspace }) : undefined;
    if (own) {
      const span = loc.span ?? spanOf(loc.node);
      return own.markdown && span ? { markdown: own.markdown, span } : undefined;
    }
    // metadata of any modelled object: how kustomize built it, and its other declarations.
    const obj = loc.path[0] === 'metadata' && loc.path.length <= 2 ? file.objects.find((o) => o.node === loc.object) : undefined;
    const placed = obj ? placementHover(file, obj, model) : undefined;
    const cilium = !placed && loc.object ? file.objects.find((o) => o.node === loc.object && isCiliumObject(o)) : undefined;
    if (cilium) {
      const markdown = ciliumHover(loc, cilium, model, undeclaredPodsIn(model, options));
      const span = loc.span ?? spanOf(loc.node);
      return markdown && span ? { markdown, span } : undefined;
    }
    if (!isPolicyObject(loc)) {
      const span = loc.span ?? spanOf(loc.node);
      return placed && span ? { markdown: placed, span } : undefined;
    }
    if (placed) {
      const span = loc.span ?? spanOf(loc.node);
      const doc = fieldDocHover(loc.path);
      return span ? { markdown: doc ? `${placed}\n\n---\n\n${doc}` : placed, span } : undefined;
    }
    const markdown = dispatch(hoverContext(file, loc, model, options));
    const span = loc.span ?? spanOf(loc.node);
    return markdown && span ? { markdown, span } : undefined;
  } catch {
    return undefined;
  }
}
