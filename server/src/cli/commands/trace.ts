// `netlens trace URL`: follows a request from the internet through a Gateway (or an Ingress) to the pods,
// naming each deciding object with its location; text or JSON.
import { traceUrl, type Span, type TraceResult } from '../../core/index.ts';
import { EXIT_OK, EXIT_USAGE, UsageError, type Command } from '../command.ts';
import { loadedModel, type LoadedModel } from '../load-model.ts';
import { reportCommand } from '../report-command.ts';
import { SETTINGS_USAGE } from '../settings-args.ts';

const USAGE = `Usage: netlens trace URL [--format text|json] [--config FILE] [--rule CODE=SEVERITY]... [paths...]

Follows a request for URL (e.g. https://grafana.example.net/api) through the Gateway API objects of the
given files and directories (default: .): the Gateway address and the listener that takes it (protocol
from the scheme, port from the URL or 80/443, the most specific hostname), the route rule that takes the
host and path by Gateway API precedence (the route's most specific matching hostname, then path, method,
header and query matches, age, name, rule order), the Service and port, the pods, and whether the policies let the Gateway's data plane
reach them (netlens.gateway.dataPlanes). A URL carries no method, headers or query parameters: rules that
need them and would come first are listed as conditional paths ("if the request has header version: two:
would instead go to ..."). Ingress and Traefik IngressRoute objects that serve the host and path are listed too.

Options:
  --format text|json  text (default): one line per step with file:line:col (1-based).
                      json: {"url", "scheme", "host", "port", "path", "paths": [{"entry", "reaches",
                      "steps": [{"kind", "text", "ok", "condition"?, "file", "range"}]}], "notes"} with
                      0-based ranges; "condition" (e.g. "method GET and header version: two") marks a
                      conditional path.
${SETTINGS_USAGE}
  -h, --help          Show this help.

Exit status: 0 when some path reaches a pod, 1 when the request reaches none, 2 on usage errors.
`;

export const command: Command = reportCommand({
  name: 'trace',
  summary: 'Follow a URL through Gateways and routes to the pods, with the policies on the way',
  usage: USAGE,
  formats: ['text', 'json'],
  run({ format, positionals, io, load }) {
    const [url, ...paths] = positionals;
    if (!url) throw new UsageError('a URL is required (example: netlens trace https://app.example.com/api)');
    const ws = loadedModel(load(paths));
    const result = traceUrl(ws.model, ws.files, ws.options, url);
    if ('error' in result) {
      io.stderr(`netlens trace: ${result.error}\n`);
      return EXIT_USAGE;
    }
    io.stdout(format === 'json' ? `${JSON.stringify(traceJson(result, ws), null, 2)}\n` : traceText(result, ws));
    return result.paths.some((p) => p.reaches) ? EXIT_OK : 1;
  },
});

function where(ws: LoadedModel, uri: string | undefined, span: Span | undefined): { file: string | null; range: { start: { line: number; character: number }; end: { line: number; character: number } } | null } {
  const f = uri ? ws.files.get(uri) : undefined;
  return { file: uri ? (ws.display.get(uri) ?? uri) : null, range: f && span ? { start: f.lines.positionAt(span.start), end: f.lines.positionAt(span.end) } : null };
}

function traceJson(r: TraceResult, ws: LoadedModel): unknown {
  return { url: r.url, scheme: r.scheme, host: r.host, port: r.port, path: r.path, paths: r.paths.map((p) => ({ entry: p.entry, reaches: p.reaches, ...(p.undecided ? { undecided: true } : {}), steps: p.steps.map((s) => ({ kind: s.kind, text: s.text, ok: s.ok, ...(s.condition ? { condition: s.condition } : {}), ...where(ws, s.uri, s.span) })) })), notes: r.notes };
}

function traceText(r: TraceResult, ws: LoadedModel): string {
  const lines = [`${r.scheme}://${r.host}:${r.port}${r.path}`];
  for (const p of r.paths) {
    lines.push('', `via ${p.entry}: ${p.reaches ? 'reaches the pods' : p.undecided ? 'not decided from the workspace' : 'does not reach any pod'}`);
    for (const s of p.steps) {
      const w = where(ws, s.uri, s.span);
      const loc = w.file && w.range ? `  ${w.file}:${w.range.start.line + 1}:${w.range.start.character + 1}` : '';
      lines.push(`  ${s.ok ? ' ' : '✗'} ${s.kind.padEnd(8)} ${s.text}${loc}`);
    }
  }
  for (const n of r.notes) lines.push('', n);
  return `${lines.join('\n')}\n`;
}
