import { existsSync } from 'node:fs';
import path from 'node:path';

/** Where scripts/prepare-electron-sqlite.mjs writes better-sqlite3 built for Electron's ABI, relative to the app root. */
export const ELECTRON_NATIVE_BINDING = 'build/electron-native/better_sqlite3.node';

/**
 * The Electron-ABI addon under appRoot, or undefined when it has not been built (the caller then gets
 * node_modules' Node-ABI build, which fails to load in Electron with a StorageError 'native_binding'
 * naming the script to run).
 */
export function electronNativeBindingPath(appRoot: string): string | undefined {
  const p = path.join(appRoot, ELECTRON_NATIVE_BINDING);
  return existsSync(p) ? p : undefined;
}
