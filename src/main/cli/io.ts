export interface CliIO {
  /** One line of output (stdout): machine-readable with --json, so nothing else may go there. */
  out(line: string): void;
  /** One line of diagnostics (stderr). */
  err(line: string): void;
}

export const processIO: CliIO = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};
