import type { ApiError } from '../../shared/api/errors';

/** Why the store refused to open or to act; stable strings that tools and tests match on. */
export type StorageErrorCode =
  | 'migration_edited' // a migration already applied to this database has different SQL now
  | 'migration_unknown' // the database has migrations this build does not know (database newer than app)
  | 'migration_invalid' // this build's own migration list is malformed (a programming error)
  | 'migration_failed' // a migration's SQL failed; its transaction was rolled back
  | 'native_binding' // better-sqlite3's compiled addon could not be loaded (usually an ABI mismatch)
  | 'open_failed'; // the data directory or database file could not be opened

export class StorageError extends Error {
  override readonly name = 'StorageError';
  constructor(
    readonly code: StorageErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** The error as data for the contract; services pass it across process boundaries unchanged. */
  toApiError(): ApiError {
    return { code: 'storage_error', message: this.message, details: { reason: this.code, ...this.details } };
  }
}

export function isStorageError(e: unknown): e is StorageError {
  return e instanceof StorageError;
}
