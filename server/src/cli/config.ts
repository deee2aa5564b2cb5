// Reads NetLens settings for the CLI from the `.vscode/settings.json` nearest to a checked path, like the editor would.
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ALL_RULES_BY_CODE, netlensSectionFromSettingsJson, optionsFromRaw, type Options, type SeveritySetting } from '../core/index.ts';
import { globsMatcher } from '../lsp/glob.ts';
import { InputError } from './command.ts';

export interface LoadedSettings {
  /** Absolute path of the settings file used, or undefined when none was found (defaults apply). */
  file: string | undefined;
  options: Options;
  /** The folder holding `.vscode/` (the workspace folder those settings belong to). */
  folder: string | undefined;
  /**
   * `netlens.exclude` plus the `files.exclude` globs set to true, over paths relative to `folder`: the same
   * files the editor's workspace index leaves out. Undefined when nothing is excluded.
   */
  excluded: ((relPath: string) => boolean) | undefined;
  /** The `netlens` section as read from the file (nested form), for `netlens config`'s provenance. */
  raw?: Record<string, unknown>;
  /** `--rule` overrides applied on top of the file's `netlens.rules`. */
  ruleOverrides?: Record<string, SeveritySetting>;
}

/** What the command line adds to the settings files: `--config FILE`, `--rule code=severity`, `--no-inline-config`. */
export interface SettingsOverrides {
  /** Absolute path of a settings file used for every path instead of the nearest `.vscode/settings.json`. */
  configFile?: string;
  rules: Record<string, SeveritySetting>;
  inlineConfig: boolean;
}

export const NO_OVERRIDES: SettingsOverrides = { rules: {}, inlineConfig: true };

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint', 'off']);

/** Parses `--rule code=severity` values; throws InputError-free UsageErrors through the given factory. */
export function parseRuleOverrides(values: readonly string[], fail: (message: string) => Error): Record<string, SeveritySetting> {
  const out: Record<string, SeveritySetting> = {};
  for (const v of values) {
    const m = /^([a-z0-9-]+)=(\w+)$/.exec(v.trim());
    if (!m) throw fail(`--rule expects code=severity, e.g. --rule missing-default-deny=error (got '${v}')`);
    const [, code, severity] = m as unknown as [string, string, string];
    if (!ALL_RULES_BY_CODE.has(code)) throw fail(`--rule: unknown rule code '${code}'`);
    if (!SEVERITIES.has(severity)) throw fail(`--rule ${code}: unknown severity '${severity}' (expected error, warning, information, hint or off)`);
    out[code] = severity as SeveritySetting;
  }
  return out;
}

/** Applies the command line's overrides to settings loaded from a file (or the defaults). */
export function withOverrides(loaded: LoadedSettings, o: SettingsOverrides): LoadedSettings {
  if (Object.keys(o.rules).length === 0 && o.inlineConfig) return loaded;
  const options: Options = { ...loaded.options, rules: { ...loaded.options.rules, ...o.rules }, inlineConfig: loaded.options.inlineConfig && o.inlineConfig };
  return { ...loaded, options, ruleOverrides: o.rules };
}

/**
 * Settings from a file named with `--config`: the keys of VS Code's settings.json (dotted or nested), as JSON
 * with comments (.json, .jsonc) or YAML (any other extension). Excludes are relative to the file's folder.
 */
export function loadConfigFile(file: string): LoadedSettings {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read config ${file}: ${(e as Error).message}`);
  }
  let data: unknown;
  try {
    data = /\.jsonc?$/i.test(file) ? parseJsonc(text) : parseYaml(text);
  } catch (e) {
    throw new InputError(`cannot parse config ${file}: ${(e as Error).message.split('\n')[0]}`);
  }
  if (data !== null && data !== undefined && (typeof data !== 'object' || Array.isArray(data))) throw new InputError(`config ${file} must hold a map of settings (e.g. netlens.rules)`);
  return fromSettingsData(file, path.dirname(file), data ?? {});
}

function fromSettingsData(file: string, folder: string, json: unknown): LoadedSettings {
  const raw = netlensSectionFromSettingsJson(json);
  const options = optionsFromRaw(raw);
  return { file, options, folder, excluded: globsMatcher([...options.exclude, ...filesExclude(json)]), raw };
}

/**
 * The `.vscode/settings.json` that applies to `start` (a file or a directory): the nearest one walking up,
 * stopping at the repository root (a folder holding `.git`) so a stray file above the repository never applies.
 */
export function findSettingsFile(start: string): string | undefined {
  let dir = isDirectory(start) ? start : path.dirname(start);
  for (;;) {
    const candidate = path.join(dir, '.vscode', 'settings.json');
    if (isFile(candidate)) return candidate;
    if (fs.existsSync(path.join(dir, '.git'))) return undefined;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Settings for `start`; throws InputError when the settings file exists but cannot be read or parsed. */
export function loadSettings(start: string, cache = new Map<string, LoadedSettings>()): LoadedSettings {
  const file = findSettingsFile(start);
  const key = file ?? '';
  const cached = cache.get(key);
  if (cached) return cached;
  let loaded: LoadedSettings = { file: undefined, options: optionsFromRaw({}), folder: undefined, excluded: undefined };
  if (file) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw new InputError(`cannot read settings ${file}: ${(e as Error).message}`);
    }
    let json: unknown;
    try {
      json = parseJsonc(text);
    } catch (e) {
      throw new InputError(`cannot parse settings ${file}: ${(e as Error).message}`);
    }
    loaded = fromSettingsData(file, path.dirname(path.dirname(file)), json);
  }
  cache.set(key, loaded);
  return loaded;
}

/** `files.exclude` entries switched on (`true`; VS Code's `{ "when": ... }` conditions are not evaluated). */
function filesExclude(settings: unknown): string[] {
  if (typeof settings !== 'object' || settings === null) return [];
  const raw = (settings as Record<string, unknown>)['files.exclude'];
  if (typeof raw !== 'object' || raw === null) return [];
  return Object.entries(raw as Record<string, unknown>)
    .filter(([, on]) => on === true)
    .map(([glob]) => glob);
}

/**
 * JSON with comments (`//`, `/* *\/`) and trailing commas, the dialect of VS Code's settings files.
 * Comments and trailing commas are blanked outside strings, then JSON.parse does the rest (its errors stand).
 */
export function parseJsonc(text: string): unknown {
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i] as string;
    if (c === '"') {
      let j = i + 1;
      while (j < n && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end === -1) throw new SyntaxError('unterminated /* comment');
      out += text.slice(i, end + 2).replace(/[^\n]/g, ' '); // keep line numbers of later errors right
      i = end + 2;
    } else {
      out += c;
      i++;
    }
  }
  // A comma followed only by whitespace and a closing bracket is a trailing comma (strings are intact above,
  // so scan again with the same string awareness to avoid touching ", ]" inside a string).
  return JSON.parse(dropTrailingCommas(out.replace(/^\uFEFF/, '')));
}

function dropTrailingCommas(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
      continue;
    }
    if (c === ',') {
      let j = i + 1;
      while (j < text.length && /\s/.test(text[j] as string)) j++;
      if (text[j] === '}' || text[j] === ']') continue;
    }
    out += c;
  }
  return out;
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
