/**
 * One HyGRPO run recorded in the studio's database: the code the CLI (`pose-studio finetune`) and the studio's
 * training process (./entry.ts) share, so a run started from either reads, resumes and is recorded the same way.
 * A new run is created from a validated config; a resumed run reads its stored config, checks its latest
 * checkpoint's sha256 and drops metrics logged after that checkpoint (by the process that stopped), so every step
 * appears exactly once.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { appVersion } from '../../services/app-paths';
import type { JsonObject, Store, TrainingRunRecord } from '../../storage';
import { shippedModelDir } from '../models/paths';
import { RetrievalEncoder } from '../models/retrieval/encoder';
import { evaluationMetrics, type CheckpointEvaluation } from '../rl/checkpoint-eval';
import { validateHyGRPOConfig, type HyGRPOConfig } from '../rl/config';
import { expectsPose } from '../rl/rewards';
import { checkpointSha256 } from '../rl/run-checkpoint';
import type { StepMetrics } from '../rl/step';
import { runHyGRPO, type HyGRPORunResult } from '../rl/train';
import { loadTokenizer } from '../text/tokenizer';
import { clearRunOwner, writeRunOwner } from './run-owner';

/** Metrics a checkpoint record carries (the checkpoint list shows them without reading the metric table). */
export const CHECKPOINT_METRICS = ['reward.semantic.mean', 'reward.spatial.mean', 'reward.plausibility.mean', 'reward.format.mean', 'format_rate', 'kl_text', 'kl_pose', 'sigma.mean'];

/** A problem the caller can act on (bad config, unknown run, missing model), with path-tagged details. */
export class FinetuneError extends Error {
  constructor(
    message: string,
    readonly errors: string[] = [],
    readonly code: 'bad_request' | 'not_found' = 'bad_request',
  ) {
    super(message);
    this.name = 'FinetuneError';
  }
}

export type RecordedRunSource = { config: HyGRPOConfig; name?: string } | { resume: string; config?: HyGRPOConfig };

export interface RecordedRunOptions {
  store: Store;
  source: RecordedRunSource;
  threads: number;
  signal?: AbortSignal;
  /** The run exists and is marked running; `from` is the step it continues after (0 for a new run). */
  onStart?: (run: { runId: string; from: number; steps: number; runDir: string; resumed: boolean }) => void;
  onStep?: (step: number, metrics: StepMetrics) => void;
  onCheckpoint?: (step: number, dir: string) => void;
}

export interface RecordedRunResult extends HyGRPORunResult {
  runId: string;
}

/** Whether a weighted reward of a drawn task needs the retrieval model. */
export function needsRetrieval(c: HyGRPOConfig): boolean {
  const drawn = Object.entries(c.taskMix).filter(([, w]) => (w ?? 0) > 0).map(([t]) => t as keyof HyGRPOConfig['taskMix']);
  return (c.rewardWeights.semantic > 0 && drawn.includes('text2pose')) || (c.rewardWeights.textSimilarity > 0 && drawn.some((t) => !expectsPose(t)));
}

/** The directory a run's checkpoints and owner file live in. */
export function runDirOf(store: Store, runId: string): string {
  return path.join(store.dataDir, 'runs', runId);
}

/** The record a checkpoint keeps: its scalar metrics, and the evaluation when the engine ran one. */
export function checkpointRecordMetrics(m: StepMetrics, evaluation?: CheckpointEvaluation): JsonObject {
  const scalars: JsonObject = Object.fromEntries(CHECKPOINT_METRICS.map((k) => [k, Number.isFinite(m[k]) ? (m[k] as number) : null]));
  return evaluation ? { ...scalars, evaluation: evaluation as unknown as JsonObject } : scalars;
}

function prepareResume(store: Store, runId: string, fileConfig: HyGRPOConfig | undefined): { run: TrainingRunRecord; cfg: HyGRPOConfig; resumeFrom?: string } {
  const run = store.trainingRuns.get(runId);
  if (!run) throw new FinetuneError(`no run ${runId} in ${store.dbPath}`, [], 'not_found');
  if (run.algorithm !== 'hygrpo') throw new FinetuneError(`run ${run.id} is a ${run.algorithm} run, not a HyGRPO run`);
  if (run.status === 'completed') throw new FinetuneError(`run ${run.id} has completed; there is nothing to resume`);
  const check = validateHyGRPOConfig(run.config);
  if (!check.ok) throw new FinetuneError(`run ${run.id} has a config this version cannot read`, check.errors);
  const cfg = check.config;
  if (fileConfig && JSON.stringify(fileConfig) !== JSON.stringify(cfg)) throw new FinetuneError(`--config differs from the config run ${run.id} was started with (a run keeps its config; start a new run instead)`);
  const ckpt = store.checkpoints.latest(run.id);
  let resumeFrom: string | undefined;
  if (ckpt) {
    if (!existsSync(ckpt.file)) throw new FinetuneError(`run ${run.id}'s checkpoint at step ${ckpt.step} is missing (${ckpt.file})`);
    if (checkpointSha256(ckpt.file) !== ckpt.sha256) throw new FinetuneError(`run ${run.id}'s checkpoint at step ${ckpt.step} does not match its recorded sha256 (${ckpt.file})`);
    resumeFrom = ckpt.file;
  }
  store.runMetrics.deleteAfter(run.id, ckpt?.step ?? 0);
  return { run, cfg, ...(resumeFrom ? { resumeFrom } : {}) };
}

/**
 * Runs (or resumes) a HyGRPO run, recording it in `store`: status running → completed, or cancelled when `signal`
 * aborts, or failed with the error's message. Throws FinetuneError for problems found before the run starts (no
 * run is created for a new run then), and rethrows what stopped a started run after recording its status.
 */
export async function runRecordedHyGRPO(o: RecordedRunOptions): Promise<RecordedRunResult> {
  const { store } = o;
  let run: TrainingRunRecord | null = null;
  let cfg: HyGRPOConfig;
  let resumeFrom: string | undefined;
  if ('resume' in o.source) {
    const r = prepareResume(store, o.source.resume, o.source.config);
    run = r.run;
    cfg = r.cfg;
    resumeFrom = r.resumeFrom;
  } else {
    cfg = o.source.config;
  }
  const policyDir = path.resolve(cfg.policy ?? shippedModelDir('policy'));
  if (!existsSync(path.join(policyDir, 'model.safetensors'))) {
    throw new FinetuneError(`no policy checkpoint at ${policyDir} (train one with scripts/train-policy.ts, or set "policy" in the config)`, [], 'not_found');
  }
  let retrievalDir: string | null = null;
  if (needsRetrieval(cfg)) {
    retrievalDir = path.resolve(cfg.retrieval ?? shippedModelDir('retrieval'));
    if (!existsSync(path.join(retrievalDir, 'model.safetensors'))) throw new FinetuneError(`no retrieval model at ${retrievalDir} (the semantic and text-similarity rewards need one; set "retrieval" in the config or give those rewards weight 0)`, [], 'not_found');
  }
  run ??= store.trainingRuns.create({
    name: ('name' in o.source && o.source.name) || `hygrpo ${new Date().toISOString()}`,
    algorithm: 'hygrpo',
    config: cfg as unknown as JsonObject,
    seed: cfg.seed,
    versions: { app: appVersion(), policy: policyDir, retrieval: retrievalDir },
  });
  const runId = run.id;
  const runDir = runDirOf(store, runId);
  mkdirSync(runDir, { recursive: true });
  // Who runs it: a reader in another process can tell a live run from one whose process died.
  writeRunOwner(runDir);
  store.trainingRuns.setStatus(runId, 'running');
  const from = resumeFrom ? store.checkpoints.latest(runId)!.step : 0;
  let encoder: RetrievalEncoder | null = null;
  try {
    o.onStart?.({ runId, from, steps: cfg.steps, runDir, resumed: 'resume' in o.source });
    const tokenizer = loadTokenizer();
    if (retrievalDir) encoder = await RetrievalEncoder.load(retrievalDir, tokenizer, { intraOpThreads: o.threads });
    const result = await runHyGRPO({
      config: cfg,
      runId,
      runDir,
      tokenizer,
      policyDir,
      encoder,
      ...(resumeFrom ? { resumeFrom } : {}),
      recorder: {
        step: (step, m) => {
          store.runMetrics.insertMany(runId, Object.entries(m).map(([name, value]) => ({ step, name, value })));
        },
        checkpoint: (step: number, dir: string, sha256: string, m: StepMetrics, evaluation?: CheckpointEvaluation) => {
          store.checkpoints.put({ runId, step, file: dir, sha256, metrics: checkpointRecordMetrics(m, evaluation) });
          o.onCheckpoint?.(step, dir);
        },
        // The evaluation's scalars join the step metrics (eval.*), so the charts can draw them.
        evaluation: (step, e) => {
          store.runMetrics.insertMany(runId, Object.entries(evaluationMetrics(e)).map(([name, value]) => ({ step, name, value })));
        },
      },
      ...(o.onStep ? { onStep: o.onStep } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
      intraOpThreads: o.threads,
    });
    store.trainingRuns.setStatus(runId, 'completed');
    return { ...result, runId };
  } catch (e) {
    if (store.isOpen) store.trainingRuns.setStatus(runId, o.signal?.aborted ? 'cancelled' : 'failed', o.signal?.aborted ? null : e instanceof Error ? e.message : String(e));
    throw e;
  } finally {
    clearRunOwner(runDir);
    await encoder?.release();
  }
}
