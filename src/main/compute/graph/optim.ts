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
}

export function applyUpdate(cfg: OptimizerConfig, u: UpdateInputs): { param: Tensor; slots: Tensor[] } {
  const wd = u.decay ? (cfg.weightDecay ?? 0) : 0;
  // Decay first from the old value, as in PyTorch's AdamW: p ← p·(1 − lr·wd).
  const decayed = wd > 0 ? sub(u.param, mul(u.param, mul(u.lr, wd))) : u.param;
  if (cfg.kind === 'sgd') {
    const mu = cfg.momentum ?? 0;
    if (mu <= 0) return { param: sub(decayed, mul(u.grad, u.lr)), slots: [] };
    const m = add(mul(u.slots[0]!, mu), u.grad);
    const dir = cfg.nesterov ? add(u.grad, mul(m, mu)) : m;
    return { param: sub(decayed, mul(dir, u.lr)), slots: [m] };
  }
  const b1 = cfg.beta1 ?? 0.9;
  const b2 = cfg.beta2 ?? 0.999;
  const eps = cfg.eps ?? 1e-8;
  const m = add(mul(u.slots[0]!, b1), mul(u.grad, 1 - b1));
  const v = add(mul(u.slots[1]!, b2), mul(mul(u.grad, u.grad), 1 - b2));
  // Bias corrections are scalars: fold them into the step size (lr / (1 − β1^t)) and into eps·√(1 − β2^t).
  const c1 = sub(1, pow(b1, u.step));
  const c2 = sqrt(sub(1, pow(b2, u.step)));
  const stepSize = div(u.lr, c1);
  const denom = add(div(sqrt(v), c2), eps);
  return { param: sub(decayed, mul(div(m, denom), stepSize)), slots: [m, v] };
}

/**
 * Scales gradients so their global L2 norm is at most maxNorm (PyTorch clip_grad_norm_ semantics, with a
 * small epsilon). Returns the clipped gradients and the pre-clipping norm.
 */
export function clipByGlobalNorm(grads: readonly Tensor[], maxNorm: number): { grads: Tensor[]; norm: Tensor } {
  const norm = globalNorm(grads);
  const scale = div(maxNorm, maximum(add(norm, 1e-6), maxNorm));
  return { grads: grads.map((g) => mul(g, scale)), norm };
}

export function globalNorm(grads: readonly Tensor[]): Tensor {
  if (grads.length === 0) throw new Error('globalNorm: no gradients');
  const sq = grads.map((g) => reduceSum(mul(g, g)));
  return sqrt(sq.reduce((a, b) => add(a, b)));
}
