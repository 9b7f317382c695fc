import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Edit } from '../../shared/api/contract';
import { openStore, type Store } from './store';
import { tempDataDir } from './test-helpers';

let tmp: ReturnType<typeof tempDataDir>;
let store: Store;
beforeEach(() => {
  tmp = tempDataDir();
  store = openStore({ dataDir: tmp.dir });
});
afterEach(() => {
  store.close();
  tmp.cleanup();
});

const pose = (k: number) => Array.from({ length: 72 }, (_, i) => Math.sin(i + k) * 0.7);

describe('edits', () => {
  it('save records the edit and makes it the session pose; list is oldest first', () => {
    const s = store.sessions.create({ name: 's', kind: 'pose', pose: pose(0) });
    const e1 = store.edits.save({ sessionId: s.id, pose: pose(1), note: 'raise arm' })!;
    const e2 = store.edits.save({ sessionId: s.id, pose: pose(2) })!;
    expect(() => Edit.parse(e1)).not.toThrow();
    expect(e1).toMatchObject({ sessionId: s.id, note: 'raise arm', pose: pose(1) });
    expect(e2.note).toBe('');
    expect(store.edits.list(s.id)).toEqual([e1, e2]);
    expect(store.edits.get(e1.id)).toEqual(e1);
    const after = store.sessions.get(s.id)!;
    expect(after.pose).toEqual(pose(2));
    expect(after.editCount).toBe(2);
    expect(after.updatedAt).toBe(e2.createdAt);
  });

  it('returns null and writes nothing for a missing session', () => {
    expect(store.edits.save({ sessionId: 'missing', pose: pose(1), note: '' })).toBeNull();
    const raw = new Database(store.dbPath, { readonly: true });
    expect(raw.prepare('SELECT count(*) AS n FROM edits').get()).toEqual({ n: 0 });
    raw.close();
    expect(store.edits.list('missing')).toEqual([]);
    expect(store.edits.get('missing')).toBeNull();
  });

  it('is one transaction: a failure after the session update leaves nothing changed', () => {
    const s = store.sessions.create({ name: 's', kind: 'pose', pose: pose(0) });
    store.edits.save({ sessionId: s.id, pose: pose(1), note: 'first' });
    const before = store.sessions.get(s.id)!;
    // Make the edit insert (the step after the session update) fail, from a second connection.
    const raw = new Database(store.dbPath);
    raw.exec(
      `CREATE TRIGGER fail_edit BEFORE INSERT ON edits WHEN NEW.note = 'boom' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
    );
    raw.close();

    expect(() => store.edits.save({ sessionId: s.id, pose: pose(9), note: 'boom' })).toThrow(
      'injected failure',
    );
    expect(store.sessions.get(s.id)).toEqual(before); // pose and updatedAt not changed
    expect(store.edits.list(s.id).map((e) => e.note)).toEqual(['first']);
    // Later saves still work.
    expect(store.edits.save({ sessionId: s.id, pose: pose(3), note: 'ok' })).not.toBeNull();
    expect(store.sessions.get(s.id)!.editCount).toBe(2);
  });

  it('keeps poses exact (float64) across reopen', () => {
    const p = [0.1, -0.2, 1 / 3, Math.PI, ...Array.from({ length: 62 }, (_, i) => i * 1e-7)];
    const s = store.sessions.create({ name: 's', kind: 'pose' });
    const e = store.edits.save({ sessionId: s.id, pose: p, note: '' })!;
    store.close();
    store = openStore({ dataDir: tmp.dir });
    expect(store.edits.get(e.id)!.pose).toEqual(p);
    expect(store.sessions.get(s.id)!.pose).toEqual(p);
  });
});
