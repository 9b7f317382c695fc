import type Database from 'better-sqlite3';
import type { Session } from '../../../shared/api/contract';
import { blobToFloat64, float64ToArray, float64ToBlob } from '../blob';
import { newId, nowIso, textRoundTrips } from './common';

export type SessionKind = Session['kind'];

interface SessionRow {
  id: string;
  name: string;
  kind: SessionKind;
  pose: Buffer | null;
  created_at: string;
  updated_at: string;
  edit_count: number;
}

const SELECT = `SELECT s.id, s.name, s.kind, s.pose, s.created_at, s.updated_at,
  (SELECT count(*) FROM edits e WHERE e.session_id = s.id) AS edit_count
  FROM sessions s`;

export function toSession(r: SessionRow): Session {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    pose: r.pose ? float64ToArray(blobToFloat64(r.pose)) : null,
    editCount: r.edit_count,
  };
}

export interface SessionsRepo {
  create(input: { name: string; kind: SessionKind; pose?: readonly number[] | null }): Session;
  /** Newest first. */
  list(filter?: { kind?: SessionKind }): Session[];
  get(id: string): Session | null;
  rename(id: string, name: string): Session | null;
  /** Deletes the session with its edits, generations and videos; false when there was none. */
  delete(id: string): boolean;
}

export function sessionsRepo(db: Database.Database): SessionsRepo {
  const insert = db.prepare<[string, string, string, Buffer | null, string, string]>(
    `INSERT INTO sessions (id, name, kind, pose, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const byId = db.prepare<[string], SessionRow>(`${SELECT} WHERE s.id = ?`);
  const all = db.prepare<[], SessionRow>(`${SELECT} ORDER BY s.created_at DESC, s.rowid DESC`);
  const ofKind = db.prepare<[string], SessionRow>(
    `${SELECT} WHERE s.kind = ? ORDER BY s.created_at DESC, s.rowid DESC`,
  );
  // One statement updates and returns the renamed session (with its edit count) instead of an UPDATE and a SELECT.
  const rename = db.prepare<[string, string, string], SessionRow>(
    `UPDATE sessions SET name = ?, updated_at = ? WHERE id = ?
     RETURNING id, name, kind, pose, created_at, updated_at,
       (SELECT count(*) FROM edits e WHERE e.session_id = sessions.id) AS edit_count`,
  );
  const del = db.prepare<[string]>(`DELETE FROM sessions WHERE id = ?`);

  return {
    create({ name, kind, pose }) {
      const id = newId();
      const now = nowIso();
      // A fresh array: what the float64 blob reads back as (exact), and not the caller's array.
      const values = pose ? Float64Array.from(pose) : null;
      insert.run(id, name, kind, values ? float64ToBlob(values) : null, now, now);
      if (!textRoundTrips(name, kind)) return toSession(byId.get(id)!);
      // A new id has no edits yet.
      return {
        id,
        name,
        kind,
        createdAt: now,
        updatedAt: now,
        pose: values ? float64ToArray(values) : null,
        editCount: 0,
      };
    },
    list(filter = {}) {
      return (filter.kind ? ofKind.all(filter.kind) : all.all()).map(toSession);
    },
    get(id) {
      const r = byId.get(id);
      return r ? toSession(r) : null;
    },
    rename(id, name) {
      const r = rename.get(name, nowIso(), id);
      return r ? toSession(r) : null;
    },
    delete(id) {
      return del.run(id).changes > 0;
    },
  };
}
