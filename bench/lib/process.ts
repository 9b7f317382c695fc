/** Running a benchmark side or helper as a child process, and running a script's main. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './machine';

/** Runs a command that prints its result as a JSON object on its last stdout line, and parses that line. */
export function runJsonLine<T>(label: string, cmd: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${label} exited ${code}: ${err.trim().slice(-2000)}`));
      const line = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line) as T);
      } catch {
        reject(new Error(`${label} printed no JSON: ${out.slice(-500)} ${err.slice(-500)}`));
      }
    });
  });
}

/** True when the module at `metaUrl` is the script node was started with (not imported by another). */
export const isMainModule = (metaUrl: string): boolean =>
  !!process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(metaUrl).pathname);

/** Runs a script's main; a failure prints its message (or stack) and exits 1. */
export function runMain(main: () => Promise<void>, opts: { stack?: boolean } = {}): void {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? (opts.stack ? (e.stack ?? e.message) : e.message) : opts.stack ? e : String(e));
    process.exit(1);
  });
}

/** The first line of an error's message, for one-line failure notes in a run's log and results. */
export const errorLine = (e: unknown): string => (e instanceof Error ? e.message.split('\n')[0]! : String(e));

/**
 * Runs a Python peer that reads its whole spec from a JSON file (`--spec FILE`) and prints one JSON line, with its
 * BLAS/OpenMP pools held to the same thread budget as ours; the spec file is removed afterwards.
 */
export function runSpecPeer<T>(label: string, python: string, script: string, spec: { threads: number }): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-peer-'));
  const file = path.join(dir, 'spec.json');
  fs.writeFileSync(file, JSON.stringify(spec));
  const env = { ...process.env, OMP_NUM_THREADS: String(spec.threads), MKL_NUM_THREADS: String(spec.threads) };
  return runJsonLine<T>(label, python, [script, '--spec', file], env).finally(() => fs.rmSync(dir, { recursive: true, force: true }));
}
