/** What a benchmark result says about the machine it ran on. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (bench/lib/../..). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The CPU model name (/proc/cpuinfo's "model name" on Linux). */
export const cpuModel = (): string => os.cpus()[0]?.model ?? 'unknown CPU';

/** The 1/5/15-minute load averages as "a / b / c". */
export const loadavg = (): string => os.loadavg().map((x) => x.toFixed(2)).join(' / ');

/** The 1-minute load average. */
export const load1 = (): number => os.loadavg()[0]!;

/** "- Date: …; CPU model, nproc N, M GiB RAM; OS release", the first line of a results section. */
export function hostLine(started: Date): string {
  return `- Date: ${started.toISOString()}; ${cpuModel()}, nproc ${os.availableParallelism()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM; ${os.type()} ${os.release()}`;
}

/** The installed version of a package in node_modules, or 'unknown'. */
export function packageVersion(name: string): string {
  try {
    const p = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version?: string };
    return p.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
