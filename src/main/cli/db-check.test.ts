import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations as builtIn, openStore, type Migration } from '../storage';
import { runDbCheck, type DbCheckReport } from './db-check';

const dirs: string[] = [];
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'pose-dbcheck-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function check(dataDir: string, migrations?: readonly Migration[]): { code: number; report: DbCheckReport } {
  const out: string[] = [];
  const code = runDbCheck({ dataDir, json: true, ...(migrations ? { migrations } : {}) }, { out: (l) => out.push(l), err: () => {} });
  expect(out).toHaveLength(1);
  return { code, report: JSON.parse(out[0]!) as DbCheckReport };
}

describe('db check', () => {
  it('passes a healthy database', () => {
    const dataDir = tmp();
    const store = openStore({ dataDir });
    store.sessions.create({ name: 'a', kind: 'pose' });
    store.close();
    const { code, report } = check(dataDir);
    expect(code).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.problems).toEqual([]);
    expect(report.pending).toEqual([]);
    expect(report.status?.integrity).toBe('ok');
    expect(report.status?.migrations.every((m) => m.appliedAt)).toBe(true);
  });

  it('reports a missing database without creating one', () => {
    const dataDir = tmp();
    const { code, report } = check(dataDir);
    expect(code).toBe(1);
    expect(report.problems).toEqual([`no database at ${path.join(dataDir, 'studio.sqlite')}`]);
    expect(fs.existsSync(path.join(dataDir, 'studio.sqlite'))).toBe(false);
  });

  it('reports a file that is not a database', () => {
    const dataDir = tmp();
    fs.writeFileSync(path.join(dataDir, 'studio.sqlite'), 'this is not SQLite '.repeat(300));
    const { code, report } = check(dataDir);
    expect(code).toBe(1);
    expect(report.ok).toBe(false);
    expect(report.problems.join(' ')).toMatch(/not a database/i);
  });

  it('prints a readable report without --json', () => {
    const dataDir = tmp();
    openStore({ dataDir }).close();
    const out: string[] = [];
    expect(runDbCheck({ dataDir, json: false }, { out: (l) => out.push(l), err: () => {} })).toBe(0);
    expect(out[0]).toBe(`Database:     ${path.join(dataDir, 'studio.sqlite')}`);
    expect(out).toContain('Integrity:    ok');
    expect(out.at(-1)).toBe('OK');
  });

  // The store's repositories need the real schema, so the test's list is every built-in migration plus one more.
  const base: readonly Migration[] = builtIn;
  const nextId = base.length + 1;
  const nextName = `${String(nextId).padStart(3, '0')}_session_notes`;
  const m2: Migration = { id: nextId, name: nextName, sql: "ALTER TABLE sessions ADD COLUMN note TEXT NOT NULL DEFAULT '';" };

  /** Every file of the database (main file, and -wal/-shm when present), so "unchanged" covers the WAL too. */
  function snapshot(dataDir: string): Record<string, string> {
    const files: Record<string, string> = {};
    for (const f of fs.readdirSync(dataDir).sort()) {
      files[f] = fs.readFileSync(path.join(dataDir, f)).toString('base64');
    }
    return files;
  }

  it('reports an outdated database with its pending migration and leaves every byte as it was', () => {
    const dataDir = tmp();
    const store = openStore({ dataDir, migrations: base });
    store.sessions.create({ name: 'kept', kind: 'pose' });
    store.close();
    const before = snapshot(dataDir);
    const { code, report } = check(dataDir, [...base, m2]);
    expect(report.pending).toEqual([{ id: nextId, name: nextName }]);
    expect(report.edited).toEqual([]);
    expect(report.status?.migrations.map((m) => [m.id, m.appliedAt === null])).toEqual([...base.map((m) => [m.id, false]), [nextId, true]]);
    // Pending is not damage: the studio applies it on its next open.
    expect(report.problems).toEqual([]);
    expect(code).toBe(0);
    expect(snapshot(dataDir)).toEqual(before);
    // And the text report says so.
    const out: string[] = [];
    runDbCheck({ dataDir, json: false, migrations: [...base, m2] }, { out: (l) => out.push(l), err: () => {} });
    expect(out).toContain(`Migration ${String(nextId).padStart(3, '0')} ${nextName}: PENDING (${report.status!.migrations[base.length]!.hash.slice(0, 12)})`);
    expect(out.join('\n')).toMatch(/Pending: +1 migration\(s\); .*changed nothing/);
    expect(snapshot(dataDir)).toEqual(before);
  });

  it('reports an edited migration as a problem (exit code 1) without changing the database', () => {
    const dataDir = tmp();
    openStore({ dataDir, migrations: [...base, m2] }).close();
    const before = snapshot(dataDir);
    const edited: Migration = { ...m2, sql: "ALTER TABLE sessions ADD COLUMN note TEXT NOT NULL DEFAULT 'none';" };
    const { code, report } = check(dataDir, [...base, edited]);
    expect(code).toBe(1);
    expect(report.ok).toBe(false);
    expect(report.edited).toEqual([
      expect.objectContaining({ id: nextId, name: nextName, appliedName: nextName }),
    ]);
    expect(report.edited[0]!.appliedHash).not.toBe(report.edited[0]!.currentHash);
    expect(report.problems).toEqual([expect.stringMatching(new RegExp(`^migration ${nextId} \\(${nextName}\\) was edited after it was applied`))]);
    expect(snapshot(dataDir)).toEqual(before);
  });

  it('reports migrations from a newer build as unknown', () => {
    const dataDir = tmp();
    openStore({ dataDir, migrations: [...base, m2] }).close();
    const { code, report } = check(dataDir, base);
    expect(code).toBe(1);
    expect(report.unknown).toEqual([expect.objectContaining({ id: nextId, name: nextName })]);
    expect(report.problems.join(' ')).toMatch(/unknown to this build/);
  });

  it('checks a database the studio has open (its WAL included) without disturbing it', () => {
    const dataDir = tmp();
    const store = openStore({ dataDir });
    try {
      store.sessions.create({ name: 'in the WAL', kind: 'pose' });
      expect(fs.existsSync(path.join(dataDir, 'studio.sqlite-wal'))).toBe(true);
      const { code, report } = check(dataDir);
      expect(code).toBe(0);
      expect(report.status?.journalMode).toBe('wal');
      expect(report.pending).toEqual([]);
      // The open store still works after the check.
      expect(store.sessions.list().map((s) => s.name)).toEqual(['in the WAL']);
    } finally {
      store.close();
    }
  });
});
