/**
 * The HyGRPO objective as graph functions, so that it compiles with the policy's forward pass, the backward pass
 * and AdamW into one ONNX training step (`compileTrainStep`). Float64 references: `loss-ref.ts`.
 *
 * Maximised objective (the loss is its negative):
 *   J = S_text − β_text·KL_text + S_pose − β_pose·KL_pose
 * - S_text: token-level clipped surrogate. Per answer token t of row i, r = exp(log π_θ − log π_old) and
 *   min(r·F_i, clip(r, 1 − ε_low, 1 + ε_high)·F_i), averaged over ALL answer tokens of the batch (a per-sequence
 *   mean would weight a short answer's tokens more than a long one's).
 * - S_pose: per-sample clipped surrogate of the Gaussian pose. r_c = exp(clamp(log N_θ(x) − log N_old(x), ±c)),
 *   the same min/clip with Δ_i, averaged over the valid candidates (V). The density is that of the sampling
 *   distribution N(μ, s²Σ) at the σ-scale s the candidate was drawn with, as the old log-density was. The
 *   log-ratio is one number for all 66 dimensions, so a small change of σ in every dimension moves it by
 *   several units; it is clamped before exp so a runaway ratio cannot overflow or swamp the global-norm clip.
 *   Beyond the clamp its gradient is 0 (the sample stops pushing), hence a wide default (±10, a ratio ≤ 2.2e4).
 * - KL_text: k3 per answer token, k3 = exp(δ) − δ − 1 with δ = clamp(log π_ref − log π_θ, ±20): an unbiased,
 *   never negative estimate of KL(π_θ ‖ π_ref) under tokens drawn from the policy; the clamp keeps exp finite.
 *   Averaged over the same tokens as S_text.
 * - KL_pose: the exact KL(N(μ, Σ) ‖ N(μ_ref, Σ_ref)) of the two heads' Gaussians (gaussianKL, at scale 1: the
 *   policies, not the widened sampling distributions), averaged over V.
 * `plainGrpo` drops S_pose and KL_pose (text only: the paper's ablation in which the pose head is not updated).
 *
 * Masked positions (padding, prompt tokens, invalid candidates) are removed with Where before any exp, and
 * Where sends them no gradient, so the old and reference log-probs (token or pose) there may be anything, ±inf
 * included. The tensors a masked row's KL and density are computed from (the current head's outputs, x, the
 * reference μ and factors) must still be finite with positive diagonals: the backward pass multiplies a zero
 * upstream gradient by their local derivatives, and 0·inf is NaN. Fill invalid rows with any valid pose
 * distribution (e.g. the reference's, or the head's own outputs).
 */
import {
  type Graph,
  type Tensor,
  type TensorLike,
  add,
  cast,
  clip,
  div,
  exp,
  greater,
  less,
  logicalAnd,
  logicalOr,
  minimum,
  mul,
  neg,
  softmaxCrossEntropy,
  sub,
  unsqueeze,
  where,
} from '../graph';
import { type GaussianBlocks, gaussianKL, gaussianLogDensity } from '../models/policy/gaussian-head';
import { maskedAverage } from '../models/policy/net';

import { DEFAULT_KL_LOG_RATIO_CLAMP, DEFAULT_POSE_LOG_RATIO_CLAMP } from './ratio-clamps';

export { DEFAULT_KL_LOG_RATIO_CLAMP, DEFAULT_POSE_LOG_RATIO_CLAMP };

export interface HyGRPOLossOptions {
  /** ε below 1: the ratio is clipped at 1 − clipLow. */
  clipLow: number;
  /** ε above 1: the ratio is clipped at 1 + clipHigh (DAPO-style asymmetric clipping when larger than clipLow). */
  clipHigh: number;
  betaText: number;
  betaPose: number;
  /** Clamp of k3's log-ratio; default 20. */
  klLogRatioClamp?: number;
  /** Clamp of the pose log-ratio before exp; default 10. */
  poseLogRatioClamp?: number;
  /** Text branch only (no pose surrogate, no pose KL). */
  plainGrpo?: boolean;
}

/** The discrete branch's tensors. */
export interface TextBranch {
  /** log π_θ(target token) of the current policy, [B, T] (see `tokenLogProbs`). */
  logProbs: Tensor;
  /** The sampling policy's log-probs of the same tokens, [B, T], under the same temperature. */
  oldLogProbs: Tensor;
  /** The frozen reference's log-probs, [B, T]. */
  refLogProbs: Tensor;
  /** 1 on answer tokens, 0 elsewhere, [B, T] (float; fractional weights are averaged as weights). */
  mask: Tensor;
  /** F per row, [B]. */
  advantages: Tensor;
}

/** The continuous branch's tensors (J joints; 22 for the policy). */
export interface PoseBranch {
  /** Current head: μ [B, 3J] and its Cholesky blocks [B, J, 3]. */
  mu: Tensor;
  chol: GaussianBlocks;
  /** The sampled poses, [B, 3J]. */
  x: Tensor;
  /** log N_old(x) under the sampling σ-scale, [B]. */
  oldLogDensity: Tensor;
  /** The frozen reference head's μ and blocks. */
  refMu: Tensor;
  refChol: GaussianBlocks;
  /** σ-scale the candidates were drawn with: a number, or [B]. */
  scale: TensorLike;
  /** 1 for candidates in V, [B] (float). */
  valid: Tensor;
  /** Δ per row, [B]. */
  advantages: Tensor;
}

export interface HyGRPOTerms {
  /** −J: what the optimiser minimises. */
  loss: Tensor;
  textSurrogate: Tensor;
  /** Mean k3 over answer tokens. */
  klText: Tensor;
  /** Fraction of answer tokens whose clipped term is the one taken (F > 0 and r > 1 + ε_high, or F < 0 and r < 1 − ε_low). */
  clipFracText: Tensor;
  /** Mean token ratio over answer tokens. */
  ratioText: Tensor;
  /** The pose terms; absent under plainGrpo. */
  pose?: {
    surrogate: Tensor;
    /** Mean exact KL over V. */
    kl: Tensor;
    /** Fraction of V whose clipped term is taken. */
    clipFrac: Tensor;
    /** Mean (clamped) ratio over V. */
    ratio: Tensor;
    /** Fraction of V whose log-ratio hit the clamp. */
    clampFrac: Tensor;
  };
}

/** log π(target) per position, [B, T], from logits [B, T, V] (divided by the sampling temperature first). */
export function tokenLogProbs(logits: Tensor, targets: Tensor, temperature = 1): Tensor {
  if (!(temperature > 0)) throw new RangeError(`tokenLogProbs: temperature must be positive, got ${temperature}`);
  return neg(softmaxCrossEntropy(temperature === 1 ? logits : div(logits, temperature), targets));
}

function checkOptions(o: HyGRPOLossOptions): Required<HyGRPOLossOptions> {
  const r = {
    clipLow: o.clipLow,
    clipHigh: o.clipHigh,
    betaText: o.betaText,
    betaPose: o.betaPose,
    klLogRatioClamp: o.klLogRatioClamp ?? DEFAULT_KL_LOG_RATIO_CLAMP,
    poseLogRatioClamp: o.poseLogRatioClamp ?? DEFAULT_POSE_LOG_RATIO_CLAMP,
    plainGrpo: o.plainGrpo ?? false,
  };
  if (!(r.clipLow > 0 && r.clipLow < 1)) throw new RangeError(`clipLow must be in (0, 1), got ${r.clipLow}`);
  if (!(r.clipHigh > 0) || !Number.isFinite(r.clipHigh)) throw new RangeError(`clipHigh must be a positive number, got ${r.clipHigh}`);
  for (const k of ['betaText', 'betaPose'] as const) if (!(r[k] >= 0) || !Number.isFinite(r[k])) throw new RangeError(`${k} must be a finite number ≥ 0, got ${r[k]}`);
  for (const k of ['klLogRatioClamp', 'poseLogRatioClamp'] as const) if (!(r[k] > 0) || !Number.isFinite(r[k])) throw new RangeError(`${k} must be a positive number, got ${r[k]}`);
  return r;
}

/** min(r·A, clip(r, 1 − lo, 1 + hi)·A) and whether the clipped term is the one taken (as float). */
function clippedSurrogate(ratio: Tensor, adv: Tensor, lo: number, hi: number): { surrogate: Tensor; clipped: Tensor } {
  const surrogate = minimum(mul(ratio, adv), mul(clip(ratio, 1 - lo, 1 + hi), adv));
  const high = logicalAnd(greater(adv, 0), greater(ratio, 1 + hi));
  const low = logicalAnd(less(adv, 0), less(ratio, 1 - lo));
  return { surrogate, clipped: cast(logicalOr(high, low), ratio.dtype) };
}

/** k3 = exp(δ) − δ − 1 with δ clamped to ±c. */
export function k3(logRatio: Tensor, c = DEFAULT_KL_LOG_RATIO_CLAMP): Tensor {
  const d = clip(logRatio, -c, c);
  return sub(sub(exp(d), d), 1);
}

/** The HyGRPO loss and its diagnostics (see the file comment); `pose` may be null only under plainGrpo. */
export function hygrpoLoss(text: TextBranch, pose: PoseBranch | null, options: HyGRPOLossOptions): HyGRPOTerms {
  const o = checkOptions(options);
  if (!o.plainGrpo && !pose) throw new Error('hygrpoLoss: the pose branch is required unless plainGrpo is set');
  const on = greater(text.mask, 0);
  const logRatio = where(on, sub(text.logProbs, text.oldLogProbs), 0);
  const ratio = exp(logRatio);
  const t = clippedSurrogate(ratio, unsqueeze(text.advantages, -1), o.clipLow, o.clipHigh);
  const textSurrogate = maskedAverage(t.surrogate, text.mask);
  const klText = maskedAverage(k3(where(on, sub(text.refLogProbs, text.logProbs), 0), o.klLogRatioClamp), text.mask);
  let objective = sub(textSurrogate, mul(klText, o.betaText));
  const terms: HyGRPOTerms = {
    loss: objective,
    textSurrogate,
    klText,
    clipFracText: maskedAverage(t.clipped, text.mask),
    ratioText: maskedAverage(ratio, text.mask),
  };
  if (!o.plainGrpo && pose) {
    const valid = greater(pose.valid, 0);
    const c = o.poseLogRatioClamp;
    const raw = sub(gaussianLogDensity(pose.mu, pose.chol, pose.x, pose.scale), pose.oldLogDensity);
    const poseRatio = exp(where(valid, clip(raw, -c, c), 0));
    const p = clippedSurrogate(poseRatio, pose.advantages, o.clipLow, o.clipHigh);
    const surrogate = maskedAverage(p.surrogate, pose.valid);
    const kl = maskedAverage(where(valid, gaussianKL(pose.mu, pose.chol, pose.refMu, pose.refChol), 0), pose.valid);
    objective = add(objective, sub(surrogate, mul(kl, o.betaPose)));
    const clamped = cast(logicalOr(greater(raw, c), less(raw, -c)), raw.dtype);
    terms.pose = {
      surrogate,
      kl,
      clipFrac: maskedAverage(p.clipped, pose.valid),
      ratio: maskedAverage(poseRatio, pose.valid),
      clampFrac: maskedAverage(clamped, pose.valid),
    };
  }
  terms.loss = neg(objective);
  return terms;
}

/** The diagnostics as named outputs (for `compileTrainStep`'s metrics). */
export function hygrpoMetrics(t: HyGRPOTerms): Record<string, Tensor> {
  const m: Record<string, Tensor> = {
    text_surrogate: t.textSurrogate,
    kl_text: t.klText,
    clip_frac_text: t.clipFracText,
    ratio_text: t.ratioText,
  };
  if (t.pose) {
    m.pose_surrogate = t.pose.surrogate;
    m.kl_pose = t.pose.kl;
    m.clip_frac_pose = t.pose.clipFrac;
    m.ratio_pose = t.pose.ratio;
    m.clamp_frac_pose = t.pose.clampFrac;
  }
  return m;
}

/** The rollout-side inputs of a HyGRPO step as named graph inputs (the current policy's tensors come from the net). */
export interface HyGRPOBatchInputs {
  /** int64 [B, T]: the token each position predicts. */
  targets: Tensor;
  answerMask: Tensor;
  oldLogProbs: Tensor;
  refLogProbs: Tensor;
  advText: Tensor;
  poseX: Tensor;
  oldPoseLogDensity: Tensor;
  refMu: Tensor;
  refChol: GaussianBlocks;
  sigmaScale: Tensor;
  poseValid: Tensor;
  advPose: Tensor;
}

/**
 * Declares the batch inputs with symbolic B and T: targets, answer_mask, old_logp, ref_logp, adv_text [B],
 * pose_x [B, 3J], old_pose_logp [B], ref_mu [B, 3J], ref_diag / ref_off [B, J, 3], sigma_scale [B],
 * pose_valid [B], adv_pose [B].
 */
export function hygrpoBatchInputs(g: Graph, joints = 22): HyGRPOBatchInputs {
  const k = joints * 3;
  return {
    targets: g.input('targets', ['B', 'T'], 'int64'),
    answerMask: g.input('answer_mask', ['B', 'T']),
    oldLogProbs: g.input('old_logp', ['B', 'T']),
    refLogProbs: g.input('ref_logp', ['B', 'T']),
    advText: g.input('adv_text', ['B']),
    poseX: g.input('pose_x', ['B', k]),
    oldPoseLogDensity: g.input('old_pose_logp', ['B']),
    refMu: g.input('ref_mu', ['B', k]),
    refChol: { diag: g.input('ref_diag', ['B', joints, 3]), off: g.input('ref_off', ['B', joints, 3]) },
    sigmaScale: g.input('sigma_scale', ['B']),
    poseValid: g.input('pose_valid', ['B']),
    advPose: g.input('adv_pose', ['B']),
  };
}
