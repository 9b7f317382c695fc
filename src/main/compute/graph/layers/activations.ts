/**
 * Activations for layers. GELU (tanh approximation) in float32 graphs is one fused ORT kernel
 * (com.microsoft FastGelu, which can also absorb a preceding bias add) with a hand-written gradient of 12
 * elementwise ops that reuses the forward output; spelled out with primitive ops it costs 9 forward and ~16 backward passes over the
 * activations, which dominated the MLP part of a transformer step. float64 graphs (gradient checks) use the
 * primitive form, since FastGelu has no double kernel.
 */
import { registerGradient, hasGradient } from '../autodiff';
import type { Tensor } from '../graph';
import { add, gelu, mul, relu, sigmoid, sub, tanh } from '../ops';
import { sumToShape } from '../gradients/reduceTo';

export type Activation = 'gelu' | 'relu' | 'tanh';

const K = Math.sqrt(2 / Math.PI);
const A = 0.044715;
export const MS_DOMAIN = 'com.microsoft';

/** GELU(x + bias) with the tanh approximation; bias (optional) is 1-D over the last axis. */
export function fastGelu(x: Tensor, bias?: Tensor | null): Tensor {
  if (x.dtype !== 'float32') return gelu(bias ? add(x, bias) : x);
  if (bias && (bias.rank !== 1 || bias.shape[0] !== x.shape[x.rank - 1])) {
    throw new Error(`fastGelu: bias must be [${x.shape[x.rank - 1]}], got ${bias}`);
  }
  return x.graph.op1('FastGelu', bias ? [x, bias] : [x], { dtype: x.dtype, shape: x.shape }, {}, { domain: MS_DOMAIN });
}

/**
 * d/dz of 0.5·z·(1 + tanh(K(z + A z³))) written as z·σ(v) with v = 2K(z + A z³):
 * gelu'(z) = s + z·s·(1 − s)·v',  s = σ(v),  v' = 2K(1 + 3A z²), where z·s is the forward output y.
 */
function fastGeluGrad(z: Tensor, y: Tensor, dy: Tensor): Tensor {
  const z2 = mul(z, z);
  const s = sigmoid(mul(z, add(mul(z2, 2 * K * A), 2 * K)));
  const vp = add(mul(z2, 6 * K * A), 2 * K);
  const d = add(mul(mul(y, sub(1, s)), vp), s);
  return mul(dy, d);
}

if (!hasGradient('FastGelu')) {
  registerGradient('FastGelu', (n, [dy], needs) => {
    const x = n.inputs[0]!;
    const bias = n.inputs[1] ?? null;
    const dz = fastGeluGrad(bias ? add(x, bias) : x, n.outputs[0]!, dy!);
    return [needs[0] ? dz : null, bias && needs[1] ? sumToShape(dz, bias.shape) : null];
  });
}

export function activate(x: Tensor, a: Activation): Tensor {
  return a === 'gelu' ? fastGelu(x) : a === 'relu' ? relu(x) : tanh(x);
}
