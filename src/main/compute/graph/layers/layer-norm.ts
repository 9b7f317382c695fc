import type { Tensor } from '../graph';
import { layerNorm } from '../ops';
import { type Scope, staticDim } from './scope';

/** Layer normalisation over the last axis with learned scale (init 1) and shift (init 0). */
export class LayerNorm {
  constructor(
    readonly dim: number,
    readonly epsilon = 1e-5,
  ) {}

  apply(s: Scope, x: Tensor): Tensor {
    if (staticDim(x, -1, `LayerNorm ${s.prefix}`) !== this.dim) {
      throw new Error(`LayerNorm ${s.prefix}: expects last dim ${this.dim}, got ${x}`);
    }
    return layerNorm(x, s.param('weight', [this.dim], 'ones'), s.param('bias', [this.dim], 'zeros'), {
      axis: -1,
      epsilon: this.epsilon,
    });
  }
}
