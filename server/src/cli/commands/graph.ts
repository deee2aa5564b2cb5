// `netlens graph`: the topology of allowed flows as Mermaid, a Markdown section with a ```mermaid fence, or JSON.
import { arrowCounts, topologyView, wayInOf, type TopologyGraph, type TopologyView } from '../../core/index.ts';
import { EXIT_OK, type Command } from '../command.ts';
import { reportCommand } from '../report-command.ts';
import { SETTINGS_USAGE } from '../settings-args.ts';
import { fileRange, listOption, type ReportWorkspace } from './report-model.ts';

const USAGE = `Usage: netlens graph [--format mermaid|markdown|json] [--namespace NS]... [--no-externals]
                    [--expand NS]... [--full] [--config FILE] [--rule CODE=SEVERITY]... [paths...]

Draws the traffic the policies allow (NetworkPolicy, CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy),
computed by the connectivity engine: workloads grouped by namespace, the ip blocks rules name (the internet
for 0.0.0.0/0), Cilium entities and toFQDNs names, cluster workloads from settings (kube-dns), and an arrow
for every flow a policy rule decides, labelled with its ports (dotted when Cilium L7 rules narrow it). The
way in is drawn too: outside -> Gateway / Ingress / IngressRoute / LoadBalancer or NodePort Service -> route
-> Service -> pods, with a crossed arrow where a policy drops the gateway's traffic. Workloads no policy
isolates are marked open (all their traffic is allowed; those flows are not drawn). Above 60 nodes the graph
folds into one node per namespace (and each gateway stands for its routes), and above 200 arrows the flows
inside the densest namespaces are counted on their title instead of drawn; --expand shows one namespace
workload by workload (or one gateway's routes, by its node id, e.g. g_infra__edge), --full never folds.

Options:
  --format mermaid|markdown|json  mermaid (default): flowchart text. markdown: a section with a \`\`\`mermaid
                                  fence and a legend, ready for a README. json: nodes, edges (with the
                                  deciding rules as file + 0-based range) and the Mermaid text.
  --namespace NS                  Focus on this namespace and the workloads with flows to or from it
                                  (repeatable).
  --no-externals                  Leave out ip blocks and cluster workloads from settings.
  --expand NS|GATEWAY-NODE-ID     Keep this namespace (or gateway's routes) open when the graph is folded
                                  (repeatable).
  --full                          Never fold (namespaces, or the flows inside a dense namespace).
${SETTINGS_USAGE}
  -h, --help                      Show this help.

Exit status: 0 success, 2 usage or I/O error.
`;

export const LEGEND = `Legend: green border = isolated for ingress and egress; amber = isolated in one direction; red dashed =
not isolated (every flow to and from it is allowed; those flows are not drawn). Arrows are flows a
policy rule allows, labelled with protocol and ports; dotted arrows marked "L7" are allowed at L4 but
narrowed by Cilium L7 rules (HTTP, Kafka, DNS): only the requests those rules name pass the proxy, which
NetLens does not judge one by one. Thick arrows are the way in (entry -> route -> Service -> pods); a red
arrow ending in a cross is a step a policy drops, a route no listener takes, or a rule that allows nothing.`;

export const command: Command = reportCommand({
  name: 'graph',
  summary: 'Draw the allowed traffic as a Mermaid flowchart (mermaid, markdown or json)',
  usage: USAGE,
  formats: ['mermaid', 'markdown', 'json'],
  options: { namespace: { type: 'string', multiple: true }, 'no-externals': { type: 'boolean' }, expand: { type: 'string', multiple: true }, full: { type: 'boolean' } },
  run({ format, values, positionals, io, load }) {
    const ws = load(positionals);
    const parsed = new Map([...ws.files].map(([uri, f]) => [uri, f.parsed] as const));
    const view = topologyView(
      ws.model,
      {
        externalPeers: values['no-externals'] !== true,
        namespaces: listOption(values.namespace),
        expand: listOption(values.expand),
        ...(values.full ? { collapseAbove: Number.MAX_SAFE_INTEGER, maxEdges: Number.MAX_SAFE_INTEGER } : {}),
      },
      { kind: 'workspace' },
      wayInOf(ws.model, parsed, ws.options),
    );
    if (view.message) io.stderr(`netlens graph: ${view.message}\n`);
    if (format === 'mermaid') io.stdout(view.mermaid);
    else if (format === 'markdown') io.stdout(graphMarkdown(view));
    else io.stdout(`${JSON.stringify(graphJson(view, ws), null, 2)}\n`);
    return EXIT_OK;
  },
});

const KIND_ORDER = ['NetworkPolicy', 'CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy'];
const KIND_PLURAL: Record<string, string> = { NetworkPolicy: 'NetworkPolicies', CiliumNetworkPolicy: 'CiliumNetworkPolicies', CiliumClusterwideNetworkPolicy: 'CiliumClusterwideNetworkPolicies' };

/**
 * What the graph shows, each number saying what it counts: the drawn workloads, the policies that select them by
 * kind, and the arrows by what they are (allowed flows, steps of the way in, blocked steps).
 */
export function countsLine(g: TopologyGraph): string {
  const c = g.counts;
  const plural = (n: number, w: string, many = `${w}s`) => `${n} ${n === 1 ? w : many}`;
  const kinds = Object.entries(c.policyKinds ?? {}).sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const policies = kinds.length > 0 ? kinds.map(([k, n]) => plural(n, k, KIND_PLURAL[k] ?? `${k}s`)).join(', ') : c.policies > 0 ? plural(c.policies, 'policy', 'policies') : 'none';
  const a = arrowCounts(g);
  const arrows = [plural(a.flows, 'allowed flow'), ...(a.wayIn ? [plural(a.wayIn, 'step of the way in', 'steps of the way in')] : []), ...(a.blocked ? [`${a.blocked} blocked`] : [])];
  const externals = c.externals ? `, ${plural(c.externals, 'external peer')}` : '';
  return `${plural(c.workloads, 'workload')} in ${plural(c.namespaces, 'namespace')}${externals}. Policies selecting the workloads: ${policies}. Arrows${g.collapsed ? ' (folded to namespaces)' : ''}: ${c.edges} (${arrows.join(', ')}).`;
}

const rank = (k: string): number => (KIND_ORDER.includes(k) ? KIND_ORDER.indexOf(k) : KIND_ORDER.length);

export function graphMarkdown(view: TopologyView): string {
  if (view.graph.nodes.length === 0) return `## Network topology\n\n_${view.message ?? 'Nothing to draw.'}_\n`;
  return `## Network topology\n\n${countsLine(view.graph)}\n\n\`\`\`mermaid\n${view.mermaid}\`\`\`\n\n${LEGEND}\n`;
}

function graphJson(view: TopologyView, ws: ReportWorkspace) {
  const g = view.graph;
  return {
    collapsed: g.collapsed,
    expanded: g.expanded,
    counts: { ...g.counts, arrows: arrowCounts(g) },
    ...(view.message ? { message: view.message } : {}),
    groups: g.groups,
    nodes: g.nodes.map(({ location, ...n }) => ({ ...n, location: location ? fileRange(ws, location.uri, location.span) : null })),
    edges: g.edges.map(({ rules, ...e }) => ({
      ...e,
      allowedBy: rules.map((r) => ({ policy: r.policy, direction: r.direction, ruleIndex: r.ruleIndex, location: fileRange(ws, r.uri, r.span) })),
    })),
    mermaid: view.mermaid,
  };
}
