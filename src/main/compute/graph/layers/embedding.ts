import type { ParamInit, Tensor } from '../graph';
import { gather } from '../ops';
import type { Scope } from './scope';

/** Lookup table [count, dim]; ids (int64, any shape) → [...ids.shape, dim]. Gradient: scatter-add into rows. */
export class Embedding {
  constructor(
    readonly count: number,
    readonly dim: number,
    readonly init: ParamInit = { normal: 0.02 },
  ) {}

  table(s: Scope): Tensor {
    return s.param('weight', [this.count, this.dim], this.init);
  }

  apply(s: Scope, ids: Tensor): Tensor {
    if (ids.dtype !== 'int64') throw new Error(`Embedding ${s.prefix}: ids must be int64, got ${ids}`);
    return gather(this.table(s), ids, 0);
  }
}
