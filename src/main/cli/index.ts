/**
 * The `pose-studio` command line (built to out/main/cli.js; bin/pose-studio.js runs it).
 * Exit codes: 0 success, 1 a check or command failed, 2 usage error.
 */
import { runCli } from './run';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Everything has been closed by now; a stray handle (a lingering socket) must not keep the CLI alive.
    setTimeout(() => process.exit(code), 2000).unref();
  },
  (e: unknown) => {
    process.stderr.write(`pose-studio: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
