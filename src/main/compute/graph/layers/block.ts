import type { ParamInit, Tensor } from '../graph';
import { add } from '../ops';
import { CausalSelfAttention, type KVCache } from './attention';
import { LayerNorm } from './layer-norm';
import { MLP } from './mlp';
import type { RotaryPositions } from './rotary';
import type { Scope } from './scope';

export interface BlockOptions {
  mlpRatio?: number;
  rotary?: RotaryPositions;
  init?: ParamInit;
  /** Init of the two projections that write into the residual stream. */
  residualInit?: ParamInit;
  /** false for encoder blocks (bidirectional attention); default true. */
  causal?: boolean;
}

/** Pre-LN transformer block: x + Attn(LN(x)), then + MLP(LN(·)) with GELU (tanh approximation). */
export class TransformerBlock {
  readonly ln1: LayerNorm;
  readonly attn: CausalSelfAttention;
  readonly ln2: LayerNorm;
  readonly mlp: MLP;

  constructor(
    readonly dim: number,
    readonly heads: number,
    readonly opts: BlockOptions = {},
  ) {
    const ratio = opts.mlpRatio ?? 4;
    this.ln1 = new LayerNorm(dim);
    this.attn = new CausalSelfAttention(dim, heads, {
      ...(opts.rotary ? { rotary: opts.rotary } : {}),
      ...(opts.init ? { init: opts.init } : {}),
      ...(opts.residualInit ? { outInit: opts.residualInit } : {}),
      ...(opts.causal === false ? { causal: false } : {}),
    });
    this.ln2 = new LayerNorm(dim);
    this.mlp = new MLP([dim, ratio * dim, dim], {
      activation: 'gelu',
      init: (i) => (i === 1 ? (opts.residualInit ?? opts.init) : opts.init),
    });
  }

  apply(s: Scope, x: Tensor, o: { positions: Tensor; past?: KVCache; bias?: Tensor }): { y: Tensor; present: KVCache } {
    const a = this.attn.apply(s.child('attn'), this.ln1.apply(s.child('ln1'), x), o);
    const h = add(x, a.y);
    const y = add(h, this.mlp.apply(s.child('mlp'), this.ln2.apply(s.child('ln2'), h)));
    return { y, present: a.present };
  }
}
