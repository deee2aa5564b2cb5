// `netlens reach`: can A reach B on port P? One question (or a batch) over the workspace, analysed once.
import fs from 'node:fs';
import path from 'node:path';
import { parsePortSpec, reach, resolveEndpoint, type ReachQuery, type RuleRef, type Verdict } from '../../core/index.ts';
import { EXIT_OK, EXIT_USAGE, InputError, UsageError, type Command } from '../command.ts';
import { reportCommand } from '../report-command.ts';
import { SETTINGS_USAGE } from '../settings-args.ts';
import type { ReportWorkspace } from './report-model.ts';

const USAGE = `Usage: netlens reach --from A --to B --port P[/PROTO] [--format text|json] [--config FILE] [--rule CODE=SEVERITY]... [paths...]
       netlens reach --batch FILE [--format text|json] [--config FILE] [--rule CODE=SEVERITY]... [paths...]

Answers whether traffic from A to B on port P is allowed by the Kubernetes NetworkPolicies and Cilium
policies (CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy) in the given files and directories
(default: .), with the rules that decide each direction (deny rules win over every allow).

  A, B     namespace/name of a workload (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob,
           Argo Rollout, or a cluster workload from "netlens.cluster.workloads"), kind/namespace/name when
           the name is ambiguous across kinds, an IP address (outside the cluster: Cilium's world), fqdn:NAME
           (a DNS name a workload connects to), or entity:NAME (a Cilium identity: ingress, host,
           kube-apiserver, remote-node, health, world, ...).
  P/PROTO  the destination pod's port (the container port, not a Service port); PROTO is TCP (default),
           UDP, SCTP, ICMP or ICMPv6 (P is then the ICMP type).

Options:
  --from A, --to B, --port P[/PROTO]   The question.
  --batch FILE      Many questions: {"queries":[{"from":"ns/a","to":"ns/b","port":"53/UDP"}, ...]}; the
                    answers come in the same order: {"results":[{"from","to","port","allowed",...}]}.
  --format text|json  text (default): a verdict line and the reasons, 1-based line:column positions.
                    json: {"allowed", "egress": {"isolated", "allowed", "allowedBy", "isolatedBy"},
                    "ingress": {...}, "caveats"}; allowedBy items are {policy, file, range, ruleIndex,
                    direction} with files relative to the working directory and 0-based LSP ranges.
${SETTINGS_USAGE}
  -h, --help        Show this help.

Settings ("netlens.defaultNamespace", "netlens.cluster.*") come from the nearest .vscode/settings.json, or
from --config FILE.

Exit status: 0 when the question was answered, whether allowed or denied (reach is a question, not a
check); 2 for usage errors, unreadable input, or unknown workloads (the error names close matches).
`;

interface Question {
  from: string;
  to: string;
  port: string;
}

export const command: Command = reportCommand({
  name: 'reach',
  summary: 'Can A reach B on a port? (verdict with the deciding rules)',
  usage: USAGE,
  formats: ['text', 'json'],
  options: { from: { type: 'string' }, to: { type: 'string' }, port: { type: 'string' }, batch: { type: 'string' } },
  run({ format, values, positionals, io, load }) {
    const single = [values.from, values.to, values.port].filter((v) => v !== undefined).length;
    if (values.batch !== undefined && single > 0) throw new UsageError('use either --batch or --from/--to/--port, not both');
    if (values.batch === undefined && single < 3) throw new UsageError('--from, --to and --port are required (or --batch FILE)');
    const questions = values.batch !== undefined ? readBatch(values.batch as string, io.cwd) : [{ from: values.from as string, to: values.to as string, port: values.port as string }];

    const ws = load(positionals);
    const errors: string[] = [];
    const queries: ReachQuery[] = [];
    questions.forEach((q, i) => {
      const where = values.batch !== undefined ? `query ${i + 1}: ` : '';
      const from = resolveEndpoint(ws.model, q.from);
      const to = resolveEndpoint(ws.model, q.to);
      const port = parsePortSpec(q.port);
      if (!from.ok) errors.push(`${where}--from: ${from.error}`);
      if (!to.ok) errors.push(`${where}--to: ${to.error}`);
      if ('error' in port) errors.push(`${where}--port: ${port.error}`);
      if (from.ok && to.ok && !('error' in port)) queries.push({ from: from.endpoint, to: to.endpoint, port: port.port, protocol: port.protocol });
    });
    if (errors.length > 0) {
      io.stderr(errors.map((e) => `netlens reach: ${e}\n`).join(''));
      return EXIT_USAGE;
    }
    const verdicts = queries.map((q) => reach(ws.model, q));
    if (values.batch !== undefined) {
      if (format === 'json') {
        const results = verdicts.map((v, i) => ({ from: questions[i]!.from, to: questions[i]!.to, port: questions[i]!.port, ...verdictJson(v, ws) }));
        io.stdout(`${JSON.stringify({ results }, null, 2)}\n`);
      } else io.stdout(verdicts.map((v, i) => verdictText(v, questions[i]!, queries[i]!, ws)).join('\n'));
    } else if (format === 'json') io.stdout(`${JSON.stringify(verdictJson(verdicts[0]!, ws), null, 2)}\n`);
    else io.stdout(verdictText(verdicts[0]!, questions[0]!, queries[0]!, ws));
    return EXIT_OK;
  },
});

function readBatch(file: string, cwd: string): Question[] {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(path.resolve(cwd, file), 'utf8'));
  } catch (e) {
    throw new InputError(`cannot read batch file ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const list = (raw as { queries?: unknown } | null)?.queries;
  if (!Array.isArray(list)) throw new InputError(`batch file ${file} must hold {"queries": [{"from", "to", "port"}, ...]}`);
  return list.map((q, i) => {
    const r = q as Record<string, unknown> | null;
    const port = typeof r?.port === 'number' ? String(r.port) : r?.port;
    if (typeof r?.from !== 'string' || typeof r.to !== 'string' || typeof port !== 'string') {
      throw new InputError(`batch file ${file}: query ${i + 1} needs string "from" and "to" and a "port" (8080 or "53/UDP")`);
    }
    return { from: r.from, to: r.to, port };
  });
}

/** The workspace the answers point into (files relative to the working directory). */
type Analysed = ReportWorkspace;

function refJson(ref: RuleRef, ws: Analysed) {
  const f = ref.uri ? ws.files.get(ref.uri) : undefined;
  const span = ref.span;
  const range = f && span ? { start: f.parsed.lines.positionAt(span.start), end: f.parsed.lines.positionAt(span.end) } : null;
  return { policy: ref.policy, kind: ref.kind, file: f?.display ?? ref.uri ?? null, range, section: ref.section, action: ref.action, ruleIndex: ref.ruleIndex, direction: ref.direction };
}

function verdictJson(v: Verdict, ws: Analysed) {
  const dir = (d: Verdict['egress']) => ({
    isolated: d.isolated,
    allowed: d.allowed,
    allowedBy: d.allowedBy.map((r) => refJson(r, ws)),
    deniedBy: d.deniedBy.map((r) => refJson(r, ws)),
    isolatedBy: d.isolatedBy.map((r) => refJson(r, ws)),
    ...(d.allowedBecause ? { allowedBecause: d.allowedBecause } : {}),
    ...(d.unmodelled ? { unmodelled: d.unmodelled } : {}),
  });
  return { allowed: v.allowed, egress: dir(v.egress), ingress: dir(v.ingress), ...(v.l7 ? { l7: v.l7 } : {}), caveats: v.caveats };
}

function at(ref: RuleRef, ws: Analysed): string {
  const f = ref.uri ? ws.files.get(ref.uri) : undefined;
  if (!f || !ref.span) return ref.uri ?? 'settings';
  const p = f.parsed.lines.positionAt(ref.span.start);
  return `${f.display}:${p.line + 1}:${p.character + 1}`;
}

function verdictText(v: Verdict, q: Question, query: ReachQuery, ws: Analysed): string {
  const port = `${query.port}/${query.protocol}`;
  const lines = [`${v.allowed ? 'ALLOWED' : 'DENIED'}: ${q.from} -> ${q.to} on ${port}`];
  const side = (name: string, who: string, d: Verdict['egress']) => {
    if (d.deniedBy.length > 0) return `  ${name} of ${who}: DENIED by ${d.deniedBy.map((r) => `${r.policy} ${r.section}[${r.ruleIndex}] (${at(r, ws)})`).join(', ')} (a deny rule wins over every allow)`;
    if (!d.isolated) return `  ${name} of ${who}: allowed (no policy isolates it for ${name})`;
    const by = d.isolatedBy.map((r) => `${r.policy} (${at(r, ws)})`).join(', ');
    if (!d.allowed) return `  ${name} of ${who}: DENIED (isolated by ${by}; no ${name} rule allows ${name === 'egress' ? q.to : q.from} on ${port})`;
    if (d.allowedBy.length === 0 && d.allowedBecause) return `  ${name} of ${who}: allowed without a rule: ${d.allowedBecause} (isolated by ${by})`;
    const rules = d.allowedBy.map((r) => `${r.policy} ${r.section}[${r.ruleIndex}] (${at(r, ws)})`).join(', ');
    return `  ${name} of ${who}: allowed by ${rules} (isolated by ${by})`;
  };
  const outside = (e: ReachQuery['from']) => (e.kind === 'ip' ? "an IP address outside the cluster's pods" : e.kind === 'fqdn' ? 'a DNS name outside the cluster' : e.kind === 'entity' ? `the ${e.entity} entity` : undefined);
  const fromOut = outside(query.from);
  const toOut = outside(query.to);
  // A node under host policies is not "never isolated": NetLens just does not model them.
  const open = (name: string, who: string, what: string, d: Verdict['egress']) => (d.unmodelled ? `  ${name} of ${who}: not analysed: ${d.unmodelled}` : `  ${name} of ${who}: allowed (${what} is never isolated by a policy)`);
  lines.push(fromOut ? open('egress', q.from, fromOut, v.egress) : side('egress', q.from, v.egress));
  lines.push(toOut ? open('ingress', q.to, toOut, v.ingress) : side('ingress', q.to, v.ingress));
  for (const x of v.l7 ?? []) lines.push(`  L7: allowed at L4; the proxy only lets through ${x}`);
  for (const c of v.caveats) lines.push(`  caveat: ${c}`);
  return `${lines.join('\n')}\n`;
}
