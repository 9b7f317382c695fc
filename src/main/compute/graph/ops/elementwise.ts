import { type DType } from '../dtype';
import { type Graph, Tensor, attr } from '../graph';
import { type Shape, broadcastShapes } from '../shape';
import { assertFloat, binaryOperands, graphOf, lift, type TensorLike } from './util';

function binary(op: string, a: TensorLike, b: TensorLike): Tensor {
  const [ta, tb, shape] = binaryOperands(a, b, op);
  return ta.graph.op1(op, [ta, tb], { dtype: ta.dtype, shape });
}

function compare(op: string, a: TensorLike, b: TensorLike): Tensor {
  const [ta, tb, shape] = binaryOperands(a, b, op);
  return ta.graph.op1(op, [ta, tb], { dtype: 'bool', shape });
}

function unary(op: string, x: Tensor, attrs = {}): Tensor {
  assertFloat(x, op);
  return x.graph.op1(op, [x], { dtype: x.dtype, shape: x.shape }, attrs);
}

export const add = (a: TensorLike, b: TensorLike): Tensor => binary('Add', a, b);
export const sub = (a: TensorLike, b: TensorLike): Tensor => binary('Sub', a, b);
export const mul = (a: TensorLike, b: TensorLike): Tensor => binary('Mul', a, b);
export const div = (a: TensorLike, b: TensorLike): Tensor => binary('Div', a, b);
/** Elementwise power; a literal exponent stays a constant (its gradient is not taken). */
export const pow = (a: TensorLike, b: TensorLike): Tensor => binary('Pow', a, b);
/** Elementwise minimum / maximum of two tensors (ONNX Min/Max with two operands). */
export const minimum = (a: TensorLike, b: TensorLike): Tensor => binary('Min', a, b);
export const maximum = (a: TensorLike, b: TensorLike): Tensor => binary('Max', a, b);

export const neg = (x: Tensor): Tensor => unary('Neg', x);
export const sqrt = (x: Tensor): Tensor => unary('Sqrt', x);
export const exp = (x: Tensor): Tensor => unary('Exp', x);
export const log = (x: Tensor): Tensor => unary('Log', x);
export const abs = (x: Tensor): Tensor => unary('Abs', x);
export const tanh = (x: Tensor): Tensor => unary('Tanh', x);
export const sigmoid = (x: Tensor): Tensor => unary('Sigmoid', x);
export const relu = (x: Tensor): Tensor => unary('Relu', x);
export const erf = (x: Tensor): Tensor => unary('Erf', x);
export const reciprocal = (x: Tensor): Tensor => unary('Reciprocal', x);
/** sign(x) ∈ {-1, 0, 1}; piecewise constant, so its gradient is zero. */
export const sign = (x: Tensor): Tensor => unary('Sign', x);
export const square = (x: Tensor): Tensor => mul(x, x);

/** log(1 + exp(x)), written stably as relu(x) + log(1 + exp(-|x|)) (ORT's Softplus kernel is float32-only). */
export function softplus(x: Tensor): Tensor {
  return add(relu(x), log(add(exp(neg(abs(x))), 1)));
}

export const less = (a: TensorLike, b: TensorLike): Tensor => compare('Less', a, b);
export const lessEqual = (a: TensorLike, b: TensorLike): Tensor => compare('LessOrEqual', a, b);
export const greater = (a: TensorLike, b: TensorLike): Tensor => compare('Greater', a, b);
export const greaterEqual = (a: TensorLike, b: TensorLike): Tensor => compare('GreaterOrEqual', a, b);
export const equal = (a: TensorLike, b: TensorLike): Tensor => compare('Equal', a, b);

export function logicalAnd(a: Tensor, b: Tensor): Tensor {
  const [ta, tb, shape] = binaryOperands(a, b, 'And');
  return ta.graph.op1('And', [ta, tb], { dtype: 'bool', shape });
}
export function logicalOr(a: Tensor, b: Tensor): Tensor {
  const [ta, tb, shape] = binaryOperands(a, b, 'Or');
  return ta.graph.op1('Or', [ta, tb], { dtype: 'bool', shape });
}
export function logicalNot(a: Tensor): Tensor {
  return a.graph.op1('Not', [a], { dtype: 'bool', shape: a.shape });
}

/** cond ? a : b with broadcasting; cond is bool and never differentiated. */
export function where(cond: Tensor, a: TensorLike, b: TensorLike): Tensor {
  if (cond.dtype !== 'bool') throw new Error(`where: condition must be bool, got ${cond}`);
  const [ta, tb, s1] = binaryOperands(a, b, 'Where');
  const shape = broadcastShapes(cond.shape, s1);
  return cond.graph.op1('Where', [cond, ta, tb], { dtype: ta.dtype, shape });
}

/** Clamp to [min, max]; either bound may be omitted. */
export function clip(x: Tensor, min?: TensorLike, max?: TensorLike): Tensor {
  assertFloat(x, 'clip');
  const g = x.graph;
  const lo = min === undefined ? null : lift(min, x.dtype, g);
  const hi = max === undefined ? null : lift(max, x.dtype, g);
  for (const b of [lo, hi]) if (b && b.rank !== 0) throw new Error('clip: bounds must be scalars');
  return g.op1('Clip', [x, lo, hi], { dtype: x.dtype, shape: x.shape });
}

/** Changes dtype. Float→float casts are differentiable; casts to int/bool are not. */
export function cast(x: Tensor, to: DType): Tensor {
  if (x.dtype === to) return x;
  const codes: Record<DType, number> = { float32: 1, int32: 6, int64: 7, bool: 9, float64: 11 };
  return x.graph.op1('Cast', [x], { dtype: to, shape: x.shape }, { to: attr.int(codes[to]) });
}

export function identity(x: Tensor): Tensor {
  return x.graph.op1('Identity', [x], { dtype: x.dtype, shape: x.shape });
}

/** Identity in the forward pass, zero gradient (the value is treated as a constant by grad()). */
export function stopGradient(x: Tensor): Tensor {
  return x.graph.op1('Identity', [x], { dtype: x.dtype, shape: x.shape }, {}, { noGrad: true });
}

/** A tensor of zeros / ones shaped like `x` (same dtype). */
export function zerosLike(x: Tensor): Tensor {
  return fill(x, 0);
}
export function onesLike(x: Tensor): Tensor {
  return fill(x, 1);
}
function fill(x: Tensor, v: number): Tensor {
  const g = graphOf(x);
  return g.op1('Expand', [g.scalar(v, x.dtype), g.shapeTensorOf(x)], { dtype: x.dtype, shape: x.shape });
}

/** A tensor of `shape` filled with `value` (symbolic dims resolved at run time). */
export function full(g: Graph, shape: Shape, value: number, dtype: DType = g.floatType): Tensor {
  return g.op1('Expand', [g.scalar(value, dtype), g.shapeTensor(shape)], { dtype, shape });
}
export const zeros = (g: Graph, shape: Shape, dtype?: DType): Tensor => full(g, shape, 0, dtype);
