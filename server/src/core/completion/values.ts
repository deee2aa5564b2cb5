// Value completion: enums from the schema, label keys and values from the workspace inside selectors, named and
// numeric ports of the destination pods, namespace names.
import { isMap, isSeq } from 'yaml';
import type { Model } from '../model/types.ts';
import { readProtocol } from '../model/workloads.ts';
import { get, scalarString, seqItems } from '../parse/access.ts';
import type { PathSegment, YamlLocation } from '../parse/locate.ts';
import { schemaAt } from '../schema/networkpolicy.ts';
import type { Span } from '../source.ts';
import type { CompletionEntry, CompletionKind } from './types.ts';
import { nodeAtPath, portDestinations, selectorCandidates, type Labeled } from './workspace.ts';

export interface ValueInput {
  loc: YamlLocation;
  model: Model;
  policyNs: string;
  span: Span;
  /** Put a space before the value (the cursor is right after `key:`). */
  space: boolean;
}

function entry(label: string, kind: CompletionKind, span: Span, space: boolean, detail?: string, documentation?: string): CompletionEntry {
  const e: CompletionEntry = { label, kind, insertText: `${space ? ' ' : ''}${label}`, snippet: false, span };
  if (detail) e.detail = detail;
  if (documentation) e.documentation = documentation;
  return e;
}

function summary(list: string[]): string {
  const unique = list.length > 3 ? [...new Set(list)] : list;
  return unique.length <= 3 ? unique.join(', ') : `${unique.slice(0, 3).join(', ')} and ${unique.length - 3} more`;
}

/** Appends to the list under `key` (in place: namespaces with thousands of pods must stay linear). */
function add<K>(map: Map<K, string[]>, key: K, who: string): void {
  const list = map.get(key);
  if (list) list.push(who);
  else map.set(key, [who]);
}

/** Label keys (with the things carrying them) over candidates. */
export function labelKeys(cands: readonly Labeled[]): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  for (const c of cands) for (const k in c.labels) add(keys, k, c.who);
  return keys;
}

// Values per candidate list and key: the lists of common selectors are memoised per model (workspace.ts), so a
// repeated request reads the grouping instead of walking every pod of the namespace again.
const VALUES = new WeakMap<readonly Labeled[], Map<string, ReadonlyMap<string, string[]>>>();

function labelValues(cands: readonly Labeled[], key: string): ReadonlyMap<string, string[]> {
  let byKey = VALUES.get(cands);
  if (!byKey) VALUES.set(cands, (byKey = new Map()));
  const hit = byKey.get(key);
  if (hit) return hit;
  const values = new Map<string, string[]>();
  for (const c of cands) {
    const v = c.labels[key];
    if (v !== undefined) add(values, v, c.who);
  }
  byKey.set(key, values);
  return values;
}

/** The selector path (ending with podSelector/namespaceSelector) that `path` is inside, if any. */
export function selectorPathOf(path: readonly PathSegment[]): PathSegment[] | undefined {
  for (let i = path.length - 1; i >= 0; i--) {
    const seg = path[i];
    if ((seg === 'matchLabels' || seg === 'matchExpressions') && (path[i - 1] === 'podSelector' || path[i - 1] === 'namespaceSelector')) return path.slice(0, i);
  }
  return undefined;
}

/** Label key items for a matchLabels map (`key: ` and completion again for its value). */
export function labelKeyEntries(cands: readonly Labeled[], present: ReadonlySet<string>, span: Span, asValue: boolean): CompletionEntry[] {
  const out: CompletionEntry[] = [];
  for (const [k, who] of [...labelKeys(cands)].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))) {
    if (present.has(k)) continue;
    const e = entry(k, 'label', span, false, `label on ${who.length} ${who.length === 1 ? 'object' : 'objects'}`, `Set on ${summary(who)}.`);
    if (!asValue) {
      e.insertText = `${k}: `;
      e.retrigger = true;
    }
    out.push(e);
  }
  return out;
}

function portEntries(input: ValueInput, dir: 'ingress' | 'egress', ruleIndex: number, portIndex: number): CompletionEntry[] {
  const { loc, model, policyNs, span, space } = input;
  const written = nodeAtPath(loc, ['spec', dir, ruleIndex, 'ports', portIndex]);
  const protoNode = isMap(written) ? get(loc.doc, written, 'protocol') : undefined;
  const protocol = protoNode === undefined ? undefined : readProtocol(protoNode);
  const named = new Map<string, string[]>();
  const numbers = new Map<number, string[]>();
  for (const w of portDestinations(loc, dir, ruleIndex, model, policyNs)) {
    for (const p of w.ports) {
      if (protocol && p.protocol !== protocol) continue;
      const who = `${w.name}`;
      if (p.name) add(named, p.name, `${p.containerPort}/${p.protocol} on ${who}`);
      add(numbers, p.containerPort, `${p.name ?? p.protocol} on ${who}`);
    }
  }
  const out: CompletionEntry[] = [];
  for (const [name, where] of [...named].sort((a, b) => a[0].localeCompare(b[0]))) {
    out.push(entry(name, 'port', span, space, summary(where), 'A named port resolves on each destination pod to its container port of that name and protocol.'));
  }
  for (const [n, where] of [...numbers].sort((a, b) => a[0] - b[0])) out.push(entry(String(n), 'port', span, space, summary(where)));
  return out;
}

/** Items for the value at `path` (from the object root). */
export function valueEntries(input: ValueInput, path: readonly PathSegment[]): CompletionEntry[] {
  const { loc, model, policyNs, span, space } = input;
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  if (path.length === 1 && last === 'apiVersion') return [entry('networking.k8s.io/v1', 'value', span, space)];
  if (path.length === 1 && last === 'kind') return [entry('NetworkPolicy', 'value', span, space)];
  if (path.length === 2 && path[0] === 'metadata' && last === 'namespace') {
    return [...model.namespaces.keys()].sort().map((n) => entry(n, 'namespace', span, space, 'namespace'));
  }
  const d = path[1];
  if (path[0] === 'spec' && (d === 'ingress' || d === 'egress') && typeof path[2] === 'number' && path[3] === 'ports' && typeof path[4] === 'number' && last === 'port' && path.length === 6) {
    return portEntries(input, d, path[2], path[4]);
  }
  const selPath = selectorPathOf(path);
  if (selPath) {
    const cands = selectorCandidates(loc, selPath, model, policyNs);
    const rel = path.slice(selPath.length);
    // matchLabels: {key: |}
    if (rel[0] === 'matchLabels' && rel.length === 2 && typeof last === 'string') {
      return [...labelValues(cands, last)].map(([v, who]) => entry(v, 'value', span, space, `${last}=${v}`, `Set on ${summary(who)}.`));
    }
    if (rel[0] === 'matchExpressions' && typeof rel[1] === 'number') {
      const expr = nodeAtPath(loc, [...selPath, 'matchExpressions', rel[1]]);
      if (rel[2] === 'key' && rel.length === 3) return labelKeyEntries(cands, new Set(), span, true).map((e) => ({ ...e, insertText: `${space ? ' ' : ''}${e.label}` }));
      if (rel[2] === 'values' && rel.length === 4) {
        const key = scalarString(get(loc.doc, expr, 'key'));
        const have = new Set(seqItems(loc.doc, get(loc.doc, expr, 'values')).map((n) => scalarString(n)));
        if (key) return [...labelValues(cands, key)].filter(([v]) => !have.has(v)).map(([v, who]) => entry(v, 'value', span, space, `${key}=${v}`, `Set on ${summary(who)}.`));
      }
    }
  }
  const s = schemaAt(path);
  if (s?.enum) {
    // A list of enum values (policyTypes): offer the ones not there yet.
    const list = parent !== undefined && typeof last === 'number' ? nodeAtPath(loc, path.slice(0, -1)) : undefined;
    const have = new Set(isSeq(list) ? list.items.map((n, i) => (i === last ? undefined : scalarString(n))) : []);
    return s.enum.filter((v) => !have.has(v)).map((v) => entry(v, 'enum', span, space, undefined, s.doc));
  }
  return [];
}
