import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrationHash } from './migrate';
import { migrations as builtIn, type Migration } from './migrations';
import { openStore } from './store';
import { expectStorageError, useTempDataDir } from './test-helpers';

const tmp = useTempDataDir();

// Test migrations continue the app's own list (the repositories need the app's tables).
const n = builtIn.length;
const m1: Migration = {
  id: n + 1,
  name: 'x01_things',
  sql: 'CREATE TABLE things (id TEXT PRIMARY KEY, label TEXT NOT NULL);',
};
const m2: Migration = {
  id: n + 2,
  name: 'x02_thing_size',
  sql: 'ALTER TABLE things ADD COLUMN size INTEGER;',
};
const m3: Migration = { id: n + 3, name: 'x03_others', sql: 'CREATE TABLE others (id INTEGER PRIMARY KEY);' };

function open(list: readonly Migration[]) {
  return openStore({ dataDir: tmp.dir, migrations: [...builtIn, ...list] });
}

function snapshot(dbPath: string) {
  const db = new Database(dbPath, { readonly: true });
  const out = {
    ledger: db.prepare('SELECT * FROM schema_migrations ORDER BY id').all(),
    schema: db.prepare(`SELECT type, name, sql FROM sqlite_master ORDER BY name`).all(),
    things: db.prepare('SELECT * FROM things ORDER BY id').all(),
  };
  db.close();
  return out;
}

const fileHash = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

describe('migrations', () => {
  it('applies pending ones in order, once each, and later ones on a later open', () => {
    let s = open([m1]);
    expect(s.appliedOnOpen.map((m) => m.id)).toEqual([...builtIn.map((m) => m.id), m1.id]);
    s.close();
    s = open([m1, m2]);
    expect(s.appliedOnOpen.map((m) => m.id)).toEqual([m2.id]);
    s.close();
    s = open([m1, m2]);
    expect(s.appliedOnOpen).toEqual([]);
    expect(
      s
        .status()
        .migrations.slice(n)
        .map((m) => [m.id, m.name, m.hash]),
    ).toEqual([
      [m1.id, 'x01_things', migrationHash(m1.sql)],
      [m2.id, 'x02_thing_size', migrationHash(m2.sql)],
    ]);
    s.close();
  });

  it('refuses an applied migration whose SQL changed, naming it and both hashes, and changes nothing', () => {
    const s = open([m1, m2]);
    const raw = new Database(s.dbPath);
    raw.prepare(`INSERT INTO things (id, label, size) VALUES ('a', 'alpha', 3)`).run();
    raw.close();
    s.close();
    const before = snapshot(s.dbPath);
    const bytesBefore = fileHash(s.dbPath);

    const edited: Migration = { ...m2, sql: 'ALTER TABLE things ADD COLUMN size REAL;' };
    const e = expectStorageError(() => open([m1, edited, m3]));
    expect(e.code).toBe('migration_edited');
    expect(e.message).toContain('x02_thing_size');
    expect(e.message).toContain(migrationHash(m2.sql));
    expect(e.message).toContain(migrationHash(edited.sql));
    expect(e.details).toMatchObject({
      migration: 'x02_thing_size',
      appliedHash: migrationHash(m2.sql),
      currentHash: migrationHash(edited.sql),
    });
    expect(e.toApiError()).toMatchObject({ code: 'storage_error', details: { reason: 'migration_edited' } });

    // Migration 3 was not applied, the ledger and data are as they were, and so are the file's bytes.
    expect(snapshot(s.dbPath)).toEqual(before);
    expect(fileHash(s.dbPath)).toBe(bytesBefore);
    // The original list still opens.
    open([m1, m2]).close();
  });

  it('treats a line-ending-only change as the same migration, any other change as an edit', () => {
    open([m1, m2]).close();
    // 001_init is multi-line: the same text with CRLF endings is the same migration.
    const crlf = builtIn.map((m) => ({ ...m, sql: m.sql.replace(/\n/g, '\r\n') }));
    expect(crlf[0]!.sql).not.toBe(builtIn[0]!.sql);
    openStore({ dataDir: tmp.dir, migrations: [...crlf, m1, m2] }).close();
    // ... but a real change to it is refused.
    const edited = [
      { ...builtIn[0]!, sql: builtIn[0]!.sql.replace('name        TEXT NOT NULL', 'name TEXT') },
      ...builtIn.slice(1),
    ];
    expect(edited[0]!.sql).not.toBe(builtIn[0]!.sql);
    const e = expectStorageError(() => openStore({ dataDir: tmp.dir, migrations: [...edited, m1, m2] }));
    expect(e.code).toBe('migration_edited');
    expect(e.message).toContain('001_init');
  });

  it('refuses a database that has migrations this build does not know (newer than the app)', () => {
    const s = open([m1, m2, m3]);
    s.close();
    const before = snapshot(s.dbPath);
    const e = expectStorageError(() => open([m1, m2]));
    expect(e.code).toBe('migration_unknown');
    expect(e.message).toMatch(/x03_others/);
    expect(e.message).toMatch(/newer version/);
    expect(snapshot(s.dbPath)).toEqual(before);
  });

  it('rolls back a failing migration together with its ledger row', () => {
    const bad: Migration = {
      id: n + 2,
      name: 'x02_bad',
      sql: `ALTER TABLE things ADD COLUMN size INTEGER; CREATE TABLE broken (;`,
    };
    open([m1]).close();
    const e = expectStorageError(() => open([m1, bad]));
    expect(e.code).toBe('migration_failed');
    expect(e.message).toContain('x02_bad');
    const db = new Database(path.join(tmp.dir, 'studio.sqlite'), { readonly: true });
    expect(db.prepare('SELECT id FROM schema_migrations').all()).toEqual(
      [...builtIn, m1].map((m) => ({ id: m.id })),
    );
    const cols = db.prepare(`SELECT name FROM pragma_table_info('things')`).all();
    db.close();
    expect(cols).toEqual([{ name: 'id' }, { name: 'label' }]); // the ALTER before the error was undone
    open([m1, m2]).close();
  });

  it('rejects a malformed migration list before opening anything', () => {
    expect(expectStorageError(() => open([m1, m3])).code).toBe('migration_invalid');
  });
});

describe('002_candidate_answers', () => {
  it('keeps every candidate, moving log_prob to pose_log_prob, and lets a candidate have no pose', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    db.exec(builtIn[0]!.sql);
    db.prepare(`INSERT INTO generations (id, prompt, model, seed, created_at) VALUES ('g', 'p', 'm', 1, 't')`).run();
    const blob = Buffer.from(new Float32Array([0.5, -0.25]).buffer);
    db.prepare(`INSERT INTO candidates (id, generation_id, idx, pose, log_prob, rewards, rank, picked) VALUES ('c', 'g', 0, ?, -3.5, '{"semantic":0.5}', 2, 1)`).run(blob);
    db.exec(builtIn[1]!.sql);
    const row = db.prepare(`SELECT * FROM candidates WHERE id = 'c'`).get() as Record<string, unknown>;
    expect(row).toMatchObject({ generation_id: 'g', idx: 0, answer: '', pose_log_prob: -3.5, text_log_prob: null, format_valid: 1, rewards: '{"semantic":0.5}', rank: 2, picked: 1 });
    expect(Buffer.compare(row.pose as Buffer, blob)).toBe(0);
    db.prepare(`INSERT INTO candidates (id, generation_id, idx, answer, format_valid) VALUES ('d', 'g', 1, 'Yes.', 0)`).run();
    expect(db.prepare(`SELECT pose FROM candidates WHERE id = 'd'`).get()).toEqual({ pose: null });
    // Still cascades from its generation.
    db.prepare(`DELETE FROM generations WHERE id = 'g'`).run();
    expect(db.prepare(`SELECT COUNT(*) AS n FROM candidates`).get()).toEqual({ n: 0 });
    db.close();
  });
});
