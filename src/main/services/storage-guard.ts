import { err, ok, type Result } from '../../shared/api/errors';
import { isStorageError } from '../storage';

/**
 * Runs a storage operation and turns what it throws into a `storage_error` value: the message names the
 * call and the cause, and nothing raw (stack, native error object) leaves the backend.
 */
export function fromStore<T>(call: string, op: () => T): Result<T> {
  try {
    return ok(op());
  } catch (e) {
    if (isStorageError(e)) {
      const api = e.toApiError();
      return err('storage_error', `${call}: ${api.message}`, api.details);
    }
    const message = e instanceof Error ? e.message : String(e);
    const sqliteCode = (e as { code?: unknown } | null)?.code;
    return err(
      'storage_error',
      `${call}: the database refused the operation: ${message}`,
      typeof sqliteCode === 'string' ? { sqliteCode } : undefined,
    );
  }
}
