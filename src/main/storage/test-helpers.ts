import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A fresh temporary data directory and its clean-up, for tests that need a real database file. */
export function tempDataDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'pose-studio-store-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
