/**
 * Supervised training of the policy (SFT): multi-task batches of teacher-forced sequences, one compiled step
 * each: token cross-entropy on the answer + the pose loss at `<POSE>` (Gaussian negative log-likelihood per
 * dimension, or L2 per dimension for the deterministic head), clipping, AdamW; validation losses now and then.
 */
import { cosineWithWarmup, Graph, type InferenceProgram, type ParamStore, Trainer, type Tensor } from '../../graph';
import { add, mul, neg, stopGradient, reduceMean, reshape, softmaxCrossEntropy, square, sub } from '../../graph/ops';
import { Scope } from '../../graph/layers';
import { f32, i64, type HostTensor } from '../../runtime';
import { Rng } from '../../data/random';
import { POSE_SIZE_BODY } from '../../../../shared/body';
import type { TextTokenizer } from '../../text/tokenizer';
import type { PolicyTrainConfig } from './config';
import type { PreparedExamples } from './examples';
import { choleskyFromRaw, gaussianLogDensity } from './gaussian-head';
import { maskedAverage, pickPosition, PolicyNet } from './net';
import { collate, MODALITY_FEATURES } from './sequence';

/** Batches per length-sorted window (little padding per step, random order across the window). */
const BUCKET = 16;

export interface PolicyStepLog {
  step: number;
  loss: number;
  /** Mean cross-entropy per answer token (nats). */
  ce: number;
  /** Pose loss per row: squared axis-angle error of μ (rad²) + covLossWeight · Gaussian NLL per dimension (nats). */
  pose: number;
  lr: number;
  gradNorm: number;
  seconds: number;
}

export interface PolicyEvalLog {
  step: number;
  ce: number;
  pose: number;
  seconds: number;
}

export interface PolicyTrainOptions {
  onStep?: (log: PolicyStepLog) => void;
  onEval?: (log: PolicyEvalLog) => void;
  signal?: AbortSignal;
  intraOpThreads?: number;
}

export interface PolicyTrainResult {
  store: ParamStore;
  steps: PolicyStepLog[];
  evals: PolicyEvalLog[];
  seconds: number;
}

/** The SFT objective's parts as graph tensors (shared by the train step and the validation program). */
export function sftObjective(net: PolicyNet, g: Graph, w: { pose: number; cov: number }): { loss: Tensor; ce: Tensor; pose: Tensor } {
  const s = new Scope(g);
  const ids = g.input('ids', ['B', 'T'], 'int64');
  const targets = g.input('targets', ['B', 'T'], 'int64');
  const answerMask = g.input('answer_mask', ['B', 'T']);
  const features = g.input('features', ['B', 'T', MODALITY_FEATURES]);
  const poseMask = g.input('pose_mask', ['B', 'T']);
  const hasPose = g.input('has_pose', ['B']);
  const target = g.input('pose_target', ['B', POSE_SIZE_BODY]);
  const { logits, hidden } = net.forward(s, ids, features);
  const ce = maskedAverage(softmaxCrossEntropy(logits, targets), answerMask);
  const h = pickPosition(hidden, poseMask);
  // The covariance head learns from a stop-gradient copy of the trunk's state: the NLL's steep gradients where σ is
  // small would otherwise dominate the clipped update and the trunk would never learn to condition μ on the prompt.
  const head = net.pose(s, h, stopGradient(h));
  const perRow = poseRowLoss(head.mu, head.raw, target, { minStd: net.config.minStd, covWeight: w.cov });
  const pose = maskedAverage(perRow, hasPose);
  return { loss: add(ce, mul(pose, w.pose)), ce, pose };
}

/**
 * Per row [B]: the mean squared axis-angle error of μ (the deterministic head's whole loss) plus, for the Gaussian
 * head, covWeight · NLL / 66 with μ held fixed. So μ learns exactly as the deterministic head does and the
 * covariance is fitted to its residuals. Letting the NLL move μ too fails in practice: its pull on μ is
 * Σ⁻¹(x − μ), which fades where σ has grown and is steep where σ is small (Seitzer et al. 2022, "On the
 * pitfalls of heteroscedastic uncertainty estimation"); a tiny policy trained that way learned the marginal
 * pose and ignored its prompt. covWeight only sets how much the covariance head's gradients count in the
 * global clipping norm (Adam's per-parameter steps do not depend on it): at 1 they dominated the norm.
 */
export function poseRowLoss(mu: Tensor, raw: Tensor | null, target: Tensor, o: { minStd: number; covWeight: number }): Tensor {
  const sq = reduceMean(square(sub(mu, target)), [-1]);
  if (!raw) return sq;
  const chol = choleskyFromRaw(reshape(raw, [...raw.shape.slice(0, -1), 22, 6]), o.minStd);
  return add(mul(neg(gaussianLogDensity(stopGradient(mu), chol, target)), o.covWeight / POSE_SIZE_BODY), sq);
}

/** Host tensors of one batch (indices into the prepared examples). */
export function batchFeeds(data: PreparedExamples, idx: readonly number[], pad: number): Record<string, HostTensor> {
  const b = collate(
    idx.map((i) => data.seqs[i]!),
    pad,
  );
  const hasPose = new Float32Array(b.B);
  const target = new Float32Array(b.B * POSE_SIZE_BODY);
  idx.forEach((i, row) => {
    if (data.seqs[i]!.posePos >= 0) hasPose[row] = 1;
    target.set(data.targets.subarray(i * POSE_SIZE_BODY, (i + 1) * POSE_SIZE_BODY), row * POSE_SIZE_BODY);
  });
  return {
    ids: i64(b.ids, [b.B, b.T]),
    targets: i64(b.targets, [b.B, b.T]),
    answer_mask: f32(b.answerMask, [b.B, b.T]),
    features: f32(b.features, [b.B, b.T, MODALITY_FEATURES]),
    pose_mask: f32(b.poseMask, [b.B, b.T]),
    has_pose: f32(hasPose, [b.B]),
    pose_target: f32(target, [b.B, POSE_SIZE_BODY]),
  };
}

/** Mean validation losses over `data` (batches of `batch`, weighted by rows). */
async function validate(program: InferenceProgram, store: ParamStore, data: PreparedExamples, batch: number, pad: number): Promise<{ ce: number; pose: number }> {
  let ce = 0;
  let pose = 0;
  let ceRows = 0;
  let poseRows = 0;
  const order = Array.from({ length: data.seqs.length }, (_, i) => i).sort((a, b) => data.seqs[a]!.ids.length - data.seqs[b]!.ids.length);
  for (let start = 0; start < order.length; start += batch) {
    const idx = order.slice(start, start + batch);
    const r = await program.run(batchFeeds(data, idx, pad), store);
    const withPose = idx.filter((i) => data.seqs[i]!.posePos >= 0).length;
    ce += Number(r.ce!.data[0]) * idx.length;
    ceRows += idx.length;
    if (withPose > 0) {
      pose += Number(r.pose!.data[0]) * withPose;
      poseRows += withPose;
    }
  }
  return { ce: ce / Math.max(1, ceRows), pose: pose / Math.max(1, poseRows) };
}

export async function trainPolicy(
  cfg: PolicyTrainConfig,
  data: { train: PreparedExamples; val: PreparedExamples },
  tokenizer: TextTokenizer,
  o: PolicyTrainOptions = {},
): Promise<PolicyTrainResult> {
  if (tokenizer.vocabSize !== cfg.model.vocab) throw new Error(`policy expects a ${cfg.model.vocab}-token vocabulary, the tokenizer has ${tokenizer.vocabSize}`);
  const t0 = performance.now();
  const elapsed = () => (performance.now() - t0) / 1000;
  const net = new PolicyNet(cfg.model);
  const g = new Graph();
  const obj = sftObjective(net, g, { pose: cfg.poseLossWeight, cov: cfg.covLossWeight });
  const settings = o.intraOpThreads ? { settings: { intraOpThreads: o.intraOpThreads } } : {};
  const trainer = await Trainer.create(g, {
    loss: obj.loss,
    metrics: { ce: obj.ce, pose: obj.pose },
    optimizer: { kind: 'adamw', beta1: 0.9, beta2: 0.98, eps: 1e-8, weightDecay: cfg.weightDecay },
    clipNorm: cfg.clipNorm,
    seed: cfg.seed,
    schedule: cosineWithWarmup({ peakLr: cfg.peakLr, warmupSteps: cfg.warmupSteps, totalSteps: cfg.steps, minLr: cfg.minLr }),
    ...settings,
  });
  const valProgram = await trainer.inference({ ce: obj.ce, pose: obj.pose }, settings);
  const pad = tokenizer.specials.pad;
  const train = data.train;
  const rng = new Rng(cfg.seed).fork('batches');
  let order: number[] = [];
  let queue: number[][] = [];
  const nextBatch = (): number[] => {
    if (queue.length === 0) {
      while (order.length < cfg.batch * BUCKET) order = order.concat(rng.shuffle(Array.from({ length: train.seqs.length }, (_, i) => i)));
      const window = order.splice(0, cfg.batch * BUCKET).sort((a, b) => train.seqs[a]!.ids.length - train.seqs[b]!.ids.length);
      queue = rng.shuffle(Array.from({ length: BUCKET }, (_, k) => window.slice(k * cfg.batch, (k + 1) * cfg.batch)));
    }
    return queue.pop()!;
  };
  const steps: PolicyStepLog[] = [];
  const evals: PolicyEvalLog[] = [];
  const evalNow = async (step: number) => {
    const v = await validate(valProgram, trainer.store, data.val, cfg.batch, pad);
    const log = { step, ...v, seconds: elapsed() };
    evals.push(log);
    o.onEval?.(log);
  };
  try {
    for (let step = 0; step < cfg.steps; step++) {
      if (o.signal?.aborted) throw new Error('training cancelled');
      const lr = trainer.lr;
      const r = await trainer.step(batchFeeds(train, nextBatch(), pad));
      const log: PolicyStepLog = {
        step: step + 1,
        loss: r.loss,
        ce: Number(r.metrics.ce?.data[0] ?? NaN),
        pose: Number(r.metrics.pose?.data[0] ?? NaN),
        lr,
        gradNorm: r.gradNorm,
        seconds: elapsed(),
      };
      if (!Number.isFinite(log.loss)) throw new Error(`loss became ${log.loss} at step ${log.step}`);
      steps.push(log);
      o.onStep?.(log);
      if ((step + 1) % cfg.evalEvery === 0 || step + 1 === cfg.steps) await evalNow(step + 1);
    }
  } finally {
    await Promise.all([valProgram.release(), trainer.release()]);
  }
  return { store: trainer.store, steps, evals, seconds: elapsed() };
}
