/**
 * The storage benchmark's workloads, shared by our side (ours.ts) and, as JSON on its command line, by the
 * Python sqlite3 peer (bench/peers/sqlite_inserts.py), so both write the same rows with the same batching.
 */
export interface WorkloadSpec {
  /** (a) training metrics: `metrics` names per step, one transaction per step. */
  metricSteps: number;
  metricsPerStep: number;
  /** (b) generations with their candidates, one transaction per generation. */
  generations: number;
  candidatesPerGeneration: number;
  /** (c) video frame estimates, `frameBatch` frames per transaction. */
  frames: number;
  frameBatch: number;
  /** (d) single-row session creates, each its own (autocommit) transaction. */
  sessions: number;
  /** Float32 lengths: pose (24 joints × 3 axis-angle), μ, Σ summary (per-dimension σ), BlazePose landmarks. */
  poseFloats: number;
  sigmaFloats: number;
  landmarkFloats: number;
  /** Distinct random arrays cycled through the rows (the content does not matter to SQLite, only sizes). */
  pool: number;
}

export const FULL: WorkloadSpec = {
  metricSteps: 1000,
  metricsPerStep: 20,
  generations: 1000,
  candidatesPerGeneration: 16,
  frames: 5000,
  frameBatch: 100,
  sessions: 2000,
  poseFloats: 72,
  sigmaFloats: 72,
  landmarkFloats: 33 * 4,
  pool: 256,
};

/** A quick check that everything runs: never a result. */
export const SMOKE: WorkloadSpec = {
  ...FULL,
  metricSteps: 50,
  generations: 50,
  frames: 500,
  sessions: 100,
};

export type WorkloadId = 'metrics' | 'candidates' | 'candidates+reads' | 'frames' | 'sessions' | 'sessions+reads';

/**
 * What one side reports for one workload. `rows` counts the rows the workload is about (metric rows,
 * candidate rows, frame rows, session rows); `extraRows` the parents written in the same transactions
 * (one generation per group of candidates).
 */
export interface WorkloadResult {
  id: WorkloadId;
  rows: number;
  extraRows: number;
  transactions: number;
  seconds: number;
  /** CPU time (user + system) of the process over the same loop. */
  cpuSeconds: number;
  /** Database file size after close (WAL checkpointed into it), bytes. */
  fileBytes: number;
}

export interface SideReport {
  side: 'ours' | 'peer';
  sqlite: string;
  runtime: string;
  /** Resident set before any workload (after imports) and the process's peak, kB. */
  rssStartKb: number;
  maxRssKb: number;
  results: WorkloadResult[];
}

/** Twenty names a HyGRPO run logs per step. */
export const METRIC_NAMES = [
  'loss',
  'policy_loss',
  'kl',
  'entropy',
  'grad_norm',
  'lr',
  'reward/semantic',
  'reward/plausibility',
  'reward/total',
  'reward/std',
  'advantage/mean',
  'advantage/std',
  'sigma/mean',
  'sigma/min',
  'sigma/max',
  'log_prob/mean',
  'clip_fraction',
  'ratio/mean',
  'samples_per_s',
  'step_ms',
];
