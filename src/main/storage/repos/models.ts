import type Database from 'better-sqlite3';
import { fromJson, newId, nowIso, textRoundTrips, toJson, type JsonObject } from './common';

/** A model file the studio can load: shipped, converted, or promoted from a training checkpoint. */
export interface ModelRecord {
  id: string;
  name: string;
  /** What it is for: 'policy', 'retrieval', 'blazepose', 'tokenizer', ... */
  kind: string;
  file: string;
  sha256: string;
  /** The model it was fine-tuned from, if any. */
  parentId: string | null;
  metadata: JsonObject;
  active: boolean;
  createdAt: string;
}

export interface ModelInput {
  name: string;
  kind: string;
  file: string;
  sha256: string;
  parentId?: string | null;
  metadata?: JsonObject;
}

interface ModelRow {
  id: string;
  name: string;
  kind: string;
  file: string;
  sha256: string;
  parent_id: string | null;
  metadata: string;
  active: number;
  created_at: string;
}

const toModel = (r: ModelRow): ModelRecord => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  file: r.file,
  sha256: r.sha256,
  parentId: r.parent_id,
  metadata: fromJson(r.metadata),
  active: r.active === 1,
  createdAt: r.created_at,
});

export interface ModelsRepo {
  create(input: ModelInput): ModelRecord;
  get(id: string): ModelRecord | null;
  /** Oldest first. */
  list(filter?: { kind?: string }): ModelRecord[];
  findBySha256(sha256: string): ModelRecord[];
  /** Makes this the one active model of its kind (others of the kind become inactive). */
  setActive(id: string): boolean;
  active(kind: string): ModelRecord | null;
  /** Leaves no model of the kind active (the studio then uses the shipped one); false when none was. */
  clearActive(kind: string): boolean;
  delete(id: string): boolean;
}

export function modelsRepo(db: Database.Database): ModelsRepo {
  const insert = db.prepare<[string, string, string, string, string, string | null, string, string]>(
    `INSERT INTO models (id, name, kind, file, sha256, parent_id, metadata, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const byId = db.prepare<[string], ModelRow>(`SELECT * FROM models WHERE id = ?`);
  const all = db.prepare<[], ModelRow>(`SELECT * FROM models ORDER BY created_at, rowid`);
  const ofKind = db.prepare<[string], ModelRow>(
    `SELECT * FROM models WHERE kind = ? ORDER BY created_at, rowid`,
  );
  const bySha = db.prepare<[string], ModelRow>(
    `SELECT * FROM models WHERE sha256 = ? ORDER BY created_at, rowid`,
  );
  const activeOf = db.prepare<[string], ModelRow>(`SELECT * FROM models WHERE kind = ? AND active = 1`);
  const clearActive = db.prepare<[string]>(`UPDATE models SET active = 0 WHERE kind = ? AND active = 1`);
  const setActive = db.prepare<[string]>(`UPDATE models SET active = 1 WHERE id = ?`);
  const del = db.prepare<[string]>(`DELETE FROM models WHERE id = ?`);

  const activate = db.transaction((id: string): boolean => {
    const m = byId.get(id);
    if (!m) return false;
    clearActive.run(m.kind);
    setActive.run(id);
    return true;
  });

  return {
    create(input) {
      const id = newId();
      const { name, kind, file, sha256 } = input;
      const parentId = input.parentId ?? null;
      const metadata = toJson(input.metadata);
      const createdAt = nowIso();
      insert.run(id, name, kind, file, sha256, parentId, metadata, createdAt);
      // Built from what was written; read back only when some text would not survive UTF-8 unchanged.
      if (!textRoundTrips(name, kind, file, sha256, parentId)) return toModel(byId.get(id)!);
      // A new model is inactive (the column's default) until setActive.
      return {
        id,
        name,
        kind,
        file,
        sha256,
        parentId,
        metadata: fromJson(metadata),
        active: false,
        createdAt,
      };
    },
    get(id) {
      const r = byId.get(id);
      return r ? toModel(r) : null;
    },
    list(filter = {}) {
      return (filter.kind ? ofKind.all(filter.kind) : all.all()).map(toModel);
    },
    findBySha256: (sha256) => bySha.all(sha256).map(toModel),
    setActive: (id) => activate(id),
    active(kind) {
      const r = activeOf.get(kind);
      return r ? toModel(r) : null;
    },
    clearActive: (kind) => clearActive.run(kind).changes > 0,
    delete: (id) => del.run(id).changes > 0,
  };
}
