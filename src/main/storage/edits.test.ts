import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Edit } from '../../shared/api/contract';
import { useTempStore } from './test-helpers';

const t = useTempStore();

const pose = (k: number) => Array.from({ length: 72 }, (_, i) => Math.sin(i + k) * 0.7);

describe('edits', () => {
  it('save records the edit and makes it the session pose; list is oldest first', () => {
    const s = t.store.sessions.create({ name: 's', kind: 'pose', pose: pose(0) });
    const e1 = t.store.edits.save({ sessionId: s.id, pose: pose(1), note: 'raise arm' })!;
    const e2 = t.store.edits.save({ sessionId: s.id, pose: pose(2) })!;
    expect(() => Edit.parse(e1)).not.toThrow();
    expect(e1).toMatchObject({ sessionId: s.id, note: 'raise arm', pose: pose(1) });
    expect(e2.note).toBe('');
    expect(t.store.edits.list(s.id)).toEqual([e1, e2]);
    expect(t.store.edits.get(e1.id)).toEqual(e1);
    const after = t.store.sessions.get(s.id)!;
    expect(after.pose).toEqual(pose(2));
    expect(after.editCount).toBe(2);
    expect(after.updatedAt).toBe(e2.createdAt);
  });

  it('returns null and writes nothing for a missing session', () => {
    expect(t.store.edits.save({ sessionId: 'missing', pose: pose(1), note: '' })).toBeNull();
    const raw = new Database(t.store.dbPath, { readonly: true });
    expect(raw.prepare('SELECT count(*) AS n FROM edits').get()).toEqual({ n: 0 });
    raw.close();
    expect(t.store.edits.list('missing')).toEqual([]);
    expect(t.store.edits.get('missing')).toBeNull();
  });

  it('is one transaction: a failure after the session update leaves nothing changed', () => {
    const s = t.store.sessions.create({ name: 's', kind: 'pose', pose: pose(0) });
    t.store.edits.save({ sessionId: s.id, pose: pose(1), note: 'first' });
    const before = t.store.sessions.get(s.id)!;
    // Make the edit insert (the step after the session update) fail, from a second connection.
    const raw = new Database(t.store.dbPath);
    raw.exec(
      `CREATE TRIGGER fail_edit BEFORE INSERT ON edits WHEN NEW.note = 'boom' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
    );
    raw.close();

    expect(() => t.store.edits.save({ sessionId: s.id, pose: pose(9), note: 'boom' })).toThrow(
      'injected failure',
    );
    expect(t.store.sessions.get(s.id)).toEqual(before); // pose and updatedAt not changed
    expect(t.store.edits.list(s.id).map((e) => e.note)).toEqual(['first']);
    // Later saves still work.
    expect(t.store.edits.save({ sessionId: s.id, pose: pose(3), note: 'ok' })).not.toBeNull();
    expect(t.store.sessions.get(s.id)!.editCount).toBe(2);
  });

  it('keeps poses exact (float64) across reopen', () => {
    const p = [0.1, -0.2, 1 / 3, Math.PI, ...Array.from({ length: 62 }, (_, i) => i * 1e-7)];
    const s = t.store.sessions.create({ name: 's', kind: 'pose' });
    const e = t.store.edits.save({ sessionId: s.id, pose: p, note: '' })!;
    t.reopen();
    expect(t.store.edits.get(e.id)!.pose).toEqual(p);
    expect(t.store.sessions.get(s.id)!.pose).toEqual(p);
  });
});
