// What a CLI command is, its exit codes, and the argument parsing every command shares.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CliIO } from './io.ts';

export const EXIT_OK = 0;
/** Findings of error severity (check), or a negative answer a command defines as failure. */
export const EXIT_FINDINGS = 1;
/** Usage errors (unknown flag, bad value) and I/O errors (missing path, unreadable file, bad settings). */
export const EXIT_USAGE = 2;

export interface Command {
  /** The word after `netlens`. */
  readonly name: string;
  /** One line for `netlens --help`. */
  readonly summary: string;
  /** Full help for `netlens help <name>` and `netlens <name> --help`. */
  readonly usage: string;
  /** Returns the exit code. Throws UsageError for bad arguments (main prints it and exits 2). */
  run(args: string[], io: CliIO): Promise<number>;
}

/** Bad arguments: main prints the message and a pointer to the command's help, then exits 2. */
export class UsageError extends Error {}

/** A file or path the CLI cannot read: printed on stderr, exit 2. */
export class InputError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Node's strict parseArgs (supports `--flag value`, `--flag=value`, `--`), with its errors turned into
 * UsageErrors worded for users. `--help`/`-h` is always accepted.
 */
export function parseCommandArgs<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // Node's messages mention internals ("To specify a positional argument starting with a '-'..."); keep the first sentence.
    throw new UsageError(message.split(/\. (?=[A-Z])/)[0]?.replace(/\.$/, '') ?? message);
  }
}

/** Checks a `--format` value against the ones a command supports. */
export function formatOption<F extends string>(value: string | undefined, allowed: readonly F[], fallback: F): F {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as F;
  const list = allowed.length > 1 ? `${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]}` : allowed.join('');
  throw new UsageError(`unknown format '${value}' (expected ${list})`);
}
