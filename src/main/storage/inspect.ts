import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { StorageStatus } from '../../shared/api/contract';
import { StorageError } from './errors';
import { migrationHash, readApplied } from './migrate';
import { migrations as builtInMigrations, type Migration } from './migrations';
import { DEFAULT_DB_FILE, loadDatabase } from './open';

function fileSize(p: string): number {
  try {
    return statSync(p).size;
  } catch {
    return 0;
  }
}

/** Status of an open connection against a migration list; shared by Store.status() and inspectStore. */
export function readStatus(db: Database.Database, dataDir: string, dbPath: string, list: readonly Migration[]): StorageStatus {
  const integrity = (db.pragma('integrity_check') as { integrity_check: string }[])
    .map((r) => r.integrity_check)
    .join('; ');
  const applied = new Map(readApplied(db).map((a) => [a.id, a]));
  return {
    dataDir,
    dbPath,
    integrity,
    journalMode: String(db.pragma('journal_mode', { simple: true })),
    foreignKeys: db.pragma('foreign_keys', { simple: true }) === 1,
    migrations: list.map((m) => {
      const a = applied.get(m.id);
      return { id: m.id, name: m.name, hash: a?.hash ?? migrationHash(m.sql), appliedAt: a?.appliedAt ?? null };
    }),
    sizeBytes: fileSize(dbPath) + fileSize(`${dbPath}-wal`),
  };
}

/**
 * A read-only connection that leaves the directory as it found it. SQLite creates -wal and -shm files for
 * any reader of a WAL database (and a read-only connection cannot remove them), so when no -wal file exists
 * — nobody has the database open and the main file holds every commit — the file is read into memory and
 * inspected there. Its header's WAL flag is lowered on that copy (an in-memory database cannot use WAL);
 * the mode it had is reported from the file's header. When a -wal file exists (the studio is running, or
 * stopped without checkpointing) its frames matter, and the file is opened read-only in place.
 */
function openReadOnly(dbPath: string, nativeBinding: string | undefined): { db: Database.Database; headerJournalMode: string | null } {
  if (!existsSync(dbPath)) {
    throw new StorageError('open_failed', `cannot open the database ${dbPath}: the file does not exist`, { dbPath });
  }
  if (existsSync(`${dbPath}-wal`)) {
    return { db: loadDatabase(dbPath, nativeBinding, { readonly: true, fileMustExist: true }), headerJournalMode: null };
  }
  let image: Buffer;
  try {
    image = readFileSync(dbPath);
  } catch (e) {
    throw new StorageError('open_failed', `cannot read the database ${dbPath}: ${(e as Error).message}`, { dbPath });
  }
  // Bytes 18 and 19 are the file format's write/read versions: 2 means WAL, 1 rollback journal.
  const isSqlite = image.subarray(0, 16).toString('latin1') === 'SQLite format 3\u0000';
  const wal = isSqlite && image[18] === 2 && image[19] === 2;
  if (wal) {
    image[18] = 1;
    image[19] = 1;
  }
  const db = loadDatabase(dbPath, nativeBinding, { readonly: true, image });
  return { db, headerJournalMode: isSqlite ? (wal ? 'wal' : 'delete') : null };
}

export interface InspectStoreOptions {
  dataDir: string;
  fileName?: string;
  nativeBinding?: string;
  /** The list to compare with; defaults to this build's migrations. */
  migrations?: readonly Migration[];
}

export interface MigrationRef {
  id: number;
  name: string;
}

export interface EditedMigration extends MigrationRef {
  /** What the database recorded when the migration was applied. */
  appliedName: string;
  appliedHash: string;
  currentHash: string;
}

export interface UnknownMigration extends MigrationRef {
  hash: string;
}

export interface StoreInspection {
  status: StorageStatus;
  /** In this build's list but not applied yet: the studio applies them when it next opens the database. */
  pending: MigrationRef[];
  /** Applied, but this build's SQL or name differs: the studio refuses to open such a database. */
  edited: EditedMigration[];
  /** Applied by a build that knows more migrations than this one: the studio refuses to open it. */
  unknown: UnknownMigration[];
  /** Rows that break a foreign key (PRAGMA foreign_key_check). */
  foreignKeyViolations: number;
}

/**
 * Looks at a database without changing it: opened read-only (the file must exist), no migration applied,
 * no journal-mode switch. Reports integrity and how the recorded migrations compare with `migrations`.
 * Throws StorageError('open_failed' | 'native_binding') when the file cannot be opened as a database.
 */
export function inspectStore(options: InspectStoreOptions): StoreInspection {
  const dataDir = path.resolve(options.dataDir);
  const dbPath = path.join(dataDir, options.fileName ?? DEFAULT_DB_FILE);
  const list = options.migrations ?? builtInMigrations;
  const { db, headerJournalMode } = openReadOnly(dbPath, options.nativeBinding);
  try {
    // Connection settings only: the studio's own connections enforce foreign keys, so the check does too.
    db.pragma('foreign_keys = ON');
    const status = readStatus(db, dataDir, dbPath, list);
    if (headerJournalMode) status.journalMode = headerJournalMode;
    const known = new Map(list.map((m) => [m.id, m]));
    const recorded = readApplied(db);
    const done = new Set(recorded.map((a) => a.id));
    const unknown: UnknownMigration[] = [];
    const edited: EditedMigration[] = [];
    for (const a of recorded) {
      const m = known.get(a.id);
      if (!m) {
        unknown.push({ id: a.id, name: a.name, hash: a.hash });
        continue;
      }
      const currentHash = migrationHash(m.sql);
      if (currentHash !== a.hash || m.name !== a.name) {
        edited.push({ id: a.id, name: m.name, appliedName: a.name, appliedHash: a.hash, currentHash });
      }
    }
    const pending = list.filter((m) => !done.has(m.id)).map((m) => ({ id: m.id, name: m.name }));
    const foreignKeyViolations = (db.pragma('foreign_key_check') as unknown[]).length;
    return { status, pending, edited, unknown, foreignKeyViolations };
  } catch (e) {
    if (e instanceof StorageError) throw e;
    throw new StorageError('open_failed', `cannot read the database ${dbPath}: ${(e as Error).message}`, { dbPath });
  } finally {
    db.close();
  }
}
