import type Database from 'better-sqlite3';
import type { Edit } from '../../../shared/api/contract';
import { blobToFloat64, float64ToArray, float64ToBlob } from '../blob';
import { newId, nowIso, textRoundTrips } from './common';

interface EditRow {
  id: string;
  session_id: string;
  note: string;
  pose: Buffer;
  created_at: string;
}

const toEdit = (r: EditRow): Edit => ({
  id: r.id,
  sessionId: r.session_id,
  createdAt: r.created_at,
  note: r.note,
  pose: float64ToArray(blobToFloat64(r.pose)),
});

export interface EditsRepo {
  /**
   * Records an edit and makes its pose the session's current pose, in one transaction.
   * Null (and nothing written) when the session does not exist.
   */
  save(input: { sessionId: string; pose: readonly number[]; note?: string }): Edit | null;
  /** Oldest first. */
  list(sessionId: string): Edit[];
  get(id: string): Edit | null;
}

export function editsRepo(db: Database.Database): EditsRepo {
  const touch = db.prepare<[Buffer, string, string]>(
    `UPDATE sessions SET pose = ?, updated_at = ? WHERE id = ?`,
  );
  const insert = db.prepare<[string, string, string, Buffer, string]>(
    `INSERT INTO edits (id, session_id, note, pose, created_at) VALUES (?, ?, ?, ?, ?)`,
  );
  const byId = db.prepare<[string], EditRow>(`SELECT * FROM edits WHERE id = ?`);
  const ofSession = db.prepare<[string], EditRow>(
    `SELECT * FROM edits WHERE session_id = ? ORDER BY created_at, rowid`,
  );

  const save = db.transaction(
    (input: { sessionId: string; pose: readonly number[]; note?: string }): Edit | null => {
      // A fresh array: what the float64 blob reads back as (exact), and not the caller's array.
      const values = Float64Array.from(input.pose);
      const pose = float64ToBlob(values);
      const now = nowIso();
      // The session row is updated first: if it does not exist nothing has been written yet.
      if (touch.run(pose, now, input.sessionId).changes === 0) return null;
      const id = newId();
      const note = input.note ?? '';
      insert.run(id, input.sessionId, note, pose, now);
      if (!textRoundTrips(input.sessionId, note)) return toEdit(byId.get(id)!);
      return { id, sessionId: input.sessionId, createdAt: now, note, pose: float64ToArray(values) };
    },
  );

  return {
    save: (input) => save(input),
    list: (sessionId) => ofSession.all(sessionId).map(toEdit),
    get(id) {
      const r = byId.get(id);
      return r ? toEdit(r) : null;
    },
  };
}
