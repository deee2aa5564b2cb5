// `netlens matrix`: the connection matrix (Source, Destination, Port, Protocol, Allowed by) as markdown, csv or json.
import { connectionMatrixOf, matrixCsv, matrixJson, matrixMarkdown } from '../../core/index.ts';
import { EXIT_OK, type Command } from '../command.ts';
import { reportCommand } from '../report-command.ts';
import { SETTINGS_USAGE } from '../settings-args.ts';
import { fileRange, listOption } from './report-model.ts';

const USAGE = `Usage: netlens matrix [--format markdown|csv|json] [--namespace NS]... [--no-externals]
                     [--config FILE] [--rule CODE=SEVERITY]... [paths...]

Lists every flow a NetworkPolicy rule allows, computed by the connectivity engine: one row per source,
destination and protocol, with the ports and the policies that allow it (both directions). Workloads that
no policy isolates accept and send anything; they are named below the table instead of filling it.

Options:
  --format markdown|csv|json  markdown (default): a table for docs. csv: RFC 4180 with a header row.
                              json: {"rows":[{source, destination, port, protocol, allowedBy:[{policy,
                              direction, ruleIndex, location}]}], "openWorkloads": [...]}.
  --namespace NS              Only flows to or from this namespace (repeatable).
  --no-externals              Leave out ip blocks and cluster workloads from settings.
${SETTINGS_USAGE}
  -h, --help                  Show this help.

Exit status: 0 success, 2 usage or I/O error.
`;

export const command: Command = reportCommand({
  name: 'matrix',
  summary: 'Connection matrix of allowed flows (markdown, csv or json)',
  usage: USAGE,
  formats: ['markdown', 'csv', 'json'],
  options: { namespace: { type: 'string', multiple: true }, 'no-externals': { type: 'boolean' } },
  run({ format, values, positionals, io, load }) {
    const ws = load(positionals);
    const m = connectionMatrixOf(ws.model, { externalPeers: values['no-externals'] !== true, namespaces: listOption(values.namespace) });
    if (format === 'markdown') io.stdout(matrixMarkdown(m));
    else if (format === 'csv') io.stdout(matrixCsv(m));
    else {
      const json = matrixJson(m);
      const rows = json.rows.map((r, i) => ({
        ...r,
        allowedBy: (m.rows[i]?.rules ?? []).map((x) => ({ policy: x.policy, direction: x.direction, ruleIndex: x.ruleIndex, location: fileRange(ws, x.uri, x.span) })),
      }));
      io.stdout(`${JSON.stringify({ rows, openWorkloads: json.openWorkloads }, null, 2)}\n`);
    }
    return EXIT_OK;
  },
});
