// CLI entry point (`netlens`, bundled to dist/cli.js): global flags and dispatch to the command table.
import pkg from '../../../package.json';
import { EXIT_OK, EXIT_USAGE, InputError, UsageError, type Command } from './command.ts';
import { COMMANDS } from './commands/index.ts';
import { nodeIO, type CliIO } from './io.ts';
import { lowerHelperThreads } from './threads.ts';

export { memoryIO, type CliIO } from './io.ts';

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `NetLens ${pkg.version}: Kubernetes network manifests, checked and explained.

Usage: netlens <command> [options] [paths...]

Commands:
${lines.join('\n')}

Options:
  -h, --help     Show this help (or: netlens help <command>).
  -v, --version  Print the version.

Exit status: 0 success, 1 findings of error severity (or a failed check), 2 usage or I/O error.
`;
}

function find(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code; never throws. */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr(overview());
    return EXIT_USAGE;
  }
  if (first === '--help' || first === '-h') {
    io.stdout(overview());
    return EXIT_OK;
  }
  if (first === '--version' || first === '-v') {
    io.stdout(`${pkg.version}\n`);
    return EXIT_OK;
  }
  if (first === 'help') {
    if (rest.length === 0) {
      io.stdout(overview());
      return EXIT_OK;
    }
    const cmd = find(rest[0] as string);
    if (!cmd) return usageError(io, `unknown command '${rest[0]}'`, undefined);
    io.stdout(cmd.usage);
    return EXIT_OK;
  }
  const cmd = find(first);
  if (!cmd) return usageError(io, first.startsWith('-') ? `unknown option '${first}'` : `unknown command '${first}'`, undefined);
  try {
    return await cmd.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) return usageError(io, e.message, cmd);
    if (e instanceof InputError) {
      io.stderr(`netlens ${cmd.name}: ${e.message}\n`);
      return EXIT_USAGE;
    }
    const detail = e instanceof Error ? (e.stack ?? e.message) : String(e);
    io.stderr(`netlens ${cmd.name}: internal error (a NetLens bug; please report it):\n${detail}\n`);
    return EXIT_USAGE;
  }
}

function usageError(io: CliIO, message: string, cmd: Command | undefined): number {
  const help = cmd ? `netlens help ${cmd.name}` : 'netlens --help';
  io.stderr(`netlens${cmd ? ` ${cmd.name}` : ''}: ${message}\nRun '${help}' for usage.\n`);
  return EXIT_USAGE;
}

// Run only as a program; the corpus runner and tests require the bundle and call main() in-process (and keep
// their own threads' priorities).
if (require.main === module) {
  lowerHelperThreads();
  main(process.argv.slice(2), nodeIO()).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`netlens: ${String(e)}\n`);
      process.exitCode = EXIT_USAGE;
    },
  );
}
