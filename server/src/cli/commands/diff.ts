// `netlens diff --base REF`: what the working tree's manifests open and close compared with a git revision.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { connectivityDiff, LineIndex, parseFile, wayInOf, workspaceResults, type Finding, type Model, type Options, type WayInInput } from '../../core/index.ts';
import { GitError, renames, repoRoot, resolveCommit, revisionFiles } from '../../host/git.ts';
import { EXIT_FINDINGS, EXIT_OK, formatOption, InputError, parseCommandArgs, UsageError, type Command } from '../command.ts';
import { loadSettings } from '../config.ts';
import { displayPath } from '../files.ts';
import { diffJson, diffMarkdown, diffText, type DiffReport, type SideFiles } from '../format/diff.ts';
import { toCliFindings, type KnownFile } from '../format/findings.ts';
import type { CliIO } from '../io.ts';
import { loadWorkspace } from '../workspace.ts';

const USAGE = `Usage: netlens diff --base REF [--format text|markdown|json] [--fail-on-opened]
                   [--head-url URL] [--base-url URL] [paths...]

Compares the flows the manifests allow in the working tree with those they allowed at the git revision REF
(a branch, tag or commit), and the findings that appeared or disappeared. The base is read from git
(git ls-tree / cat-file); the checkout is never touched. Both sides are analysed with the working tree's
settings (.vscode/settings.json), so the diff shows what the manifests change. Every ordered pair of
workloads, and the ip blocks, Cilium entities and toFQDNs names either side names plus the internet, is
compared, including the traffic of pods no policy isolates, so removing a default-deny lists every flow it
opens. Exposure is compared too: the URLs served through a Gateway listener, an Ingress or IngressRoute,
and the ports of LoadBalancer/NodePort Services, each to its Service; a URL is exposed when it is routed
and no policy drops the entry's traffic to every backend pod, hidden when that stops.

Options:
  --base REF                      The revision to compare with (required).
  --format text|markdown|json     text (default): one line per change. markdown: a pull-request comment
                                  (opened flows, closed flows, new and fixed problems, with file links).
                                  json: {"base", "added": [{source, destination, port, protocol,
                                  allowedBy}], "removed": [...], "exposure": {"exposed": [{entry, url,
                                  service, via, location}], "hidden": [... with change hidden|blocked]},
                                  "findings": {"added", "removed"}}.
  --fail-on-opened                Exit 1 when the change opens a flow or exposes a URL.
  --head-url URL, --base-url URL  Markdown links as URL/<repository path>#L<line> (for example
                                  https://github.com/OWNER/REPO/blob/SHA) instead of paths from the cwd.
  -h, --help                      Show this help.

Exit status: 0 success (whatever changed), 1 a flow opened (or URL exposed) with --fail-on-opened, 2 usage or I/O error
(not a git repository, unknown revision).
`;

interface Side {
  files: Map<string, { display: string; repoPath: string; lines: LineIndex; text: string }>;
  findings: Map<string, Finding[]>;
  model: Model;
  wayIn: WayInInput;
}

function analyse(files: readonly { path: string; text: string }[], root: string, cwd: string, options: Options): Side {
  const parsed = files.map((f) => parseFile(pathToFileURL(f.path).href, f.text, options));
  // The findings `netlens check` reports: every rule, then each file's inline exceptions.
  const a = workspaceResults(parsed, options);
  const map: Side['files'] = new Map();
  files.forEach((f, i) => {
    const p = parsed[i];
    if (p) map.set(p.uri, { display: displayPath(f.path, cwd), repoPath: path.relative(root, f.path).split(path.sep).join('/'), lines: p.lines, text: f.text });
  });
  const model = a.analysis.model;
  return { files: map, findings: a.findings, model, wayIn: wayInOf(model, new Map(parsed.map((p) => [p.uri, p] as const)), options) };
}

function sideFiles(side: Side): SideFiles {
  const byDisplay = new Map([...side.files].map(([uri, f]) => [f.display, uri]));
  return {
    display: (uri) => side.files.get(uri)?.display,
    repoPath: (uri) => side.files.get(uri)?.repoPath,
    position: (uri, offset) => side.files.get(uri)?.lines.positionAt(offset),
    uriOf: (display) => byDisplay.get(display),
  };
}

function known(side: Side): KnownFile[] {
  return [...side.files].map(([uri, f]) => ({ uri, display: f.display, text: f.text }));
}

export const command: Command = {
  name: 'diff',
  summary: 'Flows opened and closed (and findings) since a git revision (text, markdown or json)',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, {
      base: { type: 'string' },
      format: { type: 'string' },
      'fail-on-opened': { type: 'boolean' },
      'head-url': { type: 'string' },
      'base-url': { type: 'string' },
    });
    if (values.help) {
      io.stdout(USAGE);
      return EXIT_OK;
    }
    const format = formatOption(values.format as string | undefined, ['text', 'markdown', 'json'] as const, 'text');
    const ref = values.base as string | undefined;
    if (!ref) throw new UsageError('--base REF is required (a branch, tag or commit to compare with)');
    const paths = positionals.length > 0 ? positionals : ['.'];
    let root: string;
    let commit: string;
    try {
      root = repoRoot(path.resolve(io.cwd, paths[0] as string));
      commit = resolveCommit(root, ref);
    } catch (e) {
      if (e instanceof GitError) throw new InputError(e.message);
      throw e;
    }
    const workspace = loadWorkspace(paths, io.cwd);
    const settings = loadSettings(path.resolve(io.cwd, paths[0] as string));
    const options = workspace.groups[0]?.options ?? settings.options;
    if (workspace.groups.length > 1) {
      io.stderr(`netlens diff: files fall under ${workspace.groups.length} settings files; using the settings of ${workspace.groups[0]?.settingsFile ?? 'the defaults'}\n`);
    }
    const specs = paths.map((p) => {
      const rel = path.relative(root, path.resolve(io.cwd, p)).split(path.sep).join('/');
      if (rel.startsWith('..') || path.isAbsolute(rel)) throw new InputError(`${p} is outside the repository ${root}`);
      return rel === '' ? '.' : rel;
    });
    const folder = settings.folder;
    const excluded = settings.excluded && folder !== undefined ? (repoPath: string) => settings.excluded?.(displayPath(path.join(root, repoPath), folder)) === true : undefined;
    let baseFiles;
    let moved;
    try {
      baseFiles = revisionFiles(root, commit, specs, excluded);
      moved = renames(root, commit);
    } catch (e) {
      if (e instanceof GitError) throw new InputError(e.message);
      throw e;
    }
    const head = analyse(workspace.groups.flatMap((g) => g.files), root, io.cwd, options);
    const base = analyse(baseFiles, root, io.cwd, options);
    const renamed = new Map<string, string>();
    for (const [from, to] of moved) renamed.set(pathToFileURL(path.join(root, from)).href, pathToFileURL(path.join(root, to)).href);

    const diff = connectivityDiff(base, head, renamed);
    const report: DiffReport = {
      base: ref,
      diff,
      baseFiles: sideFiles(base),
      headFiles: sideFiles(head),
      findings: { added: toCliFindings(diff.findings.added, known(head), io.cwd), removed: toCliFindings(diff.findings.removed, known(base), io.cwd) },
    };
    if (format === 'json') io.stdout(diffJson(report));
    else if (format === 'markdown') io.stdout(diffMarkdown(report, { head: values['head-url'] as string | undefined, base: values['base-url'] as string | undefined }));
    else io.stdout(diffText(report));
    return values['fail-on-opened'] === true && diff.added.length + diff.exposure.exposed.length > 0 ? EXIT_FINDINGS : EXIT_OK;
  },
};
