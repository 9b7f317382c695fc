/**
 * The retrieval model's training loop: shuffled batches of caption–pose pairs, one compiled train step each
 * (forward, symmetric contrastive loss, backward, clipping, AdamW), validation Recall@K now and then.
 */
import { cosineWithWarmup, Graph, type ParamStore, Trainer } from '../../graph';
import { f32, i64 } from '../../runtime';
import { Scope } from '../../graph/layers';
import { Rng } from '../../data/random';
import { recallFull, type RecallResult } from '../../eval/metrics';
import type { TextTokenizer } from '../../text/tokenizer';
import { POSE_FEATURES, type RetrievalTrainConfig } from './config';
import { RetrievalEncoder, similarityMatrix } from './encoder';
import { padTokens, poseFeatures } from './features';
import { contrastiveLoss, RetrievalNet } from './net';
import type { TextPosePairs } from './pairs';

/** Batches per length-sorted window. */
const BUCKET = 16;

export interface StepLog {
  step: number;
  loss: number;
  lr: number;
  gradNorm: number;
  scale: number;
  seconds: number;
}

export interface EvalLog {
  step: number;
  recall: RecallResult;
  seconds: number;
}

export interface TrainOptions {
  onStep?: (log: StepLog) => void;
  onEval?: (log: EvalLog) => void;
  signal?: AbortSignal;
  intraOpThreads?: number;
}

export interface TrainResult {
  store: ParamStore;
  steps: StepLog[];
  evals: EvalLog[];
  seconds: number;
}

/** Recall@K (full protocol) of an encoder on aligned pairs. */
export async function evaluatePairs(encoder: RetrievalEncoder, pairs: TextPosePairs, n = pairs.n): Promise<RecallResult> {
  const t = await encoder.embedTexts(pairs.texts.slice(0, n));
  const p = await encoder.embedPoses(pairs.poses, n);
  return recallFull(similarityMatrix(t, n, p, n, encoder.dim), n);
}

export async function trainRetrieval(
  cfg: RetrievalTrainConfig,
  data: { train: TextPosePairs; val: TextPosePairs },
  tokenizer: TextTokenizer,
  o: TrainOptions = {},
): Promise<TrainResult> {
  const t0 = performance.now();
  const elapsed = () => (performance.now() - t0) / 1000;
  const net = new RetrievalNet(cfg.model);
  const maxLen = cfg.model.text.maxLen;
  const tokens = data.train.texts.map((t) => tokenizer.encode(t).slice(0, maxLen));
  const feats = poseFeatures(data.train.poses, data.train.n);

  const g = new Graph();
  const s = new Scope(g);
  const text = net.text(s, g.input('ids', ['B', 'T'], 'int64'), g.input('mask', ['B', 'T']));
  const pose = net.pose(s, g.input('features', ['B', POSE_FEATURES]));
  const scale = net.scale(s);
  const loss = contrastiveLoss(text, pose, scale, g.input('labels', ['B'], 'int64'));
  const trainer = await Trainer.create(g, {
    loss,
    metrics: { scale },
    optimizer: { kind: 'adamw', beta1: 0.9, beta2: 0.98, eps: 1e-8, weightDecay: cfg.weightDecay },
    clipNorm: cfg.clipNorm,
    seed: cfg.seed,
    schedule: cosineWithWarmup({ peakLr: cfg.peakLr, warmupSteps: cfg.warmupSteps, totalSteps: cfg.steps, minLr: cfg.minLr }),
    ...(o.intraOpThreads ? { settings: { intraOpThreads: o.intraOpThreads } } : {}),
  });
  const encoder = await RetrievalEncoder.create(cfg.model, tokenizer, trainer.store, o.intraOpThreads ? { intraOpThreads: o.intraOpThreads } : {});

  const rng = new Rng(cfg.seed).fork('batches');
  let order: number[] = [];
  let queue: number[][] = [];
  /**
   * Batches of similar caption length (a shuffled window of BUCKET batches is sorted by length and cut), so a
   * step pads little; the window's batches then run in random order.
   */
  const nextBatch = (): number[] => {
    if (queue.length === 0) {
      while (order.length < cfg.batch * BUCKET) order = order.concat(rng.shuffle(Array.from({ length: data.train.n }, (_, i) => i)));
      const window = order.splice(0, cfg.batch * BUCKET).sort((a, b) => tokens[a]!.length - tokens[b]!.length);
      queue = rng.shuffle(Array.from({ length: BUCKET }, (_, k) => window.slice(k * cfg.batch, (k + 1) * cfg.batch)));
    }
    return queue.pop()!;
  };
  const labels = i64(
    Array.from({ length: cfg.batch }, (_, i) => i),
    [cfg.batch],
  );
  const steps: StepLog[] = [];
  const evals: EvalLog[] = [];
  const evalNow = async (step: number) => {
    const log = { step, recall: await evaluatePairs(encoder, data.val, Math.min(cfg.evalItems, data.val.n)), seconds: elapsed() };
    evals.push(log);
    o.onEval?.(log);
  };
  try {
    for (let step = 0; step < cfg.steps; step++) {
      if (o.signal?.aborted) throw new Error('training cancelled');
      const idx = nextBatch();
      const { ids, mask, B, T } = padTokens(
        idx.map((i) => tokens[i]!),
        tokenizer.specials.pad,
      );
      const f = new Float32Array(B * POSE_FEATURES);
      idx.forEach((i, row) => f.set(feats.subarray(i * POSE_FEATURES, (i + 1) * POSE_FEATURES), row * POSE_FEATURES));
      const lr = trainer.lr;
      const r = await trainer.step({ ids: i64(ids, [B, T]), mask: f32(mask, [B, T]), features: f32(f, [B, POSE_FEATURES]), labels });
      const log: StepLog = { step: step + 1, loss: r.loss, lr, gradNorm: r.gradNorm, scale: Number(r.metrics.scale?.data[0] ?? NaN), seconds: elapsed() };
      if (!Number.isFinite(log.loss)) throw new Error(`loss became ${log.loss} at step ${log.step}`);
      steps.push(log);
      o.onStep?.(log);
      if ((step + 1) % cfg.evalEvery === 0 || step + 1 === cfg.steps) await evalNow(step + 1);
    }
  } finally {
    await Promise.all([encoder.release(), trainer.release()]);
  }
  return { store: trainer.store, steps, evals, seconds: elapsed() };
}
