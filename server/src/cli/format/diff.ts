// `netlens diff` output: the exact JSON shape, a PR-comment Markdown (opened, closed, new problems, file links)
// and plain text. Input is the engine's diff plus where each side's files live.
import type { ConnectivityDiff, ExposureChange, FlowChange, Position, RuleRef, Span } from '../../core/index.ts';
import { markdownTable, mdCell } from '../../core/reports/table.ts';
import type { CliFinding } from './findings.ts';

/** What a side knows about its files: display path (from the cwd), repository path, positions. */
export interface SideFiles {
  display(uri: string): string | undefined;
  repoPath(uri: string): string | undefined;
  position(uri: string, offset: number): Position | undefined;
  /** The uri of a file by its display path (findings carry display paths). */
  uriOf(display: string): string | undefined;
}

export interface DiffReport {
  base: string;
  diff: ConnectivityDiff;
  baseFiles: SideFiles;
  headFiles: SideFiles;
  findings: { added: CliFinding[]; removed: CliFinding[] };
}

type Location = { file: string; range: { start: Position; end: Position } } | null;

function location(files: SideFiles, uri: string | undefined, span: Span | undefined): Location {
  if (!uri || !span) return null;
  const file = files.display(uri);
  const start = files.position(uri, span.start);
  const end = files.position(uri, span.end);
  return file !== undefined && start && end ? { file, range: { start, end } } : null;
}

function flowJson(c: FlowChange, files: SideFiles) {
  return {
    source: c.from.name,
    destination: c.to.name,
    port: c.port,
    protocol: c.protocol,
    allowedBy: c.rules.map((r) => ({ policy: r.policy, direction: r.direction, ruleIndex: r.ruleIndex, location: location(files, r.uri, r.span) })),
  };
}

function exposureJson(x: ExposureChange, files: SideFiles) {
  return { entry: x.entry, url: x.url, service: x.service, change: x.change, via: x.via ?? null, location: location(files, x.uri, x.span) };
}

/**
 * `{"base", "added", "removed", "exposure": {"exposed", "hidden"}, "findings": {"added", "removed"}}`; closed
 * flows' rules and hidden URLs' routes point into the base (a URL dropped by a policy: the working tree).
 */
export function diffJson(r: DiffReport): string {
  const json = {
    base: r.base,
    added: r.diff.added.map((c) => flowJson(c, r.headFiles)),
    removed: r.diff.removed.map((c) => flowJson(c, r.baseFiles)),
    exposure: {
      exposed: r.diff.exposure.exposed.map((x) => exposureJson(x, r.headFiles)),
      hidden: r.diff.exposure.hidden.map((x) => exposureJson(x, x.change === 'blocked' ? r.headFiles : r.baseFiles)),
    },
    findings: r.findings,
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function summaryLine(r: DiffReport): string {
  const d = r.diff;
  const e = d.exposure;
  // Exposure is named only when it changed, so a policy-only change reads as before.
  const exposure = e.exposed.length + e.hidden.length > 0 ? `${plural(e.exposed.length, 'URL')} exposed, ${plural(e.hidden.length, 'URL')} no longer served, ` : '';
  return `${plural(d.added.length, 'flow')} opened, ${plural(d.removed.length, 'flow')} closed, ${exposure}${plural(r.findings.added.length, 'new problem')}, ${plural(r.findings.removed.length, 'problem')} fixed.`;
}

const HIDDEN_WHY: Record<ExposureChange['change'], string> = { hidden: 'no longer routed', blocked: 'still routed, but a policy now drops the traffic to every pod', exposed: '' };

function exposureText(sign: string, x: ExposureChange): string {
  const why = sign === '+' ? '' : `; ${HIDDEN_WHY[x.change]}`;
  return `${sign} ${x.url} -> ${x.service}  (${x.entry}${x.via && x.via !== x.entry ? ` via ${x.via}` : ''}${why})\n`;
}

function ruleName(x: RuleRef): string {
  return `${x.policy} ${x.direction}[${x.ruleIndex}]`;
}

function ruleText(files: SideFiles, x: RuleRef): string {
  const loc = location(files, x.uri, x.span);
  return loc ? `${ruleName(x)} (${loc.file}:${loc.range.start.line + 1}:${loc.range.start.character + 1})` : ruleName(x);
}

/** Isolating policies, once each (the side that now denies a closed flow). */
function policyNames(rules: readonly RuleRef[]): string {
  return [...new Set(rules.map((x) => x.policy))].join(', ');
}

function flowText(sign: string, c: FlowChange, files: SideFiles): string {
  const port = c.protocol === 'ICMP/other' ? 'ICMP/other' : `${c.port}/${c.protocol}`;
  const why = c.rules.length > 0 ? `allowed by ${c.rules.map((x) => ruleText(files, x)).join(', ')}` : 'no policy isolates either side';
  const denied = c.deniedBy && c.deniedBy.length > 0 ? `; now denied (isolated by ${policyNames(c.deniedBy)})` : '';
  return `${sign} ${c.from.name} -> ${c.to.name} ${port}  (${sign === '+' ? '' : 'was '}${why}${denied})\n`;
}

function findingText(sign: string, f: CliFinding): string {
  return `${sign} ${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}  ${f.severity}  ${f.message}  [${f.code}]\n`;
}

export function diffText(r: DiffReport): string {
  let out = `Connectivity against ${r.base}:\n`;
  if (r.diff.added.length + r.diff.removed.length === 0) out += '  no flow opened or closed\n';
  for (const c of r.diff.added) out += flowText('+', c, r.headFiles);
  for (const c of r.diff.removed) out += flowText('-', c, r.baseFiles);
  const e = r.diff.exposure;
  if (e.exposed.length + e.hidden.length > 0) {
    out += 'Exposure:\n';
    for (const x of e.exposed) out += exposureText('+', x);
    for (const x of e.hidden) out += exposureText('-', x);
  }
  if (r.findings.added.length + r.findings.removed.length > 0) {
    out += 'Findings:\n';
    for (const f of r.findings.added) out += findingText('+', f);
    for (const f of r.findings.removed) out += findingText('-', f);
  }
  return `${out}\n${summaryLine(r)}\n`;
}

/** Links into the repository: `<url>/<repo path>#L<line>` with a URL prefix, else the path from the cwd. */
export interface LinkPrefixes {
  head?: string;
  base?: string;
}

function link(files: SideFiles, prefix: string | undefined, uri: string | undefined, line: number): string | undefined {
  if (!uri) return undefined;
  const target = prefix !== undefined ? files.repoPath(uri) : files.display(uri);
  if (target === undefined) return undefined;
  const p = target.split('/').map(encodeURIComponent).join('/');
  return `${prefix !== undefined ? `${prefix.replace(/\/+$/, '')}/` : ''}${p}#L${line + 1}`;
}

/** Link text: Kubernetes names hold no brackets, but file paths might. */
const label = (s: string) => s.replace(/[[\]]/g, '');

/** Deciding rules as `policy (ingress rule 0)`; isolating policies (rule index -1) by name only. */
function ruleLinks(files: SideFiles, prefix: string | undefined, rules: readonly RuleRef[]): string {
  if (rules.length === 0) return 'not isolated (no policy applies)';
  return rules
    .map((x) => {
      const pos = x.uri && x.span ? files.position(x.uri, x.span.start) : undefined;
      const href = pos ? link(files, prefix, x.uri, pos.line) : undefined;
      const text = x.ruleIndex < 0 ? x.policy : `${x.policy} (${x.direction} rule ${x.ruleIndex})`;
      return href ? `[${label(text)}](${href})` : text;
    })
    .join(', ');
}

const MAX_ROWS = 100;

function flowTable(changes: readonly FlowChange[], files: SideFiles, prefix: string | undefined, closed: boolean, denyFiles: SideFiles, denyPrefix: string | undefined): string {
  const header = closed ? ['Source', 'Destination', 'Port', 'Protocol', 'Was allowed by', 'Now denied by'] : ['Source', 'Destination', 'Port', 'Protocol', 'Allowed by'];
  const rows = changes.slice(0, MAX_ROWS).map((c) => {
    const cells = [c.from.name, c.to.name, c.port, c.protocol, ruleLinks(files, prefix, c.rules)];
    if (closed) cells.push(c.deniedBy === undefined ? (c.from.inHead && c.to.inHead ? '-' : 'endpoint removed') : c.deniedBy.length > 0 ? ruleLinks(denyFiles, denyPrefix, c.deniedBy) : '-');
    return cells;
  });
  // Cells carry Markdown links, so they are escaped by mdCell (pipes) but not as plain text.
  let out = markdownTable(header, rows);
  if (changes.length > MAX_ROWS) out += `\n_…and ${changes.length - MAX_ROWS} more (\`netlens diff --format json\` lists all)._\n`;
  return out;
}

function findingList(list: readonly CliFinding[], files: SideFiles, prefix: string | undefined): string {
  return (
    list
      .map((f) => {
        const where = `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}`;
        const href = link(files, prefix, files.uriOf(f.file), f.range.start.line);
        return `- **${f.severity}** \`${f.code}\` ${href ? `[${label(where)}](${href})` : where}: ${mdCell(f.message)}`;
      })
      .join('\n') + '\n'
  );
}

/** A pull-request comment: what the change opens, closes, breaks and fixes. */
export function diffMarkdown(r: DiffReport, links: LinkPrefixes = {}): string {
  let out = `## NetLens: connectivity changes against \`${r.base.replace(/`/g, '')}\`\n\n${summaryLine(r)}\n`;
  const d = r.diff;
  if (d.added.length > 0) out += `\n### Opened flows\n\n${flowTable(d.added, r.headFiles, links.head, false, r.headFiles, links.head)}`;
  if (d.removed.length > 0) out += `\n### Closed flows\n\n${flowTable(d.removed, r.baseFiles, links.base, true, r.headFiles, links.head)}`;
  if (d.exposure.exposed.length > 0) out += `\n### Newly exposed\n\n${exposureTable(d.exposure.exposed, r.headFiles, links.head, r.headFiles, links.head)}`;
  if (d.exposure.hidden.length > 0) out += `\n### No longer served\n\n${exposureTable(d.exposure.hidden, r.baseFiles, links.base, r.headFiles, links.head)}`;
  if (r.findings.added.length > 0) out += `\n### New problems\n\n${findingList(r.findings.added, r.headFiles, links.head)}`;
  if (r.findings.removed.length > 0) out += `\n### Fixed problems\n\n${findingList(r.findings.removed, r.baseFiles, links.base)}`;
  return out;
}

/** URL, entry, route (linked on the side that holds it), Service, and for hidden URLs why. */
function exposureTable(list: readonly ExposureChange[], files: SideFiles, prefix: string | undefined, headFiles: SideFiles, headPrefix: string | undefined): string {
  const hidden = list.some((x) => x.change !== 'exposed');
  const header = hidden ? ['URL', 'Entry', 'Route', 'Service', 'Why'] : ['URL', 'Entry', 'Route', 'Service'];
  const rows = list.slice(0, MAX_ROWS).map((x) => {
    const [f, p] = x.change === 'blocked' ? [headFiles, headPrefix] : [files, prefix];
    const pos = x.uri && x.span ? f.position(x.uri, x.span.start) : undefined;
    const href = pos ? link(f, p, x.uri, pos.line) : undefined;
    const via = x.via ?? '-';
    // markdownTable escapes every cell (links stay links).
    const cells = [x.url, x.entry, href ? `[${label(via)}](${href})` : via, x.service];
    if (hidden) cells.push(HIDDEN_WHY[x.change]);
    return cells;
  });
  let out = markdownTable(header, rows);
  if (list.length > MAX_ROWS) out += `\n_…and ${list.length - MAX_ROWS} more (\`netlens diff --format json\` lists all)._\n`;
  return out;
}
