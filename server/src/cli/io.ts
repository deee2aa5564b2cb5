// The CLI's window on the world (output streams, cwd, env), passed to commands so tests can run them in-process.

export interface CliIO {
  /** Directory that relative paths (arguments and printed file names) are resolved against. */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether stdout is a terminal; colours are used only then (and when NO_COLOR is unset). */
  readonly stdoutIsTTY: boolean;
  stdout(text: string): void;
  stderr(text: string): void;
}

/**
 * A closed pipe (`netlens check | head`) ends the CLI quietly, as it ends `cat`: the reader wanted no more.
 * Without a listener, the stream's EPIPE error was thrown with a stack trace.
 */
export function quietOnEpipe(stream: NodeJS.WriteStream, exit: (code: number) => void = (code) => process.exit(code)): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    else throw err;
  });
}

export function nodeIO(): CliIO {
  quietOnEpipe(process.stdout);
  quietOnEpipe(process.stderr);
  return {
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY: process.stdout.isTTY === true,
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
  };
}

/** An IO that collects output in memory (tests, the corpus runner). */
export function memoryIO(cwd: string, env: Record<string, string | undefined> = {}): CliIO & { out: string; err: string } {
  const io = {
    cwd,
    env,
    stdoutIsTTY: false,
    out: '',
    err: '',
    stdout(text: string) {
      io.out += text;
    },
    stderr(text: string) {
      io.err += text;
    },
  };
  return io;
}

/** Colours only for a terminal and when the user did not opt out (https://no-color.org). */
export function useColor(io: CliIO): boolean {
  return io.stdoutIsTTY && (io.env.NO_COLOR === undefined || io.env.NO_COLOR === '');
}
