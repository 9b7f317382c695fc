/**
 * `pose-studio finetune --config F [--resume RUN]`: a HyGRPO run whose steps and checkpoints are recorded in the
 * studio's database. A resumed run continues after its last recorded checkpoint; metrics logged after that
 * checkpoint (by the process that died) are dropped first, so every step appears exactly once.
 * Progress: a bar on stderr, or with --json one JSON object per line on stdout (start, step, done, error).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { shippedModelDir } from '../compute/models/paths';
import { RetrievalEncoder } from '../compute/models/retrieval/encoder';
import { evaluationMetrics } from '../compute/rl/checkpoint-eval';
import { validateHyGRPOConfig, type HyGRPOConfig } from '../compute/rl/config';
import { expectsPose } from '../compute/rl/rewards';
import { checkpointSha256 } from '../compute/rl/run-checkpoint';
import type { StepMetrics } from '../compute/rl/step';
import { runHyGRPO } from '../compute/rl/train';
import { loadTokenizer } from '../compute/text/tokenizer';
import { appVersion } from '../services/app-paths';
import { openStore, type JsonObject, type TrainingRunRecord } from '../storage';
import type { CliIO } from './io';

export interface FinetuneOptions {
  config?: string;
  resume?: string;
  threads: number;
  dataDir: string;
  json: boolean;
  /** stderr is a terminal: redraw one progress line instead of printing lines. */
  interactive: boolean;
}

/** Metrics a checkpoint record carries (the checkpoint list shows them without reading the metric table). */
const CHECKPOINT_METRICS = ['reward.semantic.mean', 'reward.spatial.mean', 'reward.format.mean', 'kl_text', 'kl_pose', 'sigma.mean'];

class FinetuneError extends Error {
  constructor(
    message: string,
    readonly errors: string[] = [],
  ) {
    super(message);
  }
}

function readConfigFile(file: string): HyGRPOConfig {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new FinetuneError(`cannot read the config ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const check = validateHyGRPOConfig(value);
  if (!check.ok) throw new FinetuneError(`the config ${file} is not a valid HyGRPO config`, check.errors);
  return check.config;
}

/** Whether a weighted reward of a drawn task needs the retrieval model. */
function needsRetrieval(c: HyGRPOConfig): boolean {
  const drawn = Object.entries(c.taskMix).filter(([, w]) => (w ?? 0) > 0).map(([t]) => t as keyof HyGRPOConfig['taskMix']);
  return (c.rewardWeights.semantic > 0 && drawn.includes('text2pose')) || (c.rewardWeights.textSimilarity > 0 && drawn.some((t) => !expectsPose(t)));
}

function bar(step: number, steps: number, m: StepMetrics, secondsPerStep: number): string {
  const width = 24;
  const filled = Math.round((width * step) / steps);
  const f = (v: number | null | undefined, d = 3) => (v === null || v === undefined ? '–' : v.toFixed(d));
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${step}/${steps}  semantic ${f(m['reward.semantic.mean'])}  format ${f(m.format_rate, 2)}  kl ${f(m.kl_text, 4)}/${f(m.kl_pose, 3)}  ${secondsPerStep.toFixed(2)} s/step`;
}

export async function runFinetune(o: FinetuneOptions, io: CliIO): Promise<number> {
  const emit = (event: Record<string, unknown>) => io.out(JSON.stringify(event));
  const fail = (e: unknown): number => {
    const message = e instanceof Error ? e.message : String(e);
    const errors = e instanceof FinetuneError ? e.errors : [];
    if (o.json) emit({ event: 'error', message, errors });
    io.err(`pose-studio finetune: ${message}`);
    for (const line of errors) io.err(`  ${line}`);
    return 1;
  };
  let fileConfig: HyGRPOConfig | undefined;
  try {
    if (o.config) fileConfig = readConfigFile(o.config);
  } catch (e) {
    return fail(e);
  }

  const store = openStore({ dataDir: o.dataDir });
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  let run: TrainingRunRecord | null = null;
  let encoder: RetrievalEncoder | null = null;
  try {
    let cfg: HyGRPOConfig;
    let resumeFrom: string | undefined;
    if (o.resume) {
      run = store.trainingRuns.get(o.resume);
      if (!run) throw new FinetuneError(`no run ${o.resume} in ${store.dbPath}`);
      if (run.algorithm !== 'hygrpo') throw new FinetuneError(`run ${run.id} is a ${run.algorithm} run, not a HyGRPO run`);
      const check = validateHyGRPOConfig(run.config);
      if (!check.ok) throw new FinetuneError(`run ${run.id} has a config this version cannot read`, check.errors);
      cfg = check.config;
      if (fileConfig && JSON.stringify(fileConfig) !== JSON.stringify(cfg)) throw new FinetuneError(`--config differs from the config run ${run.id} was started with (a run keeps its config; start a new run instead)`);
      const ckpt = store.checkpoints.latest(run.id);
      if (ckpt) {
        if (!existsSync(ckpt.file)) throw new FinetuneError(`run ${run.id}'s checkpoint at step ${ckpt.step} is missing (${ckpt.file})`);
        if (checkpointSha256(ckpt.file) !== ckpt.sha256) throw new FinetuneError(`run ${run.id}'s checkpoint at step ${ckpt.step} does not match its recorded sha256 (${ckpt.file})`);
        resumeFrom = ckpt.file;
      }
      store.runMetrics.deleteAfter(run.id, ckpt?.step ?? 0);
    } else {
      cfg = fileConfig!;
    }
    const policyDir = path.resolve(cfg.policy ?? shippedModelDir('policy'));
    if (!existsSync(path.join(policyDir, 'model.safetensors'))) {
      throw new FinetuneError(`no policy checkpoint at ${policyDir} (train one with scripts/train-policy.ts, or set "policy" in the config)`);
    }
    let retrievalDir: string | null = null;
    if (needsRetrieval(cfg)) {
      retrievalDir = path.resolve(cfg.retrieval ?? shippedModelDir('retrieval'));
      if (!existsSync(path.join(retrievalDir, 'model.safetensors'))) throw new FinetuneError(`no retrieval model at ${retrievalDir} (the semantic and text-similarity rewards need one; set "retrieval" in the config or give those rewards weight 0)`);
    }
    run ??= store.trainingRuns.create({
      name: `hygrpo ${path.basename(o.config ?? 'run')} ${new Date().toISOString()}`,
      algorithm: 'hygrpo',
      config: cfg as unknown as JsonObject,
      seed: cfg.seed,
      versions: { app: appVersion(), policy: policyDir, retrieval: retrievalDir },
    });
    const runId = run.id;
    const runDir = path.join(store.dataDir, 'runs', runId);
    store.trainingRuns.setStatus(runId, 'running');
    const from = resumeFrom ? store.checkpoints.latest(runId)!.step : 0;
    if (o.json) emit({ event: 'start', runId, from, steps: cfg.steps, runDir });
    else io.err(`run ${runId}: ${resumeFrom ? `resuming after step ${from}` : 'starting'} (${cfg.steps} steps, G = ${cfg.groupSize}, ${cfg.queriesPerStep} queries per step)`);

    const tokenizer = loadTokenizer();
    if (retrievalDir) encoder = await RetrievalEncoder.load(retrievalDir, tokenizer, { intraOpThreads: o.threads });
    const t0 = performance.now();
    let shown = 0;
    const every = Math.max(1, Math.floor(cfg.steps / 20));
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
        checkpoint: (step, dir, sha256, m, evaluation) => {
          const metrics: JsonObject = Object.fromEntries(CHECKPOINT_METRICS.map((k) => [k, m[k] ?? null]));
          if (evaluation) metrics.evaluation = evaluation as unknown as JsonObject;
          store.checkpoints.put({ runId, step, file: dir, sha256, metrics });
        },
        evaluation: (step, e) => {
          store.runMetrics.insertMany(runId, Object.entries(evaluationMetrics(e)).map(([name, value]) => ({ step, name, value })));
        },
      },
      onStep: (step, m) => {
        if (o.json) return emit({ event: 'step', runId, step, steps: cfg.steps, metrics: m });
        const rate = (performance.now() - t0) / 1000 / ++shown;
        if (o.interactive) process.stderr.write(`\r${bar(step, cfg.steps, m, rate)}${step === cfg.steps ? '\n' : ''}`);
        else if (step % every === 0 || step === cfg.steps) io.err(bar(step, cfg.steps, m, rate));
      },
      signal: abort.signal,
      intraOpThreads: o.threads,
    });
    store.trainingRuns.setStatus(runId, 'completed');
    if (o.json) emit({ event: 'done', runId, step: result.step, checkpoint: result.lastCheckpoint, seconds: result.seconds });
    else io.out(`run ${runId} completed: ${result.step} steps in ${result.seconds.toFixed(1)} s; last checkpoint ${result.lastCheckpoint}`);
    return 0;
  } catch (e) {
    if (run && store.isOpen) store.trainingRuns.setStatus(run.id, abort.signal.aborted ? 'cancelled' : 'failed', e instanceof Error ? e.message : String(e));
    return fail(e);
  } finally {
    process.off('SIGINT', onSigint);
    await encoder?.release();
    store.close();
  }
}
