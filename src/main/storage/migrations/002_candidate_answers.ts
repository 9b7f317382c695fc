/**
 * Candidates become whole policy answers: the answer's text, its token log-probability, whether its format is
 * valid, and the pose's log-density (was `log_prob`); the pose itself may be absent (an answer without `<POSE>`).
 * SQLite cannot relax NOT NULL in place, so the table is rebuilt (nothing references candidates).
 */
export const sql = `
CREATE TABLE candidates_new (
  id             TEXT PRIMARY KEY,
  generation_id  TEXT NOT NULL REFERENCES generations (id) ON DELETE CASCADE,
  idx            INTEGER NOT NULL CHECK (idx >= 0),
  answer         TEXT NOT NULL DEFAULT '',
  pose           BLOB,
  mu             BLOB,
  sigma          BLOB,
  text_log_prob  REAL,
  pose_log_prob  REAL,
  format_valid   INTEGER NOT NULL DEFAULT 1 CHECK (format_valid IN (0, 1)),
  rewards        TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(rewards)),
  rank           INTEGER,
  picked         INTEGER NOT NULL DEFAULT 0 CHECK (picked IN (0, 1)),
  UNIQUE (generation_id, idx)
);
INSERT INTO candidates_new (id, generation_id, idx, pose, mu, sigma, pose_log_prob, rewards, rank, picked)
  SELECT id, generation_id, idx, pose, mu, sigma, log_prob, rewards, rank, picked FROM candidates;
DROP TABLE candidates;
ALTER TABLE candidates_new RENAME TO candidates;
`;
