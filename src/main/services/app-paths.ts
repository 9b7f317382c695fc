import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'pose-rft-studio';
export const DATA_DIR_ENV = 'POSE_STUDIO_DATA_DIR';

/** The directory holding the app's package.json, found by walking up from this module (source or bundle). */
export function findAppRoot(from: string = path.dirname(fileURLToPath(import.meta.url))): string | null {
  let dir = from;
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    try {
      const pkg = JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: unknown };
      if (pkg.name === PACKAGE_NAME) return dir;
    } catch {
      // not here; keep walking
    }
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

export function appVersion(): string {
  const root = findAppRoot();
  if (!root) return '0.0.0';
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}

/** ~/.pose-rft-studio unless POSE_STUDIO_DATA_DIR says otherwise; always absolute. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[DATA_DIR_ENV];
  if (fromEnv && fromEnv.trim()) return path.resolve(fromEnv);
  return path.join(os.homedir(), '.pose-rft-studio');
}

/** The built renderer (out/renderer), or null when it has not been built. */
export function rendererDir(): string | null {
  const root = findAppRoot();
  if (!root) return null;
  const dir = path.join(root, 'out', 'renderer');
  return fs.existsSync(path.join(dir, 'index.html')) ? dir : null;
}
