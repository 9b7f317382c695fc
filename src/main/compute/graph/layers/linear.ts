import type { ParamInit, Tensor } from '../graph';
import { add, matmul } from '../ops';
import { type Activation, activate, fastGelu } from './activations';
import { type Scope, staticDim } from './scope';

export interface LinearOptions {
  bias?: boolean;
  /** Weight init; default U(-1/√in, 1/√in), PyTorch's default bound for nn.Linear. */
  init?: ParamInit;
  biasInit?: ParamInit;
}

/** y = x·W + b over the last axis; W is [in, out] (the layout MatMul wants, no transposes in the graph). */
export class Linear {
  constructor(
    readonly inDim: number,
    readonly outDim: number,
    readonly opts: LinearOptions = {},
  ) {}

  /** With `activation`, returns act(x·W + b). */
  apply(s: Scope, x: Tensor, activation?: Activation): Tensor {
    const inDim = staticDim(x, -1, `Linear ${s.prefix}`);
    if (inDim !== this.inDim) throw new Error(`Linear ${s.prefix}: expects last dim ${this.inDim}, got ${x}`);
    const w = s.param('weight', [this.inDim, this.outDim], this.opts.init ?? { uniform: 1 / Math.sqrt(this.inDim) });
    const y = matmul(x, w);
    if (this.opts.bias === false) return activation ? activate(y, activation) : y;
    const b = s.param('bias', [this.outDim], this.opts.biasInit ?? 'zeros');
    const out = add(y, b);
    // GELU on the biased sum rather than FastGelu(y, b): ORT fuses MatMul + Add into one Gemm anyway, and the
    // backward pass then reuses that sum instead of recomputing it (one pass less over the activations).
    if (activation === 'gelu') return fastGelu(out);
    return activation ? activate(out, activation) : out;
  }
}
