// Mermaid text: label escaping (quotes, brackets, HTML, backticks, #, |, unicode), safe ids, structure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeLabel, toMermaid } from '../../../server/src/core/topology/mermaid.ts';
import { encodeIdPart, workloadNodeId } from '../../../server/src/core/topology/ids.ts';
import type { TopologyGraph } from '../../../server/src/core/topology/types.ts';

const NASTY = ['"]; click x call alert(1) %%', '<script>alert(1)</script>', '`**md**`', 'a|b#c&d;', 'end', 'x\ny', 'café ✓ 😀', "it's {x}"];

test('escapeLabel turns every syntax-bearing or non-ASCII character into an entity code', () => {
  assert.equal(escapeLabel('a"]b'), 'a#34;#93;b');
  assert.equal(escapeLabel('<script>'), '#60;script#62;');
  assert.equal(escapeLabel('`x`'), '#96;x#96;');
  assert.equal(escapeLabel('a|b#c&d;%'), 'a#124;b#35;c#38;d#59;#37;');
  assert.equal(escapeLabel('café ✓ 😀'), 'caf#233; #10003; #128512;');
  assert.equal(escapeLabel('x\ny'), 'x#10;y');
  assert.equal(escapeLabel('TCP 80, 443 (ok) 10.0.0.0/8 a-b_c=d+e:f'), 'TCP 80, 443 (ok) 10.0.0.0/8 a-b_c=d+e:f');
});

test('ids are injective and Mermaid-safe', () => {
  const names = ['a-b', 'a_b', 'a.b', 'ab', 'end', 'a b', 'é'];
  const ids = names.map((n) => workloadNodeId('Deployment', 'ns', n));
  assert.equal(new Set(ids).size, names.length);
  for (const id of ids) assert.match(id, /^w_[A-Za-z0-9_]+$/);
  assert.equal(encodeIdPart('a-b'), 'a_2d_b');
  assert.equal(encodeIdPart('a_b'), 'a_5f_b');
});

function nastyGraph(): TopologyGraph {
  const nodes = NASTY.map((label, i) => ({
    id: workloadNodeId('Pod', `ns${i % 2}`, label),
    kind: 'workload' as const,
    label,
    namespace: i % 2 ? 'ns"]<b>' : 'ns`#`',
    workload: { id: `ns/${label}`, kind: 'Pod' as const, name: label },
    isolation: { ingress: i % 2 === 0, egress: false },
  }));
  const edges = nodes.slice(1).map((n, i) => ({
    id: `e${i}`,
    from: nodes[0]!.id,
    to: n.id,
    label: NASTY[i] ?? '',
    traffic: { byProtocol: {}, other: false },
    rules: [],
    caveats: [],
  }));
  return {
    nodes,
    edges,
    groups: [
      { id: 'ns_a', label: 'ns`#`', kind: 'namespace', namespace: 'ns`#`', nodeIds: nodes.filter((_, i) => i % 2 === 0).map((n) => n.id) },
      { id: 'ns_b', label: 'ns"]<b>', kind: 'namespace', namespace: 'ns"]<b>', nodeIds: nodes.filter((_, i) => i % 2 === 1).map((n) => n.id) },
    ],
    collapsed: false,
    expanded: [],
    counts: { namespaces: 2, workloads: nodes.length, policies: 0, externals: 0, edges: edges.length },
  };
}

test('no label can break out of its quotes: every quoted segment holds only safe characters and entity codes', () => {
  const text = toMermaid(nastyGraph());
  const quoted = [...text.matchAll(/"([^"]*)"/g)].map((m) => m[1] ?? '');
  assert.equal(quoted.length, 2 + NASTY.length + (NASTY.length - 1));
  for (const q of quoted) {
    const withoutEntities = q.replace(/#\d+;/g, '').replace(/<br\/>/g, '');
    assert.match(withoutEntities, /^[A-Za-z0-9 .,:/_+=()-]*$/, q);
  }
  // One statement per line: nothing a label holds (newlines, `;`, `%%`) created extra lines.
  const lines = text.trimEnd().split('\n');
  assert.equal(lines.length, 1 + 2 * 2 + NASTY.length + (NASTY.length - 1) + 5 + 2);
  assert.ok(!text.includes('<script>'));
  // Every line is one of the statements we emit; a label's `click ...` stays text inside its quotes.
  const statement = /^(flowchart LR| {2}subgraph \w+\[".*"\]| {2}end| {4}\w+(\[|\(\[|\[\/|\[\[)".*"(\]|\]\)|\/\]|\]\])| {2}\w+ e\d+@-->\|".*"\| \w+| {2}classDef \w+ [^"]*| {2}class [\w,]+ \w+)$/;
  for (const line of lines) assert.match(line, statement);
});

test('structure: subgraphs per namespace, edges with ids and quoted labels, classes by isolation', () => {
  const text = toMermaid(nastyGraph());
  assert.ok(text.startsWith('flowchart LR\n  subgraph ns_a["ns#96;#35;#96;"]\n'));
  assert.match(text, /\n {2}w_pod__ns0__[A-Za-z0-9_]+ e0@-->\|"#34;#93;#59; click x call alert\(1\) #37;#37;"\| w_pod__ns1__/);
  assert.match(text, /\n {2}class [A-Za-z0-9_,]+ partial\n/);
  assert.match(text, /\n {2}class [A-Za-z0-9_,]+ open\n/);
});

test('an empty graph is a valid, empty flowchart', () => {
  const text = toMermaid({ nodes: [], edges: [], groups: [], collapsed: false, expanded: [], counts: { namespaces: 0, workloads: 0, policies: 0, externals: 0, edges: 0 } });
  assert.equal(text, 'flowchart LR\n');
});
