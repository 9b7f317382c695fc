import type { ParamInit, Tensor } from '../graph';
import { add, gather } from '../ops';
import type { Scope } from './scope';

/** Learned absolute position embeddings [maxLen, dim], added to x [..., T, dim] at the given positions [T]. */
export class LearnedPositions {
  constructor(
    readonly maxLen: number,
    readonly dim: number,
    readonly init: ParamInit = { normal: 0.02 },
  ) {}

  apply(s: Scope, x: Tensor, positions: Tensor): Tensor {
    const table = s.param('weight', [this.maxLen, this.dim], this.init);
    return add(x, gather(table, positions, 0));
  }
}
