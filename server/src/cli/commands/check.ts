// `netlens check`: validates the manifests under the given paths and prints findings as text or JSON.
import fs from 'node:fs';
import path from 'node:path';
import { createWorkspaceCache, effectiveSeverity, lazyStats, RULES_BY_CODE, skippedSummary, type Finding, type ParsedFile, type SuppressedFinding } from '../../core/index.ts';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, formatOption, parseCommandArgs, UsageError, type Command } from '../command.ts';
import { findingsGithub } from '../format/github.ts';
import { findingsSarif } from '../format/sarif.ts';
import { overridesFrom, SETTINGS_ARGS, SETTINGS_USAGE } from '../settings-args.ts';
import type { CliIO } from '../io.ts';
import { useColor } from '../io.ts';
import { toCliFindings } from '../format/findings.ts';
import { findingsJson } from '../format/json.ts';
import { skippedJson, skippedText } from '../format/skipped.ts';
import { findingsText } from '../format/text.ts';
import { unreadSummary } from '../../host/files.ts';
import { displayPath } from '../files.ts';
import { groupResults, loadWorkspace, parseGroupLean, parseGroupShared, type FileGroup, type SourceFile, type Workspace } from '../workspace.ts';
import { CLI_WORKER_HEAP, openPool, worthPooling, type AnalysisPool } from '../../host/pool.ts';

const USAGE = `Usage: netlens check [--format text|json|sarif|github] [--max-warnings N] [--config FILE]
                     [--rule CODE=SEVERITY]... [--no-inline-config] [paths...]

Checks Kubernetes network manifests (NetworkPolicy) in the given files and directories (default: .).
Directories are walked for *.yaml and *.yml files, skipping node_modules and .git; a file named
explicitly is checked whatever its extension.

Options:
  --format FORMAT        text (default): one line per finding, file:line:col  severity  message  [code],
                         then a summary. json: {"findings":[{file, range, severity, code, message}]} with
                         0-based line/character positions (UTF-16), files relative to the working directory.
                         sarif: SARIF 2.1.0 for GitHub code scanning (uris relative to the repository root,
                         the folder holding .git; findings covered by inline exceptions are included as
                         suppressed results). github: GitHub Actions annotations (::error file=...::message).
  --max-warnings N       Exit 1 when there are more than N warnings (default: no limit).
${SETTINGS_USAGE}
  -h, --help             Show this help.

Settings: rule severities ("netlens.rules") and team conventions ("netlens.conventions.*") come from the
.vscode/settings.json nearest to each path argument (searching upwards, stopping at the repository root,
the folder holding .git), or from --config; without either the defaults apply. Example:
{ "netlens.rules": { "cidr-host-bits": "error" }, "netlens.conventions.requireDefaultDeny": "both" }.
Files found by walking a directory are skipped when they match "netlens.exclude" or "files.exclude"
(relative to the folder holding .vscode/), as in the editor; files named explicitly are always checked.
Inline exceptions: "# netlens-disable-next-line CODE -- reason", "# netlens-disable CODE -- reason"
(the YAML document) and the annotation netlens.io/ignore: "CODE,...". "netlens config" prints the
effective settings and where each came from.

Exit status: 0 no errors (and no more warnings than --max-warnings), 1 at least one error or too many
warnings, 2 usage or I/O error (bad flag, missing path, unreadable settings, an internal error).
`;

export const command: Command = {
  name: 'check',
  summary: 'Validate NetworkPolicy manifests (exit 1 on errors)',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, { format: { type: 'string' }, 'max-warnings': { type: 'string' }, ...SETTINGS_ARGS });
    if (values.help) {
      io.stdout(USAGE);
      return EXIT_OK;
    }
    const format = formatOption(values.format as string | undefined, ['text', 'json', 'sarif', 'github'] as const, 'text');
    const maxWarnings = maxWarningsOption(values['max-warnings'] as string | undefined);
    const overrides = overridesFrom(values, io.cwd);
    // With NETLENS_WORKERS=N, worker threads analyse the files with this thread, each taking its share
    // (cli/workspace.ts parseGroupShared); the output is the same either way. They start before the files are
    // read, so they have loaded the engine by the time there is work.
    const pool = openPool(undefined, CLI_WORKER_HEAP);
    pool?.warm();
    try {
      return await check(loadWorkspace(positionals, io.cwd, overrides), positionals, format, maxWarnings, io, pool);
    } finally {
      await pool?.close();
    }
  },
};

/** Checks the loaded workspace group by group (with the pool's workers when there is one) and prints the findings. */
async function check(workspace: Workspace, positionals: string[], format: 'text' | 'json' | 'sarif' | 'github', maxWarnings: number | undefined, io: CliIO, pool: AnalysisPool | undefined): Promise<number> {
  let broken = false;
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const known: SourceFile[] = [];
  const parsed: ParsedFile[] = [];
  const undecodable: { uri: string; what: string }[] = [];
  for (const group of workspace.groups) {
    // check prints no fixes: the workspace rules build none (building one reads trees the lean files dropped).
    const cache = createWorkspaceCache({ fixes: false });
    let own: ParsedFile[] | undefined;
    try {
      own = pool && worthPooling(group.files.length) ? await parseGroupShared(group, pool, cache) : parseGroupLean(group, cache);
    } catch {
      // Never on user input; analyzeSafely below parses again and reports the file that throws.
    }
    for (const s of group.skipped) if (s.reason === 'not-utf8' || s.reason === 'too-large') undecodable.push({ uri: s.uri, what: s.message });
    known.push(...group.files, ...group.skipped.map((s) => ({ ...s, text: '' })));
    findings.push(...skippedFindings(group));
    for (const problem of group.options.settingsProblems ?? []) io.stderr(`netlens: ${group.settingsFile ?? 'settings'}: ${problem}\n`);
    const result = analyzeSafely(group, io, (g) => {
      const r = g === group && own ? groupResults(g, own, cache) : groupResults(g);
      if (g === group) parsed.push(...r.parsed);
      return { findings: [...r.findings.values()].flat(), suppressed: r.suppressed };
    });
    findings.push(...result.findings);
    suppressed.push(...result.suppressed);
    broken ||= result.crashed;
  }
  // NETLENS_WORKERS_LOG=1: how much the worker threads took, and how many files kept without their trees (from a
  // worker or this thread: cli/workspace.ts leanFile) were parsed again after all (benchmarks and tests only).
  if (process.env.NETLENS_WORKERS_LOG === '1') io.stderr(`netlens: worker threads analysed ${pool?.analysed ?? 0} file(s); ${lazyStats.parsed} file(s) kept without trees parsed again here\n`);
  const list = toCliFindings(findings, known, io.cwd);
  if (format === 'sarif') io.stdout(findingsSarif({ findings, suppressed, texts: new Map(known.map((f) => [f.uri, f.text])), root: repositoryRoot(io.cwd) }));
  else if (format === 'github') io.stdout(findingsGithub(list));
  else {
    // Honest about its reach: what was not analysed, per reason, ends the output.
    const skipped = skippedSummary(parsed, undecodable);
    io.stdout(format === 'json' ? findingsJson(list, skippedJson(skipped)) : findingsText(list, workspace.fileCount - workspace.problems.filter((p) => p.reason !== 'unreadable-directory').length, useColor(io)) + skippedText(skipped));
  }
  // What could not be read (unreadable files and directories, special files): the summary the editor shows
  // too, and exit 2 since the check is incomplete. The rest was checked all the same.
  if (workspace.problems.length > 0) {
    io.stderr(`netlens: ${unreadSummary(workspace.problems, (p) => displayPath(p, io.cwd))}`);
    broken = true;
  }
  if (workspace.fileCount === 0) {
    const excluded = workspace.excludedCount > 0 ? ` (${workspace.excludedCount} excluded by netlens.exclude / files.exclude)` : '';
    io.stderr(`netlens: no YAML files found in ${positionals.length ? positionals.join(', ') : '.'}${excluded}\n`);
  }
  if (broken) return EXIT_USAGE;
  if (list.some((f) => f.severity === 'error')) return EXIT_FINDINGS;
  const warnings = list.filter((f) => f.severity === 'warning').length;
  if (maxWarnings !== undefined && warnings > maxWarnings) {
    io.stderr(`netlens: ${warnings} warnings, more than --max-warnings ${maxWarnings}\n`);
    return EXIT_FINDINGS;
  }
  return EXIT_OK;
}

function maxWarningsOption(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`--max-warnings expects a whole number, not '${v}'`);
  return Number(v);
}

/** The folder holding .git above `cwd` (SARIF uris are relative to it, as code scanning expects), else `cwd`. */
function repositoryRoot(cwd: string): string {
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return cwd;
  }
}

/** The one call into the engine for a group of files sharing settings: file and workspace rules. */
function analyzeGroup(group: FileGroup): GroupFindings {
  const r = groupResults(group);
  return { findings: [...r.findings.values()].flat(), suppressed: r.suppressed };
}

interface GroupFindings {
  findings: Finding[];
  suppressed: SuppressedFinding[];
}

/**
 * The engine never throws on user input, so an exception is a bug: report it on stderr (exit 2) naming the
 * file(s) that trigger it, and keep the findings of the others by re-running them one by one.
 */
export function analyzeSafely(group: FileGroup, io: CliIO, analyze: (g: FileGroup) => Finding[] | GroupFindings = analyzeGroup): GroupFindings & { crashed: boolean } {
  const norm = (r: Finding[] | GroupFindings): GroupFindings => (Array.isArray(r) ? { findings: r, suppressed: [] } : r);
  try {
    return { ...norm(analyze(group)), crashed: false };
  } catch {
    const findings: Finding[] = [];
    const suppressed: SuppressedFinding[] = [];
    for (const file of group.files) {
      try {
        const r = norm(analyze({ ...group, files: [file] }));
        findings.push(...r.findings);
        suppressed.push(...r.suppressed);
      } catch (e) {
        const detail = e instanceof Error ? (e.stack ?? e.message) : String(e);
        io.stderr(`netlens: internal error while checking ${file.display} (a NetLens bug; please report it):\n${detail}\n`);
      }
    }
    return { findings, suppressed, crashed: true };
  }
}

/** Files not UTF-8 or far too large get the engine's "not analysed" finding, with the configured severity. */
function skippedFindings(group: FileGroup): Finding[] {
  const rule = RULES_BY_CODE.get('file-not-analyzed');
  const severity = rule && effectiveSeverity(rule, group.options);
  if (!rule || !severity) return [];
  return group.skipped
    .filter((s) => s.reason === 'not-utf8' || s.reason === 'too-large')
    .map((s) => ({ uri: s.uri, span: { start: 0, end: 0 }, code: rule.code, severity, message: s.message }));
}
