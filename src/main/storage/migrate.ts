import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { StorageError } from './errors';
import type { Migration } from './migrations';

export interface AppliedMigration {
  id: number;
  name: string;
  hash: string;
  appliedAt: string;
}

/**
 * sha256 of a migration's SQL. Line endings are normalised first so a checkout that converts LF to CRLF
 * (git on Windows) does not look like an edited migration.
 */
export function migrationHash(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n?/g, '\n'), 'utf8').digest('hex');
}

const CREATE_LEDGER = `CREATE TABLE IF NOT EXISTS schema_migrations (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  hash        TEXT NOT NULL,
  applied_at  TEXT NOT NULL
)`;

function validateList(list: readonly Migration[]): void {
  list.forEach((m, i) => {
    if (m.id !== i + 1) {
      throw new StorageError(
        'migration_invalid',
        `migration list is malformed: entry ${i} has id ${m.id}, expected ${i + 1}`,
        {
          migration: m.name,
        },
      );
    }
    if (!m.sql.trim())
      throw new StorageError('migration_invalid', `migration ${m.name} has no SQL`, { migration: m.name });
  });
}

export function readApplied(db: Database.Database): AppliedMigration[] {
  const exists = db
    .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`)
    .get();
  if (!exists) return [];
  return db
    .prepare<[], AppliedMigration>(
      `SELECT id, name, hash, applied_at AS appliedAt FROM schema_migrations ORDER BY id`,
    )
    .all();
}

/**
 * Checks every recorded migration against this build's list before touching anything, then applies the
 * missing ones in order, each in its own transaction together with its ledger row. Returns the ones it
 * applied. Throws StorageError('migration_edited' | 'migration_unknown' | 'migration_failed').
 */
export function applyMigrations(
  db: Database.Database,
  list: readonly Migration[],
  now = () => new Date().toISOString(),
): AppliedMigration[] {
  validateList(list);
  const known = new Map(list.map((m) => [m.id, m]));
  const applied = readApplied(db);

  const unknown = applied.filter((a) => !known.has(a.id));
  if (unknown.length > 0) {
    const names = unknown.map((a) => `${a.id} ${a.name}`).join(', ');
    throw new StorageError(
      'migration_unknown',
      `the database has migrations this version of the app does not know (${names}); it was written by a newer version — update the app or use another data directory`,
      { unknown: unknown.map(({ id, name, hash }) => ({ id, name, hash })), knownUpTo: list.length },
    );
  }
  for (const a of applied) {
    const m = known.get(a.id)!;
    const hash = migrationHash(m.sql);
    if (hash !== a.hash || m.name !== a.name) {
      throw new StorageError(
        'migration_edited',
        `migration ${a.id} (${a.name}) was edited after it was applied: the database recorded sha256 ${a.hash}, this build has ${hash}${m.name !== a.name ? ` and name ${m.name}` : ''}; add a new migration instead of editing an applied one`,
        { migration: a.name, id: a.id, appliedHash: a.hash, currentHash: hash, currentName: m.name },
      );
    }
  }

  const done = new Set(applied.map((a) => a.id));
  const pending = list.filter((m) => !done.has(m.id));
  if (pending.length === 0) return [];

  db.exec(CREATE_LEDGER);
  const record = db.prepare<[number, string, string, string]>(
    `INSERT INTO schema_migrations (id, name, hash, applied_at) VALUES (?, ?, ?, ?)`,
  );
  const result: AppliedMigration[] = [];
  for (const m of pending) {
    const row: AppliedMigration = { id: m.id, name: m.name, hash: migrationHash(m.sql), appliedAt: now() };
    try {
      db.transaction(() => {
        db.exec(m.sql);
        record.run(row.id, row.name, row.hash, row.appliedAt);
      })();
    } catch (e) {
      throw new StorageError(
        'migration_failed',
        `migration ${m.id} (${m.name}) failed and was rolled back: ${(e as Error).message}`,
        {
          migration: m.name,
          id: m.id,
        },
      );
    }
    result.push(row);
  }
  return result;
}
