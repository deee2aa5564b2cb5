// `netlens coverage`: NetworkPolicy coverage per namespace and the gaps to close, as markdown or json.
import { coverageMarkdown, coverageOf } from '../../core/index.ts';
import { EXIT_OK, type Command } from '../command.ts';
import { reportCommand } from '../report-command.ts';
import { SETTINGS_USAGE } from '../settings-args.ts';

const USAGE = `Usage: netlens coverage [--format markdown|json] [--config FILE] [--rule CODE=SEVERITY]... [paths...]

Per namespace: workloads, valid NetworkPolicies, whether a default-deny policy exists for ingress and for
egress (podSelector: {}, the direction in policyTypes, no rules), the status (covered: every workload
isolated both ways; partially covered; no policies) and the workloads left open. Then the gaps, with
recommendations: namespaces without policies, missing default-deny, egress-isolated workloads without DNS.

Options:
  --format markdown|json  markdown (default): the coverage table and a numbered list of gaps.
                          json: {"namespaces":[...], "gaps":[...]}.
${SETTINGS_USAGE}
  -h, --help              Show this help.

Exit status: 0 success, 2 usage or I/O error.
`;

export const command: Command = reportCommand({
  name: 'coverage',
  summary: 'NetworkPolicy coverage per namespace, with gaps and recommendations',
  usage: USAGE,
  formats: ['markdown', 'json'],
  run({ format, positionals, io, load }) {
    const report = coverageOf(load(positionals).model);
    io.stdout(format === 'markdown' ? coverageMarkdown(report) : `${JSON.stringify(report, null, 2)}\n`);
    return EXIT_OK;
  },
});
