/** Runs, metrics and checkpoints as the Fine-tune page sees them, read from the training tables. */
import { CheckpointEvaluation, type FinetuneCheckpoint, type FinetuneRun, type FinetuneRunStatus, type FinetuneStepMetrics } from '../../shared/api/contract';
import { runDirOf } from '../compute/finetune/recorded-run';
import { runOwnerAlive } from '../compute/finetune/run-owner';
import type { CheckpointRecord, Store, TrainingRunRecord } from '../storage';

const RESUMABLE: ReadonlySet<FinetuneRunStatus> = new Set(['cancelled', 'failed', 'interrupted']);

/**
 * The status to show: a run recorded as running whose process is gone (killed, crashed, the studio closed) is
 * interrupted, not running forever.
 */
export function effectiveStatus(store: Store, r: TrainingRunRecord): FinetuneRunStatus {
  if (r.status === 'running' && !runOwnerAlive(runDirOf(store, r.id))) return 'interrupted';
  return r.status;
}

export function runView(store: Store, r: TrainingRunRecord): FinetuneRun {
  const status = effectiveStatus(store, r);
  const steps = typeof r.config.steps === 'number' ? r.config.steps : 0;
  return {
    id: r.id,
    name: r.name,
    status,
    error: status === 'interrupted' ? 'The process running it ended before the run finished (the studio or the CLI was closed or killed).' : r.error,
    config: r.config,
    steps,
    step: store.runMetrics.lastStep(r.id) ?? 0,
    checkpointStep: store.checkpoints.latest(r.id)?.step ?? null,
    resumable: RESUMABLE.has(status),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    finishedAt: r.finishedAt,
  };
}

/** Metrics grouped by step, from `fromStep` on. */
export function stepMetrics(store: Store, runId: string, fromStep: number): FinetuneStepMetrics[] {
  const out: FinetuneStepMetrics[] = [];
  let cur: FinetuneStepMetrics | null = null;
  for (const m of store.runMetrics.list(runId, { fromStep: Math.max(1, fromStep) })) {
    if (!cur || cur.step !== m.step) out.push((cur = { step: m.step, values: {} }));
    cur.values[m.name] = m.value;
  }
  return out;
}

export function checkpointView(c: CheckpointRecord, activeCheckpointId: string | null): FinetuneCheckpoint {
  const metrics: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(c.metrics)) if (typeof v === 'number' || v === null) metrics[k] = v;
  // An evaluation that does not read as one (another version's shape) is left out rather than failing the list.
  const evaluation = c.metrics.evaluation === undefined ? null : (CheckpointEvaluation.safeParse(c.metrics.evaluation).data ?? null);
  return { id: c.id, runId: c.runId, step: c.step, sha256: c.sha256, metrics, evaluation, active: c.id === activeCheckpointId, createdAt: c.createdAt };
}
