/**
 * Which process runs a training run: `<run dir>/owner.json` holds its pid and host while it runs. The database
 * says `running` from start to finish, but a process killed mid-run (a crash, a closed studio, SIGKILL) never
 * writes its end; the owner file lets a reader tell such a run (resumable) from one that is still going.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const OWNER_FILE = 'owner.json';

export interface RunOwner {
  pid: number;
  host: string;
  startedAt: string;
}

export function writeRunOwner(runDir: string, pid = process.pid): void {
  const owner: RunOwner = { pid, host: os.hostname(), startedAt: new Date().toISOString() };
  writeFileSync(path.join(runDir, OWNER_FILE), JSON.stringify(owner));
}

export function clearRunOwner(runDir: string): void {
  rmSync(path.join(runDir, OWNER_FILE), { force: true });
}

export function readRunOwner(runDir: string): RunOwner | null {
  try {
    const v = JSON.parse(readFileSync(path.join(runDir, OWNER_FILE), 'utf8')) as Partial<RunOwner>;
    return typeof v.pid === 'number' && typeof v.host === 'string' ? { pid: v.pid, host: v.host, startedAt: String(v.startedAt ?? '') } : null;
  } catch {
    return null;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether a process still runs the run in `runDir`. No owner file: nobody (the runner removes it at the end, and
 * a run started before owner files existed has none). An owner on another host cannot be checked from here, so it
 * counts as alive: a data directory shared across machines must not have its live runs taken over.
 */
export function runOwnerAlive(runDir: string): boolean {
  const owner = readRunOwner(runDir);
  if (!owner) return false;
  if (owner.host !== os.hostname()) return true;
  return pidAlive(owner.pid);
}
