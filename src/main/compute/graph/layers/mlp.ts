import type { ParamInit, Tensor } from '../graph';
import type { Activation } from './activations';
import { Linear } from './linear';
import type { Scope } from './scope';

export interface MlpOptions {
  activation?: Activation;
  /** Apply the activation after the last layer too (default false: linear output). */
  activateLast?: boolean;
  /** Per-layer weight init (index = layer); default Linear's. */
  init?: (layer: number, inDim: number, outDim: number) => ParamInit | undefined;
}

/** Stack of Linear layers sizes[0] → sizes[1] → … with an activation between them; params "0.weight", "1.bias"… */
export class MLP {
  readonly layers: Linear[];

  constructor(
    readonly sizes: readonly number[],
    readonly opts: MlpOptions = {},
  ) {
    if (sizes.length < 2) throw new Error('MLP: needs at least input and output sizes');
    this.layers = sizes.slice(1).map((out, i) => {
      const init = opts.init?.(i, sizes[i]!, out);
      return new Linear(sizes[i]!, out, init ? { init } : {});
    });
  }

  apply(s: Scope, x: Tensor): Tensor {
    const act = this.opts.activation ?? 'gelu';
    let h = x;
    this.layers.forEach((layer, i) => {
      const last = i === this.layers.length - 1;
      h = layer.apply(s.child(i), h, last && !this.opts.activateLast ? undefined : act);
    });
    return h;
  }
}
