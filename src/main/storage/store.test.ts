import Database from 'better-sqlite3';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Session, StorageStatus } from '../../shared/api/contract';
import { migrationHash } from './migrate';
import { migrations } from './migrations';
import { openStore, type Store } from './store';
import { tempDataDir } from './test-helpers';

let tmp: ReturnType<typeof tempDataDir>;
let store: Store | undefined;
beforeEach(() => {
  tmp = tempDataDir();
});
afterEach(() => {
  store?.close();
  store = undefined;
  tmp.cleanup();
});

const pose66 = Array.from({ length: 66 }, (_, i) => (i - 33) * 0.0123456789);

describe('openStore', () => {
  it('creates the data directory and one database file, applies migrations once', () => {
    const dataDir = path.join(tmp.dir, 'nested', 'data');
    store = openStore({ dataDir });
    expect(store.dbPath).toBe(path.join(dataDir, 'studio.sqlite'));
    expect(existsSync(store.dbPath)).toBe(true);
    expect(store.appliedOnOpen.map((m) => m.name)).toEqual(migrations.map((m) => m.name));
    store.close();

    store = openStore({ dataDir });
    expect(store.appliedOnOpen).toEqual([]);
    const ledger = new Database(store.dbPath, { readonly: true });
    const rows = ledger.prepare('SELECT id, name, hash FROM schema_migrations ORDER BY id').all();
    ledger.close();
    expect(rows).toEqual(migrations.map((m) => ({ id: m.id, name: m.name, hash: migrationHash(m.sql) })));
  });

  it('fails with open_failed for an unusable data directory or a file that is not a database', () => {
    const notDir = path.join(tmp.dir, 'plain-file');
    writeFileSync(notDir, 'x');
    expect(() => openStore({ dataDir: notDir })).toThrow(expect.objectContaining({ code: 'open_failed' }));
    writeFileSync(
      path.join(tmp.dir, 'studio.sqlite'),
      'this is not an SQLite database, just text that is long enough '.repeat(20),
    );
    expect(() => openStore({ dataDir: tmp.dir })).toThrow(
      expect.objectContaining({ code: 'open_failed', name: 'StorageError' }),
    );
  });

  it('honours fileName', () => {
    store = openStore({ dataDir: tmp.dir, fileName: 'other.db' });
    expect(path.basename(store.dbPath)).toBe('other.db');
    expect(existsSync(path.join(tmp.dir, 'other.db'))).toBe(true);
  });

  it('uses WAL, enforces foreign keys, and reports status matching the contract', () => {
    store = openStore({ dataDir: tmp.dir });
    store.sessions.create({ name: 'a', kind: 'pose' });
    const s = store.status();
    expect(() => StorageStatus.parse(s)).not.toThrow();
    expect(s.dataDir).toBe(path.resolve(tmp.dir));
    expect(s.dbPath).toBe(path.join(path.resolve(tmp.dir), 'studio.sqlite'));
    expect(s.journalMode).toBe('wal');
    expect(s.foreignKeys).toBe(true);
    expect(s.integrity).toBe('ok');
    expect(s.sizeBytes).toBeGreaterThan(0);
    expect(s.migrations).toHaveLength(migrations.length);
    for (const m of s.migrations) {
      expect(m.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(Number.isNaN(Date.parse(m.appliedAt ?? ''))).toBe(false);
    }
    // The WAL file exists while a write connection is open in WAL mode.
    expect(existsSync(`${store.dbPath}-wal`)).toBe(true);
    // Foreign keys are really enforced: an edit for a missing session cannot be inserted.
    const raw = new Database(store.dbPath);
    raw.pragma('foreign_keys = ON');
    expect(() =>
      raw
        .prepare(
          `INSERT INTO edits (id, session_id, note, pose, created_at) VALUES ('e', 'missing', '', x'00', 'now')`,
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    raw.close();
  });

  it('transaction() commits on return and rolls back on throw', () => {
    store = openStore({ dataDir: tmp.dir });
    const s = store;
    s.transaction(() => {
      s.sessions.create({ name: 'kept', kind: 'pose' });
    });
    expect(() =>
      s.transaction(() => {
        s.sessions.create({ name: 'dropped', kind: 'pose' });
        throw new Error('abort');
      }),
    ).toThrow('abort');
    expect(s.sessions.list().map((x) => x.name)).toEqual(['kept']);
  });
});

describe('sessions', () => {
  it('CRUD survives close and reopen of the real file', () => {
    store = openStore({ dataDir: tmp.dir });
    const a = store.sessions.create({ name: 'Kneeling', kind: 'pose', pose: pose66 });
    const b = store.sessions.create({ name: 'Video 1', kind: 'video' });
    expect(() => Session.parse(a)).not.toThrow();
    expect(a).toMatchObject({ name: 'Kneeling', kind: 'pose', editCount: 0, pose: pose66 });
    expect(b.pose).toBeNull();
    expect(a.createdAt).toBe(a.updatedAt);
    expect(Number.isNaN(Date.parse(a.createdAt))).toBe(false);
    store.close();

    store = openStore({ dataDir: tmp.dir });
    expect(store.sessions.get(a.id)).toEqual(a);
    expect(store.sessions.list().map((s) => s.id)).toEqual([b.id, a.id]); // newest first
    expect(store.sessions.list({ kind: 'video' }).map((s) => s.id)).toEqual([b.id]);
    expect(store.sessions.list({ kind: 'finetune' })).toEqual([]);

    const renamed = store.sessions.rename(a.id, 'Kneeling, left');
    expect(renamed?.name).toBe('Kneeling, left');
    expect(renamed!.updatedAt >= a.updatedAt).toBe(true);
    expect(store.sessions.delete(b.id)).toBe(true);
    store.close();

    store = openStore({ dataDir: tmp.dir });
    expect(store.sessions.get(a.id)?.name).toBe('Kneeling, left');
    expect(store.sessions.get(b.id)).toBeNull();
    expect(store.sessions.list()).toHaveLength(1);
  });

  it('returns null / false for missing ids', () => {
    store = openStore({ dataDir: tmp.dir });
    expect(store.sessions.get('nope')).toBeNull();
    expect(store.sessions.rename('nope', 'x')).toBeNull();
    expect(store.sessions.delete('nope')).toBe(false);
  });

  it('rejects an unknown kind at the database level', () => {
    store = openStore({ dataDir: tmp.dir });
    const s = store;
    expect(() => s.sessions.create({ name: 'x', kind: 'bogus' as 'pose' })).toThrow(/CHECK/);
  });

  it('uses fresh UUIDs', () => {
    store = openStore({ dataDir: tmp.dir });
    const ids = new Set(
      Array.from({ length: 20 }, (_, i) => store!.sessions.create({ name: `s${i}`, kind: 'pose' }).id),
    );
    expect(ids.size).toBe(20);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
