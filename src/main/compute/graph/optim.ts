/** Optimizer updates and gradient clipping, built as graph nodes so a whole training step is one graph. */
import type { Tensor } from './graph';
import { add, div, maximum, mul, pow, sqrt, sub } from './ops/elementwise';
import { reduceSum } from './ops/reduce';

export interface SgdConfig {
  kind: 'sgd';
  momentum?: number;
  nesterov?: boolean;
  /** Decoupled weight decay: p ← p − lr·wd·p. */
  weightDecay?: number;
}

export interface AdamWConfig {
  kind: 'adamw';
  beta1?: number;
  beta2?: number;
  eps?: number;
  /** Decoupled weight decay (Loshchilov & Hutter): p ← p − lr·wd·p, outside the adaptive step. */
  weightDecay?: number;
}

export type OptimizerConfig = SgdConfig | AdamWConfig;

/** Names of the per-parameter state slots the optimizer keeps (fed in and returned every step). */
export function optimizerSlots(cfg: OptimizerConfig): string[] {
  if (cfg.kind === 'adamw') return ['m', 'v'];
  return (cfg.momentum ?? 0) > 0 ? ['m'] : [];
}

export interface UpdateInputs {
  param: Tensor;
  grad: Tensor;
  slots: Tensor[];
  /** Scalar learning rate (graph input). */
  lr: Tensor;
  /** Scalar 1-based step count (graph input, float) for Adam's bias correction. */
  step: Tensor;
  /** Whether weight decay applies to this parameter. */
  decay: boolean;
  /** Scalar the gradient is multiplied by (global-norm clipping), folded into the scalar coefficients. */
  gradScale?: Tensor;
  /** grad·grad if already computed (e.g. for the global norm), reused by Adam's second moment. */
  gradSq?: Tensor;
}

/**
 * The update written so every full-size pass counts: scalar factors (clip scale, 1−β, bias corrections,
 * decay) are combined on scalars first. AdamW: m ← β1·m + (1−β1)·s·g; v ← β2·v + (1−β2)·s²·g²;
 * p ← p·(1 − lr·wd) − (lr·√(1−β2^t)/(1−β1^t))·m / (√v + ε·√(1−β2^t)), which equals PyTorch's
 * p − lr·m̂/(√v̂ + ε) with decoupled decay.
 */
export function applyUpdate(cfg: OptimizerConfig, u: UpdateInputs): { param: Tensor; slots: Tensor[] } {
  const wd = u.decay ? (cfg.weightDecay ?? 0) : 0;
  const keep = wd > 0 ? sub(1, mul(u.lr, wd)) : null;
  const decayed = keep ? mul(u.param, keep) : u.param;
  const s = u.gradScale;
  if (cfg.kind === 'sgd') {
    const mu = cfg.momentum ?? 0;
    const g = s ? mul(u.grad, s) : u.grad;
    if (mu <= 0) return { param: sub(decayed, mul(g, u.lr)), slots: [] };
    const m = add(mul(u.slots[0]!, mu), g);
    const dir = cfg.nesterov ? add(g, mul(m, mu)) : m;
    return { param: sub(decayed, mul(dir, u.lr)), slots: [m] };
  }
  const b1 = cfg.beta1 ?? 0.9;
  const b2 = cfg.beta2 ?? 0.999;
  const eps = cfg.eps ?? 1e-8;
  const gSq = u.gradSq ?? mul(u.grad, u.grad);
  const k1 = s ? mul(s, 1 - b1) : 1 - b1;
  const k2 = s ? mul(mul(s, s), 1 - b2) : 1 - b2;
  const m = add(mul(u.slots[0]!, b1), mul(u.grad, k1));
  const v = add(mul(u.slots[1]!, b2), mul(gSq, k2));
  const c2 = sqrt(sub(1, pow(b2, u.step)));
  const stepSize = div(mul(u.lr, c2), sub(1, pow(b1, u.step)));
  const denom = add(sqrt(v), mul(c2, eps));
  return { param: sub(decayed, mul(div(m, denom), stepSize)), slots: [m, v] };
}

/**
 * Scales gradients so their global L2 norm is at most maxNorm (PyTorch clip_grad_norm_ semantics, with a
 * small epsilon). Returns the clipped gradients and the pre-clipping norm.
 */
export function clipByGlobalNorm(grads: readonly Tensor[], maxNorm: number): { grads: Tensor[]; norm: Tensor } {
  const norm = globalNorm(grads);
  const scale = clipScale(norm, maxNorm);
  return { grads: grads.map((g) => mul(g, scale)), norm };
}

/** min(1, maxNorm / (norm + 1e-6)) as a scalar tensor. */
export function clipScale(norm: Tensor, maxNorm: number): Tensor {
  return div(maxNorm, maximum(add(norm, 1e-6), maxNorm));
}

/** √Σ‖g‖²; pass `squares` (g·g per gradient) to reuse them elsewhere. */
export function globalNorm(grads: readonly Tensor[], squares?: readonly Tensor[]): Tensor {
  if (grads.length === 0) throw new Error('globalNorm: no gradients');
  const sq = grads.map((g, i) => reduceSum(squares?.[i] ?? mul(g, g)));
  return sqrt(sq.reduce((a, b) => add(a, b)));
}
