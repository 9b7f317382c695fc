import type Database from 'better-sqlite3';
import { fromJson, newId, nowIso, textRoundTrips, toJson, type JsonObject } from './common';

/** A file the studio wrote, and where its content came from (model, generation, edits, video frames). */
export interface ExportRecord {
  id: string;
  sessionId: string | null;
  file: string;
  /** 'smpl-json' | 'bvh' | 'gltf' | 'csv' | ... */
  format: string;
  provenance: JsonObject;
  createdAt: string;
}

interface ExportRow {
  id: string;
  session_id: string | null;
  file: string;
  format: string;
  provenance: string;
  created_at: string;
}

const toExport = (r: ExportRow): ExportRecord => ({
  id: r.id,
  sessionId: r.session_id,
  file: r.file,
  format: r.format,
  provenance: fromJson(r.provenance),
  createdAt: r.created_at,
});

export interface ExportsRepo {
  create(input: {
    sessionId?: string | null;
    file: string;
    format: string;
    provenance?: JsonObject;
  }): ExportRecord;
  get(id: string): ExportRecord | null;
  /** Newest first. */
  list(filter?: { sessionId?: string }): ExportRecord[];
}

export function exportsRepo(db: Database.Database): ExportsRepo {
  const insert = db.prepare<[string, string | null, string, string, string, string]>(
    `INSERT INTO exports (id, session_id, file, format, provenance, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const byId = db.prepare<[string], ExportRow>(`SELECT * FROM exports WHERE id = ?`);
  const all = db.prepare<[], ExportRow>(`SELECT * FROM exports ORDER BY created_at DESC, rowid DESC`);
  const ofSession = db.prepare<[string], ExportRow>(
    `SELECT * FROM exports WHERE session_id = ? ORDER BY created_at DESC, rowid DESC`,
  );
  return {
    create(input) {
      const id = newId();
      const sessionId = input.sessionId ?? null;
      const provenance = toJson(input.provenance);
      const createdAt = nowIso();
      insert.run(id, sessionId, input.file, input.format, provenance, createdAt);
      // Built from what was written; read back only when some text would not survive UTF-8 unchanged.
      if (!textRoundTrips(sessionId, input.file, input.format)) return toExport(byId.get(id)!);
      return {
        id,
        sessionId,
        file: input.file,
        format: input.format,
        provenance: fromJson(provenance),
        createdAt,
      };
    },
    get(id) {
      const r = byId.get(id);
      return r ? toExport(r) : null;
    },
    list(filter = {}) {
      return (filter.sessionId !== undefined ? ofSession.all(filter.sessionId) : all.all()).map(toExport);
    },
  };
}
