import Database from 'better-sqlite3';
import { StorageError } from './errors';

export const DEFAULT_DB_FILE = 'studio.sqlite';

/** Opens the SQLite file, turning addon-loading failures and file failures into distinct StorageErrors. */
export function loadDatabase(
  dbPath: string,
  nativeBinding: string | undefined,
  extra: { readonly?: boolean; fileMustExist?: boolean; image?: Buffer } = {},
): Database.Database {
  const { image, ...flags } = extra;
  try {
    // With `image`, the database is that serialized copy held in memory; dbPath only names it in errors.
    return new Database(image ?? dbPath, { ...flags, ...(nativeBinding ? { nativeBinding } : {}) });
  } catch (e) {
    const msg = (e as Error).message;
    const code = (e as { code?: unknown }).code;
    // Loading the addon fails with dlopen/module errors; SQLite's own failures (SQLITE_*) mean the file.
    const addonFailed =
      code === 'ERR_DLOPEN_FAILED' ||
      code === 'MODULE_NOT_FOUND' ||
      /NODE_MODULE_VERSION|bindings file|dlopen|invalid ELF|Win32 application/i.test(msg);
    if (addonFailed) {
      throw new StorageError(
        'native_binding',
        `better-sqlite3's native addon could not be loaded${nativeBinding ? ` from ${nativeBinding}` : ''} (for Electron, run \`node scripts/prepare-electron-sqlite.mjs\`): ${msg}`,
        { nativeBinding: nativeBinding ?? null, modules: process.versions.modules },
      );
    }
    throw new StorageError('open_failed', `cannot open the database ${dbPath}: ${msg}`, { dbPath });
  }
}

