import type { Graph, Tensor } from '../graph';
import { matmul } from '../ops/linalg';
import { reduceSum } from '../ops/reduce';
import { reshape } from '../ops/shape';
import { type Shape, ShapeError, fmtShape } from '../shape';

const onesCache = new WeakMap<Graph, Map<string, Tensor>>();

/** A [1, m] row of ones (one initializer per graph, length and dtype). */
function onesRow(g: Graph, m: number, dtype: Tensor['dtype']): Tensor {
  let perGraph = onesCache.get(g);
  if (!perGraph) onesCache.set(g, (perGraph = new Map()));
  const key = `${dtype}:${m}`;
  let t = perGraph.get(key);
  if (!t) {
    t = g.constant(new Float64Array(m).fill(1), [1, m], dtype);
    perGraph.set(key, t);
  }
  return t;
}

/** Sums a broadcast gradient back down to an operand's shape (numpy broadcasting in reverse). */
export function sumToShape(dy: Tensor, shape: Shape): Tensor {
  const lead = dy.rank - shape.length;
  if (lead < 0) throw new ShapeError(`sumToShape: ${dy} has lower rank than ${fmtShape(shape)}`);
  const axes: number[] = [];
  for (let i = 0; i < lead; i++) axes.push(i);
  shape.forEach((d, i) => {
    const o = dy.shape[lead + i]!;
    if (d === o) return;
    if (d === 1) axes.push(lead + i);
    else throw new ShapeError(`sumToShape: cannot reduce ${fmtShape(dy.shape)} to ${fmtShape(shape)}`);
  });
  if (axes.length === 0) return dy;
  // Bias-style gradients ([..., N] summed to [N]) are a row of ones times dy as an [M, N] matrix: ORT's
  // MatMul reads dy once at GEMV speed, about twice as fast as ReduceSum over the leading axis.
  const leadDims = dy.shape.slice(0, lead);
  if (
    (dy.dtype === 'float32' || dy.dtype === 'float64') &&
    shape.length === 1 &&
    dy.rank >= 2 &&
    axes.length === lead &&
    leadDims.every((d) => typeof d === 'number')
  ) {
    const m = (leadDims as number[]).reduce((a, d) => a * d, 1);
    const n = dy.shape[dy.rank - 1]!;
    const rows = dy.rank === 2 ? dy : reshape(dy, [m, n]);
    return reshape(matmul(onesRow(dy.graph, m, dy.dtype), rows), shape);
  }
  return reshape(reduceSum(dy, axes, true), shape);
}
