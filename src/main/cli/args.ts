import { parseArgs } from 'node:util';

export const USAGE = `Usage: pose-studio <command> [options]

Commands:
  serve      Run the studio in server mode (HTTP + WebSocket, serves the built UI)
               --host H        interface to bind (default 127.0.0.1; any other requires a token)
               --port N        port (default 0: a free port)
               --token T       require this token (generated when --host is not loopback)
               --data-dir D    data directory (default ~/.pose-rft-studio or $POSE_STUDIO_DATA_DIR)
               --json          print {url, port, token, dataDir} as one JSON line
  info       Version, data directory and the compute process's ONNX Runtime report
               --data-dir D    --json
  db check   Database integrity and migration status; exits 1 when something is wrong
               --data-dir D    --json

Options:
  -h, --help       show this help
  -v, --version    print the version
`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type Command =
  | { cmd: 'help' }
  | { cmd: 'version' }
  | { cmd: 'serve'; host: string; port: number; token?: string; dataDir?: string; json: boolean }
  | { cmd: 'info'; dataDir?: string; json: boolean }
  | { cmd: 'db-check'; dataDir?: string; json: boolean };

const common = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function parse<O extends Record<string, { type: 'string' | 'boolean'; short?: string; default?: string | boolean }>>(
  args: string[],
  options: O,
  what: string,
) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new UsageError(`${what}: ${message}`);
  }
}

function dataDirOf(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !v.trim()) throw new UsageError('--data-dir needs a directory');
  return v;
}

function portOf(v: unknown): number {
  if (v === undefined) return 0;
  const s = String(v);
  if (!/^\d{1,5}$/.test(s) || Number(s) > 65535) throw new UsageError(`--port must be an integer from 0 to 65535, got "${s}"`);
  return Number(s);
}

/** Parses the command line into a command; throws UsageError (exit code 2) for anything it does not understand. */
export function parseCommand(argv: readonly string[]): Command {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') return { cmd: 'help' };
  if (first === '-v' || first === '--version' || first === 'version') return { cmd: 'version' };

  if (first === 'serve') {
    const { values } = parse(
      rest,
      { ...common, host: { type: 'string' }, port: { type: 'string' }, token: { type: 'string' } },
      'serve',
    );
    if (values.help) return { cmd: 'help' };
    const host = values.host ?? '127.0.0.1';
    if (!host.trim()) throw new UsageError('--host needs an address');
    if (values.token !== undefined && values.token.length < 8) throw new UsageError('--token must be at least 8 characters');
    const cmd: Command = { cmd: 'serve', host, port: portOf(values.port), json: values.json ?? false };
    const dataDir = dataDirOf(values['data-dir']);
    if (dataDir) cmd.dataDir = dataDir;
    if (values.token !== undefined) cmd.token = values.token;
    return cmd;
  }

  if (first === 'info') {
    const { values } = parse(rest, common, 'info');
    if (values.help) return { cmd: 'help' };
    const dataDir = dataDirOf(values['data-dir']);
    return dataDir ? { cmd: 'info', json: values.json ?? false, dataDir } : { cmd: 'info', json: values.json ?? false };
  }

  if (first === 'db') {
    const [sub, ...more] = rest;
    if (sub !== 'check') throw new UsageError(sub === undefined ? 'db: missing subcommand (check)' : `db: unknown subcommand "${sub}"`);
    const { values } = parse(more, common, 'db check');
    if (values.help) return { cmd: 'help' };
    const dataDir = dataDirOf(values['data-dir']);
    return dataDir ? { cmd: 'db-check', json: values.json ?? false, dataDir } : { cmd: 'db-check', json: values.json ?? false };
  }

  throw new UsageError(`unknown command "${first}"`);
}
