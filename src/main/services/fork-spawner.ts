import { fork } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ComputeChild, ComputeSpawner } from './compute-host';

export interface ForkSpawnerOptions {
  /** Extra environment for the child (merged over process.env). */
  env?: Record<string, string | undefined>;
}

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Where the compute process's entry lives. From the bundle it is out/main/compute.js beside the code that
 * asks (or one level up when that code sits in a shared chunk); from source (vitest, tsx) it is the
 * TypeScript entry, run through tsx.
 */
export function defaultComputeEntry(): string {
  if (import.meta.url.endsWith('.ts')) return path.resolve(here, '../compute/process/entry.ts');
  for (const candidate of [path.join(here, 'compute.js'), path.join(here, '..', 'compute.js')]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error(`compute entry not found next to ${here}; run \`npm run build\``);
}

/** The training process's entry (src/main/compute/finetune/entry.ts), found the same way as the compute entry. */
export function defaultTrainingEntry(): string {
  if (import.meta.url.endsWith('.ts')) return path.resolve(here, '../compute/finetune/entry.ts');
  for (const candidate of [path.join(here, 'finetune.js'), path.join(here, '..', 'finetune.js')]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error(`training entry not found next to ${here}; run \`npm run build\``);
}

function tsxLoader(): string {
  const require = createRequire(import.meta.url);
  return pathToFileURL(require.resolve('tsx')).href;
}

/** Starts the compute process with child_process.fork (server mode, CLI, tests). */
export function forkSpawner(entryPath?: string, options: ForkSpawnerOptions = {}): ComputeSpawner {
  return () => {
    const entry = entryPath ?? defaultComputeEntry();
    const execArgv = entry.endsWith('.ts') ? ['--import', tsxLoader()] : [];
    const child = fork(entry, [], {
      execArgv,
      env: { ...process.env, ...options.env },
      // 'advanced' = structured clone, the same as Electron's utilityProcess; typed arrays survive.
      serialization: 'advanced',
      // The child's stdout goes to our stderr: a CLI's stdout carries machine-readable output only.
      stdio: ['ignore', 2, 2, 'ipc'],
    });
    const exitListeners: Array<(code: number | null, signal: string | null) => void> = [];
    let exited = false;
    const fireExit = (code: number | null, signal: string | null): void => {
      if (exited) return;
      exited = true;
      for (const l of exitListeners) l(code, signal);
    };
    child.on('exit', (code, signal) => fireExit(code, signal));
    // A fork that fails to start emits 'error' and may never emit 'exit'.
    child.on('error', () => {
      if (child.exitCode === null && child.signalCode === null && child.pid === undefined) fireExit(null, null);
    });
    const handle: ComputeChild = {
      get pid() {
        return child.pid;
      },
      send(msg) {
        if (!child.connected) return;
        child.send(msg as never, (e) => {
          if (e) {
            // The channel closed; the exit event tells the host what happened.
          }
        });
      },
      onMessage(cb) {
        child.on('message', (m) => cb(m));
      },
      onExit(cb) {
        exitListeners.push(cb);
      },
      kill() {
        if (!exited) child.kill('SIGTERM');
      },
    };
    return handle;
  };
}
