// Quick fix text: split a block-style Cilium rule that combines peer kinds into one rule per kind (comments kept).
import { isMap, type Node, type YAMLMap } from 'yaml';
import { columnOf, eolOf } from '../fixes/yaml-text.ts';
import type { Fix } from '../types.ts';

const range = (n: unknown): [number, number, number] | undefined => (n as { range?: [number, number, number] } | null | undefined)?.range ?? undefined;

/** "Split into one rule per peer kind": each new rule keeps the other keys (toPorts, icmps, ...) and one peer kind. */
export function splitRuleFix(text: string, rule: YAMLMap, peerKeys: readonly string[]): Fix | undefined {
  if (rule.flow || rule.items.length === 0) return undefined;
  const eol = eolOf(text);
  const first = range(rule.items[0]?.key as Node | undefined);
  if (!first) return undefined;
  const contentCol = columnOf(text, first[0]);
  const lineStart = text.lastIndexOf('\n', first[0] - 1) + 1;
  const before = text.slice(lineStart, first[0]);
  // Only the usual `  - key: ...` shape: a dash, then spaces, on the first key's line.
  const dash = before.lastIndexOf('-');
  if (dash < 0 || before.slice(0, dash).trim() !== '' || before.slice(dash + 1).trim() !== '') return undefined;
  // Each pair owns whole lines: from its key's line to the line before the next key.
  const starts: number[] = [];
  for (const pair of rule.items) {
    const k = range(pair.key as Node | undefined);
    if (!k) return undefined;
    const ls = text.lastIndexOf('\n', k[0] - 1) + 1;
    if (starts.length > 0 && text.slice(ls, k[0]).trim() !== '') return undefined; // two keys on one line
    starts.push(starts.length === 0 ? lineStart : ls);
  }
  const lastPair = rule.items[rule.items.length - 1]!;
  const endNode = range(lastPair.value as Node | undefined) ?? range(lastPair.key as Node | undefined);
  if (!endNode) return undefined;
  let end = text.indexOf('\n', Math.max(endNode[1] - 1, starts[starts.length - 1]!));
  end = end === -1 ? text.length : end + 1;
  // A block value's range may already end at the next line start.
  if (endNode[1] > 0 && text[endNode[1] - 1] === '\n') end = endNode[1];
  const segments = rule.items.map((pair, i) => ({
    key: String((pair.key as { value?: unknown }).value),
    text: text.slice(starts[i]!, i + 1 < starts.length ? starts[i + 1]! : end),
  }));
  const body = (seg: string, i: number): string => (i === 0 ? ' '.repeat(contentCol) + seg.slice(contentCol) : seg);
  const withDash = (s: string): string => ' '.repeat(dash) + '-' + s.slice(dash + 1);
  const items = peerKeys.map((peer) => {
    const kept = segments.map((s, i) => ({ ...s, text: body(s.text, i) })).filter((s) => s.key === peer || !peerKeys.includes(s.key));
    let out = kept.map((s) => s.text).join('');
    if (!out.endsWith('\n')) out += eol;
    return withDash(out);
  });
  if (!isMap(rule)) return undefined;
  return { title: `Split into ${peerKeys.length} rules, one per peer kind`, edits: [{ span: { start: lineStart, end }, newText: items.join('') }], isPreferred: true };
}
