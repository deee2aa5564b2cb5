// `netlens config`: the effective settings for the given paths and where each value came from (default, a
// settings file, --rule), so a team can see exactly what CI enforces.
import path from 'node:path';
import pkg from '../../../../package.json';
import { ALL_RULES, effectiveSeverity } from '../../core/index.ts';
import { EXIT_OK, formatOption, parseCommandArgs, type Command } from '../command.ts';
import { loadConfigFile, loadSettings, withOverrides, type LoadedSettings } from '../config.ts';
import { displayPath } from '../files.ts';
import type { CliIO } from '../io.ts';
import { overridesFrom, SETTINGS_ARGS, SETTINGS_USAGE } from '../settings-args.ts';

const USAGE = `Usage: netlens config [--format text|json] [--config FILE] [--rule CODE=SEVERITY]... [--no-inline-config] [paths...]

Prints the settings "netlens check" would use for each path (default: .): every netlens.* setting with its
effective value and its source (default, the settings file, or --rule), each rule's severity, and the
settings values that were ignored because they are invalid.

Options:
  --format text|json     text (default) or JSON ({"settings":[{path, file, values, rules, problems}]}).
${SETTINGS_USAGE}
  -h, --help             Show this help.

Exit status: 0 success, 2 usage or I/O error (e.g. an unreadable settings file).
`;

interface Entry {
  value: unknown;
  source: string;
}

interface Report {
  path: string;
  file: string | null;
  values: Record<string, Entry>;
  rules: Record<string, Entry>;
  inlineConfig: Entry;
  problems: string[];
}

/** The settings contributed in package.json (what the editor offers), minus the client-only trace setting. */
function contributedKeys(): [string, unknown][] {
  const props = (pkg.contributes?.configuration?.properties ?? {}) as Record<string, { default?: unknown }>;
  return Object.entries(props)
    .filter(([k]) => k !== 'netlens.rules' && k !== 'netlens.trace.server')
    .map(([k, v]) => [k, v.default ?? null]);
}

function lookup(raw: Record<string, unknown> | undefined, key: string): { found: boolean; value: unknown } {
  let cur: unknown = raw;
  for (const seg of key.replace(/^netlens\./, '').split('.')) {
    if (typeof cur !== 'object' || cur === null || !(seg in cur)) return { found: false, value: undefined };
    cur = (cur as Record<string, unknown>)[seg];
  }
  return { found: true, value: cur };
}

function report(p: string, s: LoadedSettings, cwd: string): Report {
  const fileName = s.file ? displayPath(s.file, cwd) : null;
  const problems = s.options.settingsProblems ?? [];
  const values: Record<string, Entry> = {};
  for (const [key, def] of contributedKeys()) {
    const hit = lookup(s.raw, key);
    const ignored = hit.found && problems.some((m) => m.startsWith(key));
    values[key] = hit.found && !ignored ? { value: hit.value, source: fileName ?? 'settings' } : { value: def, source: ignored ? `default (${fileName}'s value is invalid)` : 'default' };
  }
  const fileRules = lookup(s.raw, 'netlens.rules');
  const rules: Record<string, Entry> = {};
  for (const r of ALL_RULES) {
    const severity = effectiveSeverity(r, s.options) ?? 'off';
    const source = s.ruleOverrides?.[r.code] !== undefined ? '--rule' : s.options.rules[r.code] !== undefined && fileRules.found ? (fileName ?? 'settings') : 'default';
    rules[r.code] = { value: severity, source };
  }
  const inlineConfig: Entry = { value: s.options.inlineConfig, source: s.options.inlineConfig ? 'default' : '--no-inline-config' };
  return { path: p, file: fileName, values, rules, inlineConfig, problems };
}

function text(reports: Report[]): string {
  const out: string[] = [];
  for (const r of reports) {
    out.push(`Settings for ${r.path} (${r.file ? `from ${r.file}` : 'no settings file: defaults'})`, '');
    const rows: [string, string, string][] = Object.entries(r.values).map(([k, e]) => [k, JSON.stringify(e.value), e.source]);
    rows.push(['inline exceptions', r.inlineConfig.value ? 'honoured' : 'ignored', r.inlineConfig.source]);
    for (const [code, e] of Object.entries(r.rules)) rows.push([`netlens.rules.${code}`, String(e.value), e.source]);
    const w1 = Math.max(...rows.map((x) => x[0].length));
    const w2 = Math.min(40, Math.max(...rows.map((x) => x[1].length)));
    for (const [k, v, src] of rows) out.push(`${k.padEnd(w1)}  ${v.padEnd(w2)}  ${src}`);
    if (r.problems.length > 0) out.push('', 'Ignored (invalid):', ...r.problems.map((m) => `  ${m}`));
    out.push('');
  }
  return out.join('\n');
}

export const command: Command = {
  name: 'config',
  summary: 'Print the effective settings and where each came from',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, { format: { type: 'string' }, ...SETTINGS_ARGS });
    if (values.help) {
      io.stdout(USAGE);
      return EXIT_OK;
    }
    const format = formatOption(values.format as string | undefined, ['text', 'json'] as const, 'text');
    const overrides = overridesFrom(values, io.cwd);
    const reports = (positionals.length > 0 ? positionals : ['.']).map((p) => {
      const loaded = overrides.configFile !== undefined ? loadConfigFile(overrides.configFile) : loadSettings(path.resolve(io.cwd, p));
      return report(p, withOverrides(loaded, overrides), io.cwd);
    });
    io.stdout(format === 'json' ? `${JSON.stringify({ settings: reports }, null, 2)}\n` : text(reports));
    return EXIT_OK;
  },
};
