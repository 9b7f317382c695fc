/**
 * The HyGRPO training loop, readable top to bottom in the style of CleanRL / TRL:
 *   for each step: draw queries → rollout (sample G each with π_old, reference, rewards, advantages)
 *                  → compiled update(s) → metrics → evaluation and probes every M steps → checkpoint every N steps.
 * Storage is the caller's (a RunRecorder): this module never opens the database.
 */
import path from 'node:path';
import { loadParams } from '../graph/checkpoint';
import { ParamStore } from '../graph';
import type { PolicyModelConfig, PolicyTrainConfig } from '../models/policy/config';
import { PolicySampler } from '../models/policy/sampler';
import type { TextTokenizer } from '../text/tokenizer';
import type { HyGRPOConfig } from './config';
import { ReferencePolicy } from './policy-graph';
import { DEFAULT_EVAL_PROMPTS, evaluateCheckpoint, heldOutPrompts, type CheckpointEvaluation } from './checkpoint-eval';
import { drawQueries, loadQueryPool, type QueryPool } from './queries';
import { rollout, type RewardEncoder } from './rollout';
import { loadRunCheckpoint, saveRunCheckpoint } from './run-checkpoint';
import { createHyGRPOTrainer, stepMetrics, type StepMetrics } from './step';

/** Where a run's steps and checkpoints go (the CLI writes them to SQLite). */
export interface RunRecorder {
  /** Called once per completed step (1-based), before any checkpoint of that step. */
  step(step: number, metrics: StepMetrics): void;
  /** `evaluation`: present when the checkpoint's step was also an evaluation step. */
  checkpoint(step: number, dir: string, sha256: string, metrics: StepMetrics, evaluation?: CheckpointEvaluation): void;
  /** Called after each evaluation (step 0 is the starting policy, evaluated when a run starts fresh). */
  evaluation?(step: number, evaluation: CheckpointEvaluation): void;
}

export interface HyGRPORunOptions {
  config: HyGRPOConfig;
  runId: string;
  /** Checkpoints are written to `<runDir>/checkpoints/step-NNNNNNNN`. */
  runDir: string;
  tokenizer: TextTokenizer;
  /** The starting (and reference) policy checkpoint. */
  policyDir: string;
  /** Reward encoder (the retrieval model); null when no weighted reward needs one. */
  encoder: RewardEncoder | null;
  /** A run checkpoint to continue from (its step is the last completed one). */
  resumeFrom?: string;
  recorder: RunRecorder;
  /** Queries (default: loaded from the config's build). */
  pool?: QueryPool;
  onStep?: (step: number, metrics: StepMetrics) => void;
  signal?: AbortSignal;
  intraOpThreads?: number;
}

export interface HyGRPORunResult {
  /** Last completed step. */
  step: number;
  lastCheckpoint: string | null;
  seconds: number;
}

export function loadPolicyStore(dir: string): { store: ParamStore; model: PolicyModelConfig } {
  const store = new ParamStore('float32');
  const { config } = loadParams<PolicyTrainConfig | PolicyModelConfig>(dir, store);
  const model = 'model' in config ? config.model : config;
  if (model.format !== 'pose-rft-policy') throw new Error(`${dir}: not a policy model (format ${String(model.format)})`);
  return { store, model };
}

export async function runHyGRPO(o: HyGRPORunOptions): Promise<HyGRPORunResult> {
  const cfg = o.config;
  const t0 = performance.now();
  const threads = o.intraOpThreads ? { intraOpThreads: o.intraOpThreads } : {};
  // π_ref stays the starting policy for the whole run, resumed or not.
  const ref = loadPolicyStore(o.policyDir);
  const start = o.resumeFrom ? loadPolicyStore(o.resumeFrom) : loadPolicyStore(o.policyDir);
  const model = ref.model;
  const trainer = await createHyGRPOTrainer(model, cfg, start.store, threads);
  let done = 0;
  if (o.resumeFrom) {
    const { state } = loadRunCheckpoint(o.resumeFrom, trainer.store, trainer.state);
    if (state.runId !== o.runId) throw new Error(`${o.resumeFrom} belongs to run ${state.runId}, not ${o.runId}`);
    done = state.step;
  }
  const sampler = await PolicySampler.create(model, o.tokenizer, trainer.store, threads);
  const reference = await ReferencePolicy.create(model, ref.store, cfg.sampling.temperature, threads);
  const pool = o.pool ?? loadQueryPool(cfg);
  const ckptDir = path.join(o.runDir, 'checkpoints');
  let lastCheckpoint = o.resumeFrom ?? null;
  const heldOut = heldOutPrompts(cfg, cfg.evalPrompts ?? DEFAULT_EVAL_PROMPTS);
  const evaluate = async (step: number): Promise<CheckpointEvaluation | undefined> => {
    if (heldOut.length === 0) return undefined;
    const e = await evaluateCheckpoint(step, sampler, o.encoder, heldOut, cfg);
    o.recorder.evaluation?.(step, e);
    return e;
  };
  try {
    if (done === 0) await evaluate(0);
    for (let step = done + 1; step <= cfg.steps; step++) {
      if (o.signal?.aborted) throw new Error('training cancelled');
      const t = performance.now();
      // 1. Rollout with the current weights (π_old of this step).
      const ro = await rollout(drawQueries(pool, cfg, step - 1), cfg, { policy: sampler, reference, encoder: o.encoder, tokenizer: o.tokenizer });
      // 2. Update; with updatesPerRollout > 1 later passes see ratios away from 1 and the clip engages.
      const lr = trainer.lr;
      let u = await trainer.step(ro.feeds);
      for (let k = 1; k < cfg.updatesPerRollout; k++) u = await trainer.step(ro.feeds);
      if (!Number.isFinite(u.loss)) throw new Error(`loss became ${u.loss} at step ${step}`);
      // 3. Metrics.
      const metrics = stepMetrics(ro, u, { lr, seconds: (performance.now() - t) / 1000, minStd: model.minStd });
      o.recorder.step(step, metrics);
      o.onStep?.(step, metrics);
      // 4. Held-out evaluation and the probes, with the weights this step left.
      const evaluation = step % cfg.evalEvery === 0 || step === cfg.steps ? await evaluate(step) : undefined;
      // 5. Checkpoint: weights, moments and the step (the whole data/RNG cursor).
      if (step % cfg.checkpointEvery === 0 || step === cfg.steps) {
        const saved = saveRunCheckpoint(ckptDir, {
          store: trainer.store,
          optimizer: trainer.state,
          state: { format: 'pose-rft-hygrpo-checkpoint', version: 1, step, runId: o.runId },
          config: { model, hygrpo: cfg },
        });
        o.recorder.checkpoint(step, saved.dir, saved.sha256, metrics, evaluation);
        lastCheckpoint = saved.dir;
      }
      done = step;
    }
  } finally {
    await Promise.all([sampler.release(), reference.release(), trainer.release()]);
  }
  return { step: done, lastCheckpoint, seconds: (performance.now() - t0) / 1000 };
}
