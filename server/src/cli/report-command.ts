// The commands that analyse the workspace and report on it (reach, graph, matrix, inventory, coverage, trace):
// one argument parser with --format and the settings flags check takes (--config, --rule, --no-inline-config,
// with check's errors), --help, and the workspace loaded with those settings.
import type { ParseArgsConfig } from 'node:util';
import { EXIT_OK, formatOption, parseCommandArgs, type Command } from './command.ts';
import type { SettingsOverrides } from './config.ts';
import type { CliIO } from './io.ts';
import { overridesFrom, SETTINGS_ARGS } from './settings-args.ts';
import { reportWorkspace, type ReportWorkspace } from './commands/report-model.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** What a report command's body gets: its format, its own option values, the paths, and the workspace loader. */
export interface ReportContext<F extends string> {
  format: F;
  values: Record<string, unknown>;
  positionals: string[];
  io: CliIO;
  /** --config / --rule / --no-inline-config, as check reads them. */
  overrides: SettingsOverrides;
  /** One model over every file under `paths`, with the settings the flags give. */
  load(paths: readonly string[]): ReportWorkspace;
}

export interface ReportCommandSpec<F extends string> {
  name: string;
  summary: string;
  usage: string;
  /** The first one is the default. */
  formats: readonly [F, ...F[]];
  /** The command's own options (besides --format and the settings flags). */
  options?: Options;
  run(ctx: ReportContext<F>): Promise<number> | number;
}

export function reportCommand<F extends string>(spec: ReportCommandSpec<F>): Command {
  return {
    name: spec.name,
    summary: spec.summary,
    usage: spec.usage,
    async run(args: string[], io: CliIO): Promise<number> {
      const { values, positionals } = parseCommandArgs(args, { ...spec.options, format: { type: 'string' }, ...SETTINGS_ARGS });
      if (values.help) {
        io.stdout(spec.usage);
        return EXIT_OK;
      }
      const format = formatOption(values.format as string | undefined, spec.formats, spec.formats[0]);
      const overrides = overridesFrom(values, io.cwd);
      return spec.run({ format, values, positionals, io, overrides, load: (paths) => reportWorkspace(spec.name, paths, io, overrides) });
    },
  };
}
