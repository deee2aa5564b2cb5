// `netlens check`: validates the manifests under the given paths and prints findings as text or JSON.
import { effectiveSeverity, RULES_BY_CODE, type Finding } from '../../core/index.ts';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, formatOption, parseCommandArgs, type Command } from '../command.ts';
import type { CliIO } from '../io.ts';
import { useColor } from '../io.ts';
import { toCliFindings } from '../format/findings.ts';
import { findingsJson } from '../format/json.ts';
import { findingsText } from '../format/text.ts';
import { unreadSummary } from '../../host/files.ts';
import { displayPath } from '../files.ts';
import { analyzeGroupWorkspace, loadWorkspace, type FileGroup, type SourceFile } from '../workspace.ts';

const USAGE = `Usage: netlens check [--format text|json] [paths...]

Checks Kubernetes network manifests (NetworkPolicy) in the given files and directories (default: .).
Directories are walked for *.yaml and *.yml files, skipping node_modules and .git; a file named
explicitly is checked whatever its extension.

Options:
  --format text|json  text (default): one line per finding, file:line:col  severity  message  [code],
                      then a summary. json: {"findings":[{file, range, severity, code, message}]} with
                      0-based line/character positions (UTF-16), files relative to the working directory.
  -h, --help          Show this help.

Settings: rule severities come from "netlens.rules" in the .vscode/settings.json nearest to each path
argument (searching upwards, stopping at the repository root, the folder holding .git); without one the
defaults apply. Example: { "netlens.rules": { "cidr-host-bits": "error", "template-file": "off" } }.
Files found by walking a directory are skipped when they match "netlens.exclude" or "files.exclude"
(relative to the folder holding .vscode/), as in the editor; files named explicitly are always checked.

Exit status: 0 no errors (warnings allowed), 1 at least one error, 2 usage or I/O error.
`;

export const command: Command = {
  name: 'check',
  summary: 'Validate NetworkPolicy manifests (exit 1 on errors)',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, { format: { type: 'string' } });
    if (values.help) {
      io.stdout(USAGE);
      return EXIT_OK;
    }
    const format = formatOption(values.format as string | undefined, ['text', 'json'] as const, 'text');
    const workspace = loadWorkspace(positionals, io.cwd);
    let broken = false;
    const findings: Finding[] = [];
    const known: SourceFile[] = [];
    for (const group of workspace.groups) {
      known.push(...group.files, ...group.skipped.map((s) => ({ ...s, text: '' })));
      findings.push(...skippedFindings(group));
      const result = analyzeSafely(group, io);
      findings.push(...result.findings);
      broken ||= result.crashed;
    }
    const list = toCliFindings(findings, known, io.cwd);
    io.stdout(format === 'json' ? findingsJson(list) : findingsText(list, workspace.fileCount - workspace.problems.filter((p) => p.reason !== 'unreadable-directory').length, useColor(io)));
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
    return list.some((f) => f.severity === 'error') ? EXIT_FINDINGS : EXIT_OK;
  },
};

/** The one call into the engine for a group of files sharing settings: file and workspace rules. */
function analyzeGroup(group: FileGroup): Finding[] {
  return [...analyzeGroupWorkspace(group).findings.values()].flat();
}

/**
 * The engine never throws on user input, so an exception is a bug: report it on stderr (exit 2) naming the
 * file(s) that trigger it, and keep the findings of the others by re-running them one by one.
 */
export function analyzeSafely(group: FileGroup, io: CliIO, analyze: (g: FileGroup) => Finding[] = analyzeGroup): { findings: Finding[]; crashed: boolean } {
  try {
    return { findings: analyze(group), crashed: false };
  } catch {
    const findings: Finding[] = [];
    for (const file of group.files) {
      try {
        findings.push(...analyze({ ...group, files: [file] }));
      } catch (e) {
        const detail = e instanceof Error ? (e.stack ?? e.message) : String(e);
        io.stderr(`netlens: internal error while checking ${file.display} (a NetLens bug; please report it):\n${detail}\n`);
      }
    }
    return { findings, crashed: true };
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
