/**
 * The initial schema. Once released, this text never changes: its sha256 is recorded in every database it
 * was applied to, and an edited applied migration is refused. Change the schema with a new numbered file.
 *
 * Conventions: ids are TEXT (crypto.randomUUID()); timestamps are ISO-8601 UTC strings; JSON columns are
 * TEXT checked with json_valid; numeric arrays are little-endian float BLOBs (float64 for poses a person
 * typed or edited so they round-trip exactly, float32 for bulk model output). A child that means nothing
 * without its parent is deleted with it (ON DELETE CASCADE); a record that should outlive what it points
 * at (a generation whose model was removed, an export whose session was deleted) keeps a NULL instead.
 */
export const sql = `
CREATE TABLE sessions (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('pose', 'generate', 'video', 'finetune')),
  pose        BLOB,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);
CREATE INDEX sessions_created ON sessions (created_at);

CREATE TABLE edits (
  id          TEXT PRIMARY KEY,
  session_id  TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  note        TEXT NOT NULL DEFAULT '',
  pose        BLOB NOT NULL,
  created_at  TEXT NOT NULL
);
CREATE INDEX edits_session ON edits (session_id, created_at);

CREATE TABLE models (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL,
  file        TEXT NOT NULL,
  sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
  parent_id   TEXT REFERENCES models (id) ON DELETE SET NULL,
  metadata    TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata)),
  active      INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
  created_at  TEXT NOT NULL
);
CREATE INDEX models_parent ON models (parent_id);
CREATE INDEX models_sha256 ON models (sha256);
-- At most one active model of each kind (the studio's current policy, retrieval model, ...).
CREATE UNIQUE INDEX models_one_active ON models (kind) WHERE active = 1;

CREATE TABLE generations (
  id          TEXT PRIMARY KEY,
  session_id  TEXT REFERENCES sessions (id) ON DELETE CASCADE,
  prompt      TEXT NOT NULL,
  model_id    TEXT REFERENCES models (id) ON DELETE SET NULL,
  model       TEXT NOT NULL,
  seed        INTEGER NOT NULL,
  settings    TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(settings)),
  created_at  TEXT NOT NULL
);
CREATE INDEX generations_session ON generations (session_id, created_at);
CREATE INDEX generations_model ON generations (model_id);

CREATE TABLE candidates (
  id             TEXT PRIMARY KEY,
  generation_id  TEXT NOT NULL REFERENCES generations (id) ON DELETE CASCADE,
  idx            INTEGER NOT NULL CHECK (idx >= 0),
  pose           BLOB NOT NULL,
  mu             BLOB,
  sigma          BLOB,
  log_prob       REAL,
  rewards        TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(rewards)),
  rank           INTEGER,
  picked         INTEGER NOT NULL DEFAULT 0 CHECK (picked IN (0, 1)),
  UNIQUE (generation_id, idx)
);

CREATE TABLE videos (
  id           TEXT PRIMARY KEY,
  session_id   TEXT REFERENCES sessions (id) ON DELETE CASCADE,
  file         TEXT NOT NULL,
  sha256       TEXT,
  frame_count  INTEGER NOT NULL CHECK (frame_count >= 0),
  fps          REAL NOT NULL CHECK (fps > 0),
  width        INTEGER NOT NULL,
  height       INTEGER NOT NULL,
  metadata     TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata)),
  created_at   TEXT NOT NULL
);
CREATE INDEX videos_session ON videos (session_id);

CREATE TABLE frame_estimates (
  video_id        TEXT NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
  frame           INTEGER NOT NULL CHECK (frame >= 0),
  time_s          REAL NOT NULL,
  pose            BLOB NOT NULL,
  sigma           BLOB,
  landmarks       BLOB,
  confidence      REAL,
  flagged         INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),
  corrected_pose  BLOB,
  PRIMARY KEY (video_id, frame)
) WITHOUT ROWID;

CREATE TABLE training_runs (
  id             TEXT PRIMARY KEY,
  name           TEXT NOT NULL,
  algorithm      TEXT NOT NULL,
  base_model_id  TEXT REFERENCES models (id) ON DELETE SET NULL,
  config         TEXT NOT NULL CHECK (json_valid(config)),
  seed           INTEGER NOT NULL,
  versions       TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(versions)),
  status         TEXT NOT NULL DEFAULT 'pending'
                   CHECK (status IN ('pending', 'running', 'completed', 'failed', 'cancelled')),
  error          TEXT,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  finished_at    TEXT
);

CREATE TABLE run_metrics (
  run_id       TEXT NOT NULL REFERENCES training_runs (id) ON DELETE CASCADE,
  step         INTEGER NOT NULL CHECK (step >= 0),
  name         TEXT NOT NULL,
  value        REAL,
  recorded_at  TEXT NOT NULL,
  PRIMARY KEY (run_id, name, step)
) WITHOUT ROWID;

CREATE TABLE checkpoints (
  id          TEXT PRIMARY KEY,
  run_id      TEXT NOT NULL REFERENCES training_runs (id) ON DELETE CASCADE,
  step        INTEGER NOT NULL CHECK (step >= 0),
  file        TEXT NOT NULL,
  sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
  metrics     TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metrics)),
  created_at  TEXT NOT NULL,
  UNIQUE (run_id, step)
);

CREATE TABLE exports (
  id          TEXT PRIMARY KEY,
  session_id  TEXT REFERENCES sessions (id) ON DELETE SET NULL,
  file        TEXT NOT NULL,
  format      TEXT NOT NULL,
  provenance  TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(provenance)),
  created_at  TEXT NOT NULL
);
CREATE INDEX exports_session ON exports (session_id);
`;
