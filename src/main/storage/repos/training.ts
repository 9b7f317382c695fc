import type Database from 'better-sqlite3';
import { fromJson, newId, nowIso, storedNum, textRoundTrips, toJson, type JsonObject } from './common';

export type RunStatus = 'pending' | 'running' | 'completed' | 'failed' | 'cancelled';
const TERMINAL: ReadonlySet<RunStatus> = new Set(['completed', 'failed', 'cancelled']);

export interface TrainingRunRecord {
  id: string;
  name: string;
  /** 'sft' | 'hygrpo' | 'grpo' | ... */
  algorithm: string;
  baseModelId: string | null;
  config: JsonObject;
  seed: number;
  /** Versions of the app, model files and libraries the run was made with. */
  versions: JsonObject;
  status: RunStatus;
  error: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

export interface TrainingRunInput {
  name: string;
  algorithm: string;
  baseModelId?: string | null;
  config: JsonObject;
  seed: number;
  versions?: JsonObject;
}

export interface RunMetric {
  runId: string;
  step: number;
  name: string;
  value: number | null;
  recordedAt: string;
}

export interface CheckpointRecord {
  id: string;
  runId: string;
  step: number;
  file: string;
  sha256: string;
  metrics: JsonObject;
  createdAt: string;
}

interface RunRow {
  id: string;
  name: string;
  algorithm: string;
  base_model_id: string | null;
  config: string;
  seed: number;
  versions: string;
  status: RunStatus;
  error: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}
interface MetricRow {
  run_id: string;
  step: number;
  name: string;
  value: number | null;
  recorded_at: string;
}
interface CheckpointRow {
  id: string;
  run_id: string;
  step: number;
  file: string;
  sha256: string;
  metrics: string;
  created_at: string;
}

const toRun = (r: RunRow): TrainingRunRecord => ({
  id: r.id,
  name: r.name,
  algorithm: r.algorithm,
  baseModelId: r.base_model_id,
  config: fromJson(r.config),
  seed: r.seed,
  versions: fromJson(r.versions),
  status: r.status,
  error: r.error,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  finishedAt: r.finished_at,
});
const toMetric = (r: MetricRow): RunMetric => ({
  runId: r.run_id,
  step: r.step,
  name: r.name,
  value: r.value,
  recordedAt: r.recorded_at,
});
const toCheckpoint = (r: CheckpointRow): CheckpointRecord => ({
  id: r.id,
  runId: r.run_id,
  step: r.step,
  file: r.file,
  sha256: r.sha256,
  metrics: fromJson(r.metrics),
  createdAt: r.created_at,
});

export interface TrainingRunsRepo {
  create(input: TrainingRunInput): TrainingRunRecord;
  get(id: string): TrainingRunRecord | null;
  /** Newest first. */
  list(filter?: { status?: RunStatus }): TrainingRunRecord[];
  /** Terminal statuses also set finishedAt. Null when the run does not exist. */
  setStatus(id: string, status: RunStatus, error?: string | null): TrainingRunRecord | null;
  /** Deletes the run with its metrics and checkpoint records (not the checkpoint files). */
  delete(id: string): boolean;
}

export interface RunMetricsRepo {
  /**
   * Records metrics in one transaction. A step recorded again (a run resumed from a checkpoint repeats
   * the steps after it) replaces the earlier value.
   */
  insertMany(runId: string, metrics: readonly { step: number; name: string; value: number | null }[]): number;
  /** Step order; optionally one metric and steps >= fromStep. */
  list(runId: string, filter?: { name?: string; fromStep?: number }): RunMetric[];
  names(runId: string): string[];
  /** Highest recorded step, or null when none. */
  lastStep(runId: string): number | null;
  /**
   * Deletes every metric of steps after `step` (a run resumed from its checkpoint at `step` drops what it logged
   * after it, so no step is kept from a timeline that was abandoned). Returns the rows deleted.
   */
  deleteAfter(runId: string, step: number): number;
}

export interface CheckpointsRepo {
  create(input: {
    runId: string;
    step: number;
    file: string;
    sha256: string;
    metrics?: JsonObject;
  }): CheckpointRecord;
  get(id: string): CheckpointRecord | null;
  /** Step order. */
  list(runId: string): CheckpointRecord[];
  latest(runId: string): CheckpointRecord | null;
  /**
   * Records a checkpoint, replacing the record of the same (run, step): a resumed run that repeats a step whose
   * checkpoint it had written (and then lost) writes it again.
   */
  put(input: { runId: string; step: number; file: string; sha256: string; metrics?: JsonObject }): CheckpointRecord;
}

export function trainingRepos(db: Database.Database): {
  trainingRuns: TrainingRunsRepo;
  runMetrics: RunMetricsRepo;
  checkpoints: CheckpointsRepo;
} {
  // Positional parameters: binding an array of values is cheaper than looking up an object's properties.
  const insertRun = db.prepare<
    [string, string, string, string | null, string, number, string, string, string]
  >(
    `INSERT INTO training_runs (id, name, algorithm, base_model_id, config, seed, versions, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const runById = db.prepare<[string], RunRow>(`SELECT * FROM training_runs WHERE id = ?`);
  const runsAll = db.prepare<[], RunRow>(`SELECT * FROM training_runs ORDER BY created_at DESC, rowid DESC`);
  const runsOf = db.prepare<[string], RunRow>(
    `SELECT * FROM training_runs WHERE status = ? ORDER BY created_at DESC, rowid DESC`,
  );
  // One statement updates and returns the run instead of an UPDATE and a SELECT.
  const runStatus = db.prepare<[string, string | null, string, string | null, string], RunRow>(
    `UPDATE training_runs SET status = ?, error = ?, updated_at = ?, finished_at = ? WHERE id = ? RETURNING *`,
  );
  const runDel = db.prepare<[string]>(`DELETE FROM training_runs WHERE id = ?`);

  const putMetric = db.prepare<[string, number, string, number | null, string]>(
    `INSERT INTO run_metrics (run_id, step, name, value, recorded_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (run_id, name, step) DO UPDATE SET value = excluded.value, recorded_at = excluded.recorded_at`,
  );
  const metricsAll = db.prepare<[string, number], MetricRow>(
    `SELECT * FROM run_metrics WHERE run_id = ? AND step >= ? ORDER BY step, name`,
  );
  const metricsNamed = db.prepare<[string, string, number], MetricRow>(
    `SELECT * FROM run_metrics WHERE run_id = ? AND name = ? AND step >= ? ORDER BY step`,
  );
  const metricNames = db.prepare<[string], { name: string }>(
    `SELECT DISTINCT name FROM run_metrics WHERE run_id = ? ORDER BY name`,
  );
  const lastStep = db.prepare<[string], { s: number | null }>(
    `SELECT max(step) AS s FROM run_metrics WHERE run_id = ?`,
  );

  const metricsDelAfter = db.prepare<[string, number]>(`DELETE FROM run_metrics WHERE run_id = ? AND step > ?`);
  const putCkpt = db.prepare<[string, string, number, string, string, string, string], CheckpointRow>(
    `INSERT INTO checkpoints (id, run_id, step, file, sha256, metrics, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (run_id, step) DO UPDATE SET file = excluded.file, sha256 = excluded.sha256, metrics = excluded.metrics,
       created_at = excluded.created_at
     RETURNING *`,
  );
  const insertCkpt = db.prepare<[string, string, number, string, string, string, string]>(
    `INSERT INTO checkpoints (id, run_id, step, file, sha256, metrics, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const ckptById = db.prepare<[string], CheckpointRow>(`SELECT * FROM checkpoints WHERE id = ?`);
  const ckptOf = db.prepare<[string], CheckpointRow>(
    `SELECT * FROM checkpoints WHERE run_id = ? ORDER BY step`,
  );
  const ckptLatest = db.prepare<[string], CheckpointRow>(
    `SELECT * FROM checkpoints WHERE run_id = ? ORDER BY step DESC LIMIT 1`,
  );

  const insertMetrics = db.transaction(
    (runId: string, list: readonly { step: number; name: string; value: number | null }[]) => {
      const now = nowIso();
      // NaN/±Infinity are stored as NULL (SQLite has no NaN); a diverged loss reads back as null.
      for (const m of list)
        putMetric.run(runId, m.step, m.name, Number.isFinite(m.value) ? m.value : null, now);
      return list.length;
    },
  );

  const trainingRuns: TrainingRunsRepo = {
    create(input) {
      const id = newId();
      const { name, algorithm, seed } = input;
      const baseModelId = input.baseModelId ?? null;
      const config = toJson(input.config);
      const versions = toJson(input.versions);
      const now = nowIso();
      insertRun.run(id, name, algorithm, baseModelId, config, seed, versions, now, now);
      // Built from what was written; read back only when some text would not survive UTF-8 unchanged.
      if (!textRoundTrips(name, algorithm, baseModelId)) return toRun(runById.get(id)!);
      // A new run is pending with no error and not finished (the columns' defaults).
      return {
        id,
        name,
        algorithm,
        baseModelId,
        config: fromJson(config),
        seed: storedNum(seed),
        versions: fromJson(versions),
        status: 'pending',
        error: null,
        createdAt: now,
        updatedAt: now,
        finishedAt: null,
      };
    },
    get(id) {
      const r = runById.get(id);
      return r ? toRun(r) : null;
    },
    list(filter = {}) {
      return (filter.status ? runsOf.all(filter.status) : runsAll.all()).map(toRun);
    },
    setStatus(id, status, error = null) {
      const now = nowIso();
      const r = runStatus.get(status, error, now, TERMINAL.has(status) ? now : null, id);
      return r ? toRun(r) : null;
    },
    delete: (id) => runDel.run(id).changes > 0,
  };
  const runMetrics: RunMetricsRepo = {
    insertMany: (runId, list) => insertMetrics(runId, list),
    list(runId, filter = {}) {
      const from = filter.fromStep ?? 0;
      return (
        filter.name !== undefined ? metricsNamed.all(runId, filter.name, from) : metricsAll.all(runId, from)
      ).map(toMetric);
    },
    names: (runId) => metricNames.all(runId).map((r) => r.name),
    lastStep: (runId) => lastStep.get(runId)?.s ?? null,
    deleteAfter: (runId, step) => metricsDelAfter.run(runId, step).changes,
  };
  const checkpoints: CheckpointsRepo = {
    create(input) {
      const id = newId();
      const { runId, step, file, sha256 } = input;
      const metrics = toJson(input.metrics);
      const createdAt = nowIso();
      insertCkpt.run(id, runId, step, file, sha256, metrics, createdAt);
      // Built from what was written; read back only when some text would not survive UTF-8 unchanged.
      if (!textRoundTrips(runId, file, sha256)) return toCheckpoint(ckptById.get(id)!);
      return { id, runId, step: storedNum(step), file, sha256, metrics: fromJson(metrics), createdAt };
    },
    get(id) {
      const r = ckptById.get(id);
      return r ? toCheckpoint(r) : null;
    },
    list: (runId) => ckptOf.all(runId).map(toCheckpoint),
    latest(runId) {
      const r = ckptLatest.get(runId);
      return r ? toCheckpoint(r) : null;
    },
    put(input) {
      const r = putCkpt.get(newId(), input.runId, input.step, input.file, input.sha256, toJson(input.metrics), nowIso());
      return toCheckpoint(r!);
    },
  };
  return { trainingRuns, runMetrics, checkpoints };
}
