// The settings flags `check` and `config` share: --config FILE, --rule code=severity (repeatable), --no-inline-config.
import path from 'node:path';
import { UsageError } from './command.ts';
import { parseRuleOverrides, type SettingsOverrides } from './config.ts';

export const SETTINGS_ARGS = {
  config: { type: 'string' },
  rule: { type: 'string', multiple: true },
  'no-inline-config': { type: 'boolean' },
} as const;

export const SETTINGS_USAGE = `  --config FILE          Settings from FILE instead of the nearest .vscode/settings.json: the same keys
                         ("netlens.rules", "netlens.conventions.requireDefaultDeny", ... dotted or nested),
                         as JSON (.json, .jsonc) or YAML (any other extension).
  --rule CODE=SEVERITY   Override one rule's severity (error, warning, information, hint, off); repeatable.
  --no-inline-config     Ignore netlens-disable comments and netlens.io/ignore annotations.`;

export function overridesFrom(values: { config?: unknown; rule?: unknown; 'no-inline-config'?: unknown }, cwd: string): SettingsOverrides {
  const rules = parseRuleOverrides(Array.isArray(values.rule) ? (values.rule as string[]) : [], (m) => new UsageError(m));
  const config = typeof values.config === 'string' ? path.resolve(cwd, values.config) : undefined;
  return { ...(config !== undefined ? { configFile: config } : {}), rules, inlineConfig: values['no-inline-config'] !== true };
}
