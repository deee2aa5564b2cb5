// `netlens coverage`: NetworkPolicy coverage per namespace and the gaps to close, as markdown or json.
import { coverageMarkdown, coverageOf } from '../../core/index.ts';
import { EXIT_OK, formatOption, parseCommandArgs, type Command } from '../command.ts';
import type { CliIO } from '../io.ts';
import { reportWorkspace } from './report-model.ts';

const USAGE = `Usage: netlens coverage [--format markdown|json] [paths...]

Per namespace: workloads, valid NetworkPolicies, whether a default-deny policy exists for ingress and for
egress (podSelector: {}, the direction in policyTypes, no rules), the status (covered: every workload
isolated both ways; partially covered; no policies) and the workloads left open. Then the gaps, with
recommendations: namespaces without policies, missing default-deny, egress-isolated workloads without DNS.

Options:
  --format markdown|json  markdown (default): the coverage table and a numbered list of gaps.
                          json: {"namespaces":[...], "gaps":[...]}.
  -h, --help              Show this help.

Exit status: 0 success, 2 usage or I/O error.
`;

export const command: Command = {
  name: 'coverage',
  summary: 'NetworkPolicy coverage per namespace, with gaps and recommendations',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, { format: { type: 'string' } });
    if (values.help) {
      io.stdout(USAGE);
      return EXIT_OK;
    }
    const format = formatOption(values.format as string | undefined, ['markdown', 'json'] as const, 'markdown');
    const ws = reportWorkspace('coverage', positionals, io);
    const report = coverageOf(ws.model);
    io.stdout(format === 'markdown' ? coverageMarkdown(report) : `${JSON.stringify(report, null, 2)}\n`);
    return EXIT_OK;
  },
};
