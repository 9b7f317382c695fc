import { Tensor, attr } from '../graph';
import { type Dim, normAxis } from '../shape';
import { add, exp, log, stopGradient, sub } from './elementwise';
import { squeeze } from './shape';
import { axesOf, assertFloat } from './util';

function reduce(op: string, x: Tensor, axes: number | readonly number[] | undefined, keepdims: boolean): Tensor {
  assertFloat(x, op);
  const ax = axesOf(axes, x.rank);
  const shape: Dim[] = [];
  x.shape.forEach((d, i) => {
    if (!ax.includes(i)) shape.push(d);
    else if (keepdims) shape.push(1);
  });
  if (ax.length === 0) return x;
  const g = x.graph;
  return g.op1(op, [x, g.constant(ax, [ax.length], 'int64')], { dtype: x.dtype, shape }, { keepdims: attr.int(keepdims ? 1 : 0) });
}

/** Sum over `axes` (all axes when omitted). */
export const reduceSum = (x: Tensor, axes?: number | readonly number[], keepdims = false): Tensor => reduce('ReduceSum', x, axes, keepdims);
export const reduceMean = (x: Tensor, axes?: number | readonly number[], keepdims = false): Tensor => reduce('ReduceMean', x, axes, keepdims);
export const reduceMax = (x: Tensor, axes?: number | readonly number[], keepdims = false): Tensor => reduce('ReduceMax', x, axes, keepdims);

/** log Σ exp(x) over `axes`, stabilised by the (gradient-free) max. */
export function logSumExp(x: Tensor, axes?: number | readonly number[], keepdims = false): Tensor {
  const m = stopGradient(reduceMax(x, axes, true));
  const s = log(reduceSum(exp(sub(x, m)), axes, true));
  const out = add(s, m);
  if (keepdims) return out;
  return squeeze(out, axesOf(axes, x.rank));
}

export function softmax(x: Tensor, axis = -1): Tensor {
  assertFloat(x, 'softmax');
  return x.graph.op1('Softmax', [x], { dtype: x.dtype, shape: x.shape }, { axis: attr.int(normAxis(axis, x.rank)) });
}

export function logSoftmax(x: Tensor, axis = -1): Tensor {
  assertFloat(x, 'logSoftmax');
  return x.graph.op1('LogSoftmax', [x], { dtype: x.dtype, shape: x.shape }, { axis: attr.int(normAxis(axis, x.rank)) });
}

