import { type Attr, Tensor, attr } from '../graph';
import { type Dim, ShapeError, normAxis } from '../shape';
import { gatherElements, squeeze, unsqueeze } from './shape';
import { logSoftmax } from './reduce';
import { add, mul, neg, sub, tanh, where } from './elementwise';
import { customGradient } from '../autodiff';
import { assertFloat } from './util';

export interface LayerNormOptions {
  axis?: number;
  epsilon?: number;
}

/**
 * ONNX LayerNormalization (fused kernel) over axes [axis, rank). Also outputs Mean and InvStdDev, which the
 * gradient reuses instead of recomputing the statistics.
 */
export function layerNorm(x: Tensor, scale: Tensor, bias: Tensor | null, o: LayerNormOptions = {}): Tensor {
  assertFloat(x, 'layerNorm');
  const a = normAxis(o.axis ?? -1, x.rank);
  const statShape = x.shape.map((d, i) => (i < a ? d : 1));
  const outs = x.graph.addNode(
    'LayerNormalization',
    bias ? [x, scale, bias] : [x, scale],
    [
      { dtype: x.dtype, shape: x.shape },
      { dtype: x.dtype, shape: statShape },
      { dtype: x.dtype, shape: statShape },
    ],
    { axis: attr.int(a), epsilon: attr.float(o.epsilon ?? 1e-5), stash_type: attr.int(1) },
    { optionalOutputs: [1, 2] },
  );
  return outs[0]!;
}

export interface DropoutOptions {
  /** Seeds ONNX Dropout's generator; masks still differ between runs of one session (the generator advances). */
  seed?: number;
  /** When false the op is the identity (inference graphs). */
  training?: boolean;
}

/** Inverted dropout: zeroes a fraction `p` of x and scales the rest by 1/(1-p). */
export function dropout(x: Tensor, p: number, o: DropoutOptions = {}): Tensor {
  assertFloat(x, 'dropout');
  if (!(o.training ?? true) || p === 0) return x;
  if (!(p > 0 && p < 1)) throw new Error(`dropout: p must be in [0, 1), got ${p}`);
  const g = x.graph;
  const attrs: Record<string, Attr> = o.seed === undefined ? {} : { seed: attr.int(o.seed) };
  const outs = g.addNode(
    'Dropout',
    [x, g.scalar(p, x.dtype), g.constant([1], [], 'bool')],
    [
      { dtype: x.dtype, shape: x.shape },
      { dtype: 'bool', shape: x.shape },
    ],
    attrs,
  );
  return outs[0]!;
}

/** [T, T] bool mask, true where key position ≤ query position (static T gives a constant). */
export function causalMask(g: Tensor['graph'], T: Dim): Tensor {
  if (typeof T === 'number') {
    const v: number[] = [];
    for (let i = 0; i < T; i++) for (let j = 0; j < T; j++) v.push(j <= i ? 1 : 0);
    return g.constant(v, [T, T], 'bool');
  }
  const len = g.op1('Squeeze', [g.dim(T)], { dtype: 'int64', shape: [] });
  const range = g.op1('Range', [g.scalar(0, 'int64'), len, g.scalar(1, 'int64')], { dtype: 'int64', shape: [T] });
  const rows = unsqueeze(range, 1);
  const cols = unsqueeze(range, 0);
  return g.op1('GreaterOrEqual', [rows, cols], { dtype: 'bool', shape: [T, T] });
}

/** Sets scores[..., i, j] for j > i to a large negative number (attention logits [..., T, T]). */
export function applyCausalMask(scores: Tensor, fill = -1e9): Tensor {
  const T = scores.shape[scores.rank - 1]!;
  if (scores.shape[scores.rank - 2] !== T) throw new ShapeError(`applyCausalMask: scores must be [..., T, T], got ${scores}`);
  return where(causalMask(scores.graph, T), scores, fill);
}

/**
 * Per-position negative log-likelihood of integer `labels` under `logits` [..., V] → [...].
 * Label log-probs are picked with GatherElements (gradient: scatter-add).
 */
export function softmaxCrossEntropy(logits: Tensor, labels: Tensor): Tensor {
  if (labels.dtype !== 'int64') throw new Error(`softmaxCrossEntropy: labels must be int64, got ${labels}`);
  const lp = logSoftmax(logits, -1);
  return neg(squeeze(gatherElements(lp, unsqueeze(labels, -1), -1), -1));
}

const GELU_C = Math.sqrt(2 / Math.PI);
const GELU_A = 0.044715;

/**
 * GELU, tanh approximation: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). Hand-written backward that reuses the
 * forward's x² and ½(1 + t): gelu'(x) = ½(1 + t)·(1 + x·(1 − t)·c·(1 + 3a·x²)), about 40% fewer elementwise
 * passes than differentiating the primitives.
 */
export function gelu(x: Tensor): Tensor {
  assertFloat(x, 'gelu');
  let x2: Tensor;
  let t: Tensor;
  let h: Tensor;
  return customGradient(
    [x],
    ([xs]) => {
      x2 = mul(xs!, xs!);
      t = tanh(mul(xs!, add(mul(x2, GELU_C * GELU_A), GELU_C)));
      h = add(mul(t, 0.5), 0.5);
      return mul(xs!, h);
    },
    (dy) => {
      const q = add(mul(x2, 3 * GELU_C * GELU_A), GELU_C);
      const r = add(mul(mul(x, sub(1, t)), q), 1);
      return [mul(dy, mul(h, r))];
    },
  );
}
