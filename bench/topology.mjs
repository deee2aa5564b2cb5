// Benchmark section `topology`: graph + Mermaid text for a 300-workload workspace (target: Mermaid <= 20 ms), and
// render time in headless chromium for the collapsed view and one expanded namespace (each <= 1 s).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import core from '../server/src/core/index.ts';
import trafficMod from '../server/src/core/connectivity/traffic.ts';
import graphMod from '../server/src/core/topology/graph.ts';
import collapseMod from '../server/src/core/topology/collapse.ts';

// The engine is CommonJS under tsx (no "type": "module"): take its exports from the default import.
const { buildModel, DEFAULT_OPTIONS, parseFile, collapseTopology, toMermaid } = core;
const { allowedTraffic } = trafficMod;
const { buildTopology } = graphMod;
const { foldDenseNamespaces } = collapseMod;

const NAMESPACES = 15;
const PER_NS = 20;

/** One namespace: 20 deployments, default-deny, DNS, same-namespace traffic, web from ingress, app -> shared db. */
function namespaceYaml(i) {
  const ns = `team-${String(i).padStart(2, '0')}`;
  const docs = [];
  for (let j = 0; j < PER_NS; j++) {
    const role = j === 0 ? 'web' : j === 1 ? 'db' : `svc-${j}`;
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: ${role}, namespace: ${ns}}
spec:
  selector: {matchLabels: {app: ${role}}}
  template:
    metadata: {labels: {app: ${role}, tier: ${j < 2 ? 'edge' : 'backend'}}}
    spec:
      containers:
        - name: main
          image: example/${role}:1
          ports: [{name: http, containerPort: 8080}, {name: metrics, containerPort: 9090}]`);
  }
  docs.push(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: ${ns}}
spec: {podSelector: {}, policyTypes: [Ingress, Egress]}`);
  docs.push(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-dns, namespace: ${ns}}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress: [{to: [{namespaceSelector: {}, podSelector: {matchLabels: {k8s-app: kube-dns}}}], ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]}]`);
  docs.push(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: same-namespace, namespace: ${ns}}
spec:
  podSelector: {matchLabels: {tier: backend}}
  policyTypes: [Ingress, Egress]
  ingress: [{from: [{podSelector: {}}], ports: [{port: http}]}]
  egress: [{to: [{podSelector: {matchLabels: {tier: backend}}}]}, {to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: team-00}}, podSelector: {matchLabels: {app: db}}}], ports: [{port: 8080}]}]`);
  docs.push(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: ${ns}}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress: [{from: [{namespaceSelector: {}}], ports: [{port: 8080}]}]
  egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}], ports: [{port: 443}]}, {to: [{podSelector: {matchLabels: {tier: backend}}}]}]
  policyTypes: [Ingress, Egress]`);
  return { uri: `file:///bench/${ns}.yaml`, text: docs.join('\n---\n') + '\n' };
}

/**
 * A dense graph for the preview: `count` workloads in 4 namespaces, each admitting `fanIn` others, each through
 * a rule of its own on three ports (so no fan marker folds them: every arrow is drawn with its label).
 */
function denseYaml(count, fanIn) {
  const docs = [];
  const ns = (i) => `dense-${i % 4}`;
  for (let i = 0; i < count; i++) {
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: w${i}, namespace: ${ns(i)}}
spec:
  selector: {matchLabels: {app: w${i}}}
  template:
    metadata: {labels: {app: w${i}}}
    spec:
      containers: [{name: main, image: example/w:1, ports: [{containerPort: 8080}, {containerPort: 9090}, {containerPort: 5432}]}]`);
    const rules = Array.from({ length: fanIn }, (_, k) => {
      const j = (i + 1 + k) % count;
      return `    - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ${ns(j)}}}, podSelector: {matchLabels: {app: w${j}}}}]
      ports: [{port: 8080}, {port: 9090}, {port: 5432}]`;
    });
    docs.push(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: in-w${i}, namespace: ${ns(i)}}
spec:
  podSelector: {matchLabels: {app: w${i}}}
  policyTypes: [Ingress]
  ingress:
${rules.join('\n')}`);
  }
  return { uri: 'file:///bench/dense.yaml', text: docs.join('\n---\n') + '\n' };
}

const ms = (t0) => performance.now() - t0;
const fmt = (x) => `${x.toFixed(1)} ms`;
const verdict = (x, target) => (x <= target ? 'PASS' : 'MISS');

const inputs = Array.from({ length: NAMESPACES }, (_, i) => namespaceYaml(i));
let t0 = performance.now();
const files = inputs.map((f) => parseFile(f.uri, f.text, DEFAULT_OPTIONS));
const model = buildModel(files, DEFAULT_OPTIONS);
const tModel = ms(t0);
const workloads = model.workloads.filter((w) => w.kind !== 'ClusterWorkload').length;

// Graph: all pairs through the connectivity engine (candidate pairs from per-peer selections).
let calls = 0;
const counting = (m, a, b) => {
  calls++;
  return allowedTraffic(m, a, b);
};
t0 = performance.now();
const graph = buildTopology(model, { externalPeers: true }, { kind: 'workspace' }, counting);
const tGraph = ms(t0);

const runs = 20;
let best = Infinity;
let text = '';
for (let i = 0; i < runs; i++) {
  t0 = performance.now();
  text = toMermaid(graph);
  best = Math.min(best, ms(t0));
}
t0 = performance.now();
// What the preview draws (view.ts): namespace level, and dense namespaces' internal flows counted, not drawn.
const collapsed = foldDenseNamespaces(collapseTopology(graph));
const collapsedText = toMermaid(collapsed);
const tCollapse = ms(t0);
const expanded = foldDenseNamespaces(collapseTopology(graph, ['team-03']));
const expandedText = toMermaid(expanded);

console.log(`workspace: ${workloads} workloads in ${NAMESPACES} namespaces, ${model.policies.length} policies (model ${fmt(tModel)})`);
console.log(`graph (all pairs): ${fmt(tGraph)}, ${graph.nodes.length} nodes, ${graph.edges.length} edges, ${calls} engine calls (of ${workloads * workloads} pairs)`);
console.log(`mermaid text, full graph: ${fmt(best)} best of ${runs} (${(text.length / 1024).toFixed(0)} KB)  target <= 20 ms  ${verdict(best, 20)}`);
console.log(`collapse + mermaid: ${fmt(tCollapse)}; collapsed ${collapsed.nodes.length} nodes / ${collapsed.edges.length} edges; expanded team-03: ${expanded.nodes.length} nodes / ${expanded.edges.length} edges`);

// A fresh clone: install Debian's chromium as the render tests do (a no-op when present).
if (!fs.existsSync('/usr/bin/chromium')) spawnSync('bash', ['scripts/ensure-chromium.sh'], { stdio: ['ignore', 'ignore', 'inherit'] });
if (!fs.existsSync('/usr/bin/chromium') || !fs.existsSync('dist/preview.js')) {
  console.log('render: skipped (needs /usr/bin/chromium — scripts/ensure-chromium.sh — and dist/preview.js)');
} else {
  const pageMod = await import('../test/render/page.ts');
  const { launch, openPage, previewUpdate, previewView, render, updateOf } = pageMod.default ?? pageMod;
  const messagesMod = await import('../client/src/preview/messages.ts');
  // The preview's folding thresholds (nodes, arrows): the dense graph follows them.
  const { PREVIEW_COLLAPSE_ABOVE, PREVIEW_MAX_EDGES } = messagesMod.default ?? messagesMod;
  // The update as the panel posts it (page.ts updateOf mirrors client/src/preview/panel.ts): a hand-built message
  // drifts from the protocol, and the page drops a message it does not accept (parseToWebview) and never renders.
  const update = (g, mermaid, seq) => updateOf({ graph: g, mermaid }, seq);
  const browser = await launch();
  try {
    const { page } = await openPage(browser);
    // Main-thread CPU time of the page (CDP ThreadTime): on a busy machine wall time mostly measures waiting.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const cpu = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime')?.value ?? 0;
    const measure = async (u) => {
      const c0 = await cpu();
      const wall = await render(page, u, 120_000);
      return { wall, cpu: ((await cpu()) - c0) * 1000 };
    };
    // The first render pays for loading mermaid and ELK once; a live preview has done that already.
    const warm = await measure(update(collapsed, collapsedText, 1));
    const times = { collapsed: [], expanded: [] };
    let seq = 2;
    for (let i = 0; i < 3; i++) {
      times.collapsed.push(await measure(update(collapsed, collapsedText, seq++)));
      times.expanded.push(await measure(update(expanded, expandedText, seq++)));
    }
    const med = (xs, k) => [...xs].map((x) => x[k]).sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const line = (what, xs) =>
      `${what}: ${fmt(med(xs, 'wall'))} wall, ${fmt(med(xs, 'cpu'))} main-thread CPU (medians of 3)  target <= 1000 ms  ${verdict(med(xs, 'wall'), 1000)}`;
    console.log(`machine load average: ${(await import('node:os')).loadavg()[0].toFixed(1)} on ${(await import('node:os')).cpus().length} cores`);
    console.log(`render (chromium, first load incl. mermaid/ELK init): ${fmt(warm.wall)} wall, ${fmt(warm.cpu)} CPU`);
    console.log(line(`render folded view (${collapsed.nodes.length} nodes, ${collapsed.edges.length} edges)`, times.collapsed));
    console.log(line(`render one namespace expanded (${expanded.nodes.length} nodes, ${expanded.edges.length} edges)`, times.expanded));

    // The slowest graph the preview shows unfolded: the most arrows among the most workloads it still draws.
    let dense;
    for (let count = PREVIEW_COLLAPSE_ABOVE; count > PREVIEW_COLLAPSE_ABOVE / 2 && !dense; count--) {
      for (let fanIn = Math.min(count - 1, Math.floor(PREVIEW_MAX_EDGES / count)); fanIn > 0 && !dense; fanIn--) {
        const f = denseYaml(count, fanIn);
        const m = buildModel([parseFile(f.uri, f.text, DEFAULT_OPTIONS)], DEFAULT_OPTIONS);
        const view = previewView(m);
        if (!view.graph.collapsed && !(view.graph.folded?.length > 0)) dense = { fanIn, model: m, nodes: view.graph.nodes.length, edges: view.graph.edges.length };
      }
    }
    const denseTimes = [];
    for (let i = 0; i < 3; i++) denseTimes.push(await measure({ ...previewUpdate(dense.model, seq), seq: seq++ }));
    console.log(line(`render densest unfolded preview (${dense.nodes} nodes, ${dense.edges} edges, ${dense.fanIn} sources per workload)`, denseTimes));
  } finally {
    await browser.close();
  }
}
