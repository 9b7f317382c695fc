/**
 * The policy as graph layers: a decoder-only transformer over text and projected modality tokens, its LM head
 * (the discrete policy) and, read at `<POSE>`, the pose head (the continuous policy). Built into the SFT step,
 * the prefill and the one-token decode graphs with the same parameter names, so one checkpoint serves all.
 * Param names: lm.{tok,blocks.i,ln_f,head}.…, modality.weight, pose_mu.{0,1}.…, pose_cov.{0,1}.… (gaussian only).
 */
import type { Tensor } from '../../graph';
import { div, maximum, mul, reduceSum, unsqueeze } from '../../graph/ops';
import { type KVCache, Linear, MLP, type Scope, TransformerLM } from '../../graph/layers';
import { POSE_SIZE_BODY } from '../../../../shared/body';
import type { PolicyModelConfig } from './config';
import { MODALITY_FEATURES } from './sequence';

/** Raw numbers per joint of the Cholesky factor: 3 diagonal (through softplus) + 3 below it. */
export const CHOL_RAW_PER_JOINT = 6;
export const CHOL_RAW = 22 * CHOL_RAW_PER_JOINT;

export interface PolicyForward {
  logits: Tensor;
  hidden: Tensor;
  present: KVCache[];
}

export interface PoseHeadOutput {
  /** [B, 66] axis-angle mean. */
  mu: Tensor;
  /** [B, 132] raw Cholesky numbers (gaussian head only). */
  raw: Tensor | null;
}

export class PolicyNet {
  readonly lm: TransformerLM;
  readonly modality: Linear;
  readonly muHead: MLP;
  /** Separate from the mean's MLP so the covariance's gradients (steep where σ is small) never reshape μ's features. */
  readonly covHead: MLP | null;

  constructor(readonly config: PolicyModelConfig) {
    const c = config;
    this.lm = new TransformerLM({ vocab: c.vocab, dim: c.dim, heads: c.heads, layers: c.layers, maxLen: c.maxLen, mlpRatio: c.mlpRatio, positions: 'rotary' });
    // No bias: positions that are not modality slots (all-zero features) get nothing added.
    this.modality = new Linear(MODALITY_FEATURES, c.dim, { bias: false, init: { normal: 0.02 } });
    this.muHead = new MLP([c.dim, ...c.headHidden, POSE_SIZE_BODY], { activation: 'gelu' });
    this.covHead = c.head === 'gaussian' ? new MLP([c.dim, ...c.headHidden, CHOL_RAW], { activation: 'gelu' }) : null;
  }

  /** ids int64 [B, T]; features [B, T, MODALITY_FEATURES]; past: one cache per layer for incremental decoding. */
  forward(s: Scope, ids: Tensor, features: Tensor, past?: KVCache[]): PolicyForward {
    const extra = this.modality.apply(s.child('modality'), features);
    const r = this.lm.apply(s.child('lm'), ids, past ? { past, extra } : { extra });
    return { logits: r.logits, hidden: r.hidden, present: r.present };
  }

  /**
   * h [B, dim] (the hidden state at `<POSE>`) → μ and the raw covariance numbers. `covInput` (default h) is what
   * the covariance head reads: supervised training passes a stop-gradient copy of h (see train.ts).
   */
  pose(s: Scope, h: Tensor, covInput: Tensor = h): PoseHeadOutput {
    const mu = this.muHead.apply(s.child('pose_mu'), h);
    return { mu, raw: this.covHead ? this.covHead.apply(s.child('pose_cov'), covInput) : null };
  }
}

/** Σ_t hidden[b, t] · oneHot[b, t]: the hidden state at each row's marked position ([B, dim]; 0 for unmarked rows). */
export function pickPosition(hidden: Tensor, oneHot: Tensor): Tensor {
  return reduceSum(mul(hidden, unsqueeze(oneHot, [2])), [1]);
}

/** Σ x·w / max(Σ w, 1): a weighted mean that is 0 (not NaN) when no weight is set. */
export function maskedAverage(x: Tensor, w: Tensor): Tensor {
  return div(reduceSum(mul(x, w)), maximum(reduceSum(w), 1));
}
