import type { Graph, ParamInit, Tensor } from '../graph';
import { add, applyCausalMask, concat, greaterEqual, matmul, mul, reshape, softmax, split, transpose, transposeLast2, unsqueeze, where } from '../ops';
import { Linear } from './linear';
import { axisLength, positionRange } from './positions';
import type { RotaryPositions } from './rotary';
import { type Scope, staticDim } from './scope';

/** Keys and values of earlier positions, [batch, heads, past, headDim] each. */
export interface KVCache {
  k: Tensor;
  v: Tensor;
}

export interface AttentionOutput {
  y: Tensor;
  /** Keys and values of all positions so far (past + new): feed back as the next step's cache. */
  present: KVCache;
}

export interface AttentionOptions {
  rotary?: RotaryPositions;
  init?: ParamInit;
  /** Init of the output projection (GPT-2 scales it down with depth). */
  outInit?: ParamInit;
  /** false: every position sees every (unmasked) key, as in a text encoder (default true). */
  causal?: boolean;
}

/** Large negative logit for masked positions; finite so rows stay NaN-free even if fully masked. */
const MASKED = -1e9;

const biasCache = new WeakMap<Graph, Map<number, Tensor>>();

/** [T, T] constant: 0 where key ≤ query, MASKED above the diagonal (one per graph and length). */
function causalBias(g: Graph, T: number): Tensor {
  let perGraph = biasCache.get(g);
  if (!perGraph) biasCache.set(g, (perGraph = new Map()));
  let t = perGraph.get(T);
  if (!t) {
    const v = new Float64Array(T * T);
    for (let i = 0; i < T; i++) for (let j = i + 1; j < T; j++) v[i * T + j] = MASKED;
    t = g.constant(v, [T, T]);
    perGraph.set(T, t);
  }
  return t;
}

/**
 * Multi-head self-attention with a fused QKV projection, causal unless `causal: false`. `apply` runs the full
 * sequence; with `past` it runs only the new positions against cached keys/values (incremental decoding), which
 * gives the same outputs as the full-sequence pass for those positions. `bias` is an additive score bias
 * broadcast to [B, heads, T, keys] (padding masks: 0 for real keys, a large negative value for padding).
 */
export class CausalSelfAttention {
  readonly headDim: number;
  readonly qkv: Linear;
  readonly proj: Linear;
  readonly causal: boolean;

  constructor(
    readonly dim: number,
    readonly heads: number,
    readonly opts: AttentionOptions = {},
  ) {
    if (dim % heads !== 0) throw new Error(`CausalSelfAttention: dim ${dim} not divisible by ${heads} heads`);
    this.causal = opts.causal !== false;
    this.headDim = dim / heads;
    this.qkv = new Linear(dim, 3 * dim, opts.init ? { init: opts.init } : {});
    this.proj = new Linear(dim, dim, opts.outInit ?? opts.init ? { init: (opts.outInit ?? opts.init)! } : {});
  }

  /**
   * x: [B, T, dim]; positions: absolute positions of x's T tokens (int64 [T]); past: cached keys/values of the
   * positions before them.
   */
  apply(s: Scope, x: Tensor, o: { positions: Tensor; past?: KVCache; bias?: Tensor }): AttentionOutput {
    if (x.rank !== 3 || staticDim(x, 2, `attention ${s.prefix}`) !== this.dim) {
      throw new Error(`attention ${s.prefix}: expects [batch, T, ${this.dim}], got ${x}`);
    }
    const [B, T] = [x.shape[0]!, x.shape[1]!];
    const H = this.heads;
    const dh = this.headDim;
    const [q0, k0, v0] = split(this.qkv.apply(s.child('qkv'), x), [this.dim, this.dim, this.dim], -1) as [Tensor, Tensor, Tensor];
    const toHeads = (t: Tensor): Tensor => transpose(reshape(t, [B, T, H, dh]), [0, 2, 1, 3]);
    let q = toHeads(q0);
    let k = toHeads(k0);
    let v = toHeads(v0);
    if (this.opts.rotary) {
      q = this.opts.rotary.apply(q, o.positions);
      k = this.opts.rotary.apply(k, o.positions);
    }
    if (o.past) {
      k = concat([o.past.k, k], 2);
      v = concat([o.past.v, v], 2);
    }
    // Scale q (T·dh values) rather than the scores (T·T values).
    const scores = matmul(mul(q, 1 / Math.sqrt(dh)), transposeLast2(k));
    let masked: Tensor;
    if (!this.causal) {
      if (o.past) throw new Error(`attention ${s.prefix}: a KV cache needs causal attention`);
      masked = scores;
    } else if (o.past) {
      // Query at absolute position p may see keys 0..p; keys are numbered 0..past+T-1.
      const g = x.graph;
      const keyPos = positionRange(g, null, k.shape[2]!, axisLength(k, 2));
      const allowed = greaterEqual(unsqueeze(o.positions, 1), unsqueeze(keyPos, 0));
      masked = where(allowed, scores, MASKED);
    } else if (typeof T === 'number') {
      // Additive mask: one Add forward and nothing extra backward (Where costs a select each way).
      masked = add(scores, causalBias(x.graph, T));
    } else {
      masked = applyCausalMask(scores, MASKED);
    }
    if (o.bias) masked = add(masked, o.bias);
    const att = softmax(masked, -1);
    const y = reshape(transpose(matmul(att, v), [0, 2, 1, 3]), [B, T, this.dim]);
    return { y: this.proj.apply(s.child('proj'), y), present: { k, v } };
  }
}
