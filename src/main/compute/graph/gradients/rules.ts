/**
 * Vector–Jacobian rules for every differentiable op the builder emits, written as more graph nodes.
 * Imported for its side effect (registration) by the package index.
 */
import { registerGradient } from '../autodiff';
import { type Tensor, constValue, scalarValue } from '../graph';
import * as E from '../ops/elementwise';
import { gemm, matmul, trilu } from '../ops/linalg';
import { reduceMean, reduceSum } from '../ops/reduce';
import { concat, expandAs, reshape, reshapeAs, scatterElements, scatterND, split, transpose, transposeLast2, unsqueeze } from '../ops/shape';
import { type Dim, ShapeError, dimProduct } from '../shape';
import { sumToShape } from './reduceTo';

const inp = (n: { inputs: readonly (Tensor | null)[] }, i: number): Tensor => {
  const t = n.inputs[i];
  if (!t) throw new Error(`missing input ${i}`);
  return t;
};

// ---- elementwise arithmetic (broadcasting: reduce back to each operand's shape) ----
registerGradient('Add', (n, [dy], needs) => [
  needs[0] ? sumToShape(dy!, inp(n, 0).shape) : null,
  needs[1] ? sumToShape(dy!, inp(n, 1).shape) : null,
]);
registerGradient('Sub', (n, [dy], needs) => [
  needs[0] ? sumToShape(dy!, inp(n, 0).shape) : null,
  needs[1] ? sumToShape(E.neg(dy!), inp(n, 1).shape) : null,
]);
registerGradient('Mul', (n, [dy], needs) => {
  const a = inp(n, 0);
  const b = inp(n, 1);
  return [needs[0] ? sumToShape(E.mul(dy!, b), a.shape) : null, needs[1] ? sumToShape(E.mul(dy!, a), b.shape) : null];
});
registerGradient('Div', (n, [dy], needs) => {
  const a = inp(n, 0);
  const b = inp(n, 1);
  const y = n.outputs[0]!;
  return [
    needs[0] ? sumToShape(E.div(dy!, b), a.shape) : null,
    needs[1] ? sumToShape(E.neg(E.div(E.mul(dy!, y), b)), b.shape) : null,
  ];
});
registerGradient('Pow', (n, [dy], needs) => {
  const a = inp(n, 0);
  const b = inp(n, 1);
  const y = n.outputs[0]!;
  let da: Tensor | null = null;
  if (needs[0]) {
    const c = scalarValue(b);
    // d/da a^c = c·a^(c-1); constant exponents fold to a single Pow (or a Mul for c = 2).
    const local = c === undefined ? E.mul(b, E.pow(a, E.sub(b, 1))) : c === 2 ? E.mul(a, 2) : c === 1 ? null : E.mul(E.pow(a, c - 1), c);
    da = sumToShape(local ? E.mul(dy!, local) : dy!, a.shape);
  }
  return [da, needs[1] ? sumToShape(E.mul(E.mul(dy!, y), E.log(a)), b.shape) : null];
});
registerGradient('Neg', (_n, [dy]) => [E.neg(dy!)]);
registerGradient('Sqrt', (n, [dy]) => [E.div(E.mul(dy!, 0.5), n.outputs[0]!)]);
registerGradient('Exp', (n, [dy]) => [E.mul(dy!, n.outputs[0]!)]);
registerGradient('Log', (n, [dy]) => [E.div(dy!, inp(n, 0))]);
registerGradient('Abs', (n, [dy]) => [E.mul(dy!, E.sign(inp(n, 0)))]);
registerGradient('Sign', () => [null]);
registerGradient('Reciprocal', (n, [dy]) => {
  const y = n.outputs[0]!;
  return [E.neg(E.mul(dy!, E.mul(y, y)))];
});
registerGradient('Tanh', (n, [dy]) => {
  const y = n.outputs[0]!;
  return [E.mul(dy!, E.sub(1, E.mul(y, y)))];
});
registerGradient('Sigmoid', (n, [dy]) => {
  const y = n.outputs[0]!;
  return [E.mul(dy!, E.mul(y, E.sub(1, y)))];
});
registerGradient('Relu', (n, [dy]) => [E.where(E.greater(n.outputs[0]!, 0), dy!, 0)]);
registerGradient('Erf', (n, [dy]) => {
  const x = inp(n, 0);
  return [E.mul(dy!, E.mul(E.exp(E.neg(E.mul(x, x))), 2 / Math.sqrt(Math.PI)))];
});
registerGradient('Identity', (_n, [dy]) => [dy]);
registerGradient('Cast', (n, [dy]) => [E.cast(dy!, inp(n, 0).dtype)]);

// ---- selection ops: the condition / comparison is never differentiated ----
registerGradient('Where', (n, [dy], needs) => {
  const c = inp(n, 0);
  return [
    null,
    needs[1] ? sumToShape(E.where(c, dy!, 0), inp(n, 1).shape) : null,
    needs[2] ? sumToShape(E.where(c, 0, dy!), inp(n, 2).shape) : null,
  ];
});
function minMax(isMin: boolean) {
  return (n: Parameters<Parameters<typeof registerGradient>[1]>[0], [dy]: readonly (Tensor | null)[], needs: readonly boolean[]) => {
    const a = inp(n, 0);
    const b = inp(n, 1);
    // Ties send the whole gradient to the first operand.
    const pickA = isMin ? E.lessEqual(a, b) : E.greaterEqual(a, b);
    return [
      needs[0] ? sumToShape(E.where(pickA, dy!, 0), a.shape) : null,
      needs[1] ? sumToShape(E.where(pickA, 0, dy!), b.shape) : null,
    ];
  };
}
registerGradient('Min', minMax(true));
registerGradient('Max', minMax(false));
registerGradient('Clip', (n, [dy], needs) => {
  const x = inp(n, 0);
  const lo = n.inputs[1] ?? null;
  const hi = n.inputs[2] ?? null;
  let inside: Tensor | null = null;
  if (lo) inside = E.greaterEqual(x, lo);
  if (hi) inside = inside ? E.logicalAnd(inside, E.lessEqual(x, hi)) : E.lessEqual(x, hi);
  return [
    needs[0] ? (inside ? E.where(inside, dy!, 0) : dy!) : null,
    needs[1] && lo ? reduceSum(E.where(E.less(x, lo), dy!, 0)) : null,
    needs[2] && hi ? reduceSum(E.where(E.greater(x, hi), dy!, 0)) : null,
  ];
});

// ---- matrix products ----
registerGradient('MatMul', (n, [dy], needs) => {
  const a = inp(n, 0);
  const b = inp(n, 1);
  const K = a.shape[a.rank - 1]!;
  const N = b.shape[b.rank - 1]!;
  let da: Tensor | null = null;
  let db: Tensor | null = null;
  if (b.rank === 2 && a.rank > 2) {
    // x[..., K] @ W[K, N]: fold the batch dims into rows and use Gemm's transpose flags (no Transpose nodes).
    const a2 = reshape(a, [-1, K]);
    const dy2 = reshape(dy!, [-1, N]);
    if (needs[0]) da = reshape(gemm(dy2, b, null, { transB: true }), a.shape);
    if (needs[1]) db = gemm(a2, dy2, null, { transA: true });
  } else if (a.rank === 2 && b.rank === 2) {
    if (needs[0]) da = gemm(dy!, b, null, { transB: true });
    if (needs[1]) db = gemm(a, dy!, null, { transA: true });
  } else {
    if (needs[0]) da = sumToShape(matmul(dy!, transposeLast2(b)), a.shape);
    if (needs[1]) db = sumToShape(matmul(transposeLast2(a), dy!), b.shape);
  }
  return [da, db];
});
registerGradient('Gemm', (n, [dy], needs) => {
  const a = inp(n, 0);
  const b = inp(n, 1);
  const c = n.inputs[2] ?? null;
  const tA = (n.attrs.transA?.value ?? 0) === 1;
  const tB = (n.attrs.transB?.value ?? 0) === 1;
  const alpha = (n.attrs.alpha?.value as number | undefined) ?? 1;
  const beta = (n.attrs.beta?.value as number | undefined) ?? 1;
  const al = alpha === 1 ? {} : { alpha };
  let da: Tensor | null = null;
  let db: Tensor | null = null;
  if (needs[0]) da = tA ? gemm(b, dy!, null, { transA: tB, transB: true, ...al }) : gemm(dy!, b, null, { transB: !tB, ...al });
  if (needs[1]) db = tB ? gemm(dy!, a, null, { transA: true, transB: tA, ...al }) : gemm(a, dy!, null, { transA: !tA, ...al });
  let dc: Tensor | null = null;
  if (c && needs[2]) dc = sumToShape(beta === 1 ? dy! : E.mul(dy!, beta), c.shape);
  return [da, db, dc];
});
registerGradient('Trilu', (n, [dy]) => {
  const k = n.inputs[1] ? Number(constValue(n.inputs[1])!.data[0]) : 0;
  return [trilu(dy!, (n.attrs.upper?.value ?? 1) === 1, k), null];
});

// ---- reductions and normalisations ----
function reducedAxes(n: { inputs: readonly (Tensor | null)[] }): number[] {
  const v = constValue(inp(n, 1));
  if (!v) throw new Error('reduction axes must be constant');
  return Array.from(v.data as BigInt64Array, Number);
}
function keepShape(x: Tensor, axes: number[]): Dim[] {
  return x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
}
/** dy of a reduction, reshaped to keepdims form so it broadcasts against x. */
function keptGrad(n: { inputs: readonly (Tensor | null)[]; attrs: Readonly<Record<string, { value: unknown }>> }, dy: Tensor): Tensor {
  const x = inp(n, 0);
  const axes = reducedAxes(n);
  return (n.attrs.keepdims?.value ?? 1) === 1 ? dy : reshape(dy, keepShape(x, axes));
}
registerGradient('ReduceSum', (n, [dy]) => {
  const x = inp(n, 0);
  return [expandAs(keptGrad(n, dy!), x), null];
});
registerGradient('ReduceMean', (n, [dy]) => {
  const x = inp(n, 0);
  const axes = reducedAxes(n);
  const count = dimProduct(axes.map((a) => x.shape[a]!));
  let countT: Tensor | number;
  if (typeof count === 'number') countT = count;
  else if (x.graph.canResolve(count)) countT = E.cast(x.graph.dim(count), x.dtype);
  else countT = E.cast(axes.map((a) => x.graph.dimOf(x, a)).reduce((p, q) => E.mul(p, q)), x.dtype);
  return [expandAs(E.div(keptGrad(n, dy!), countT), x), null];
});
registerGradient('ReduceMax', (n, [dy]) => {
  const x = inp(n, 0);
  const axes = reducedAxes(n);
  const yk = keptGrad(n, n.outputs[0]!);
  // Ties share the gradient equally.
  const hit = E.cast(E.equal(x, yk), x.dtype);
  const share = E.div(hit, reduceSum(hit, axes, true));
  return [E.mul(share, keptGrad(n, dy!)), null];
});
registerGradient('Softmax', (n, [dy]) => {
  const y = n.outputs[0]!;
  const axis = n.attrs.axis!.value as number;
  return [E.mul(y, E.sub(dy!, reduceSum(E.mul(dy!, y), axis, true)))];
});
registerGradient('LogSoftmax', (n, [dy]) => {
  const y = n.outputs[0]!;
  const axis = n.attrs.axis!.value as number;
  return [E.sub(dy!, E.mul(E.exp(y), reduceSum(dy!, axis, true)))];
});
registerGradient('LayerNormalization', (n, [dy, dMean, dInv], needs) => {
  if (dMean || dInv) throw new ShapeError('LayerNormalization: gradients through Mean/InvStdDev outputs are not supported');
  const x = inp(n, 0);
  const scale = inp(n, 1);
  const bias = n.inputs[2] ?? null;
  const axis = n.attrs.axis!.value as number;
  const normAxes = Array.from({ length: x.rank - axis }, (_, i) => axis + i);
  const eps = n.attrs.epsilon!.value as number;
  let mean: Tensor;
  let inv: Tensor;
  if (x.dtype === 'float32') {
    // Reuse the fused kernel's saved statistics.
    mean = n.outputs[1]!;
    inv = n.outputs[2]!;
  } else {
    // ORT has no float64 LayerNormalization kernel that emits Mean/InvStdDev, so float64 graphs (gradient
    // checks) recompute them; the float32 path is compared against this one in the tests.
    mean = reduceMean(x, normAxes, true);
    const xc = E.sub(x, mean);
    inv = E.reciprocal(E.sqrt(E.add(reduceMean(E.mul(xc, xc), normAxes, true), eps)));
  }
  const xhat = E.mul(E.sub(x, mean), inv);
  let dx: Tensor | null = null;
  if (needs[0]) {
    const gxh = E.mul(dy!, scale);
    const m1 = reduceMean(gxh, normAxes, true);
    const m2 = reduceMean(E.mul(gxh, xhat), normAxes, true);
    dx = E.mul(inv, E.sub(E.sub(gxh, m1), E.mul(xhat, m2)));
  }
  return [
    dx,
    needs[1] ? sumToShape(E.mul(dy!, xhat), scale.shape) : null,
    bias && needs[2] ? sumToShape(dy!, bias.shape) : null,
  ];
});
registerGradient('Dropout', (n, [dy]) => {
  const x = inp(n, 0);
  const p = scalarValue(inp(n, 1));
  if (p === undefined) throw new Error('Dropout: ratio must be a constant');
  const mask = n.outputs[1]!;
  return [E.mul(E.mul(dy!, E.cast(mask, x.dtype)), 1 / (1 - p)), null, null];
});

// ---- shape ops ----
const backToShape = (n: { inputs: readonly (Tensor | null)[] }, dy: Tensor): Tensor => reshapeAs(dy, inp(n, 0));
registerGradient('Reshape', (n, [dy]) => [backToShape(n, dy!), null]);
registerGradient('Squeeze', (n, [dy]) => [backToShape(n, dy!), null]);
registerGradient('Unsqueeze', (n, [dy]) => [backToShape(n, dy!), null]);
registerGradient('Expand', (n, [dy]) => [sumToShape(dy!, inp(n, 0).shape), null]);
registerGradient('Transpose', (n, [dy]) => {
  const perm = n.attrs.perm!.value as number[];
  const inv: number[] = [];
  perm.forEach((p, i) => (inv[p] = i));
  return [transpose(dy!, inv)];
});
registerGradient('Concat', (n, [dy], needs) => {
  const axis = n.attrs.axis!.value as number;
  const sizes = n.inputs.map((t) => t!.shape[axis]!);
  if (sizes.some((s) => typeof s !== 'number')) throw new ShapeError('Concat gradient: the concat axis must be static');
  const parts = split(dy!, sizes as number[], axis);
  return parts.map((p, i) => (needs[i] ? p : null));
});
registerGradient('Split', (n, dys) => {
  const axis = n.attrs.axis!.value as number;
  const parts = dys.map((d, i) => d ?? E.zerosLike(n.outputs[i]!));
  return [concat(parts, axis), null];
});
registerGradient('Slice', (n, [dy]) => {
  const x = inp(n, 0);
  const g = x.graph;
  const read = (i: number): bigint[] => Array.from(constValue(inp(n, i))!.data as BigInt64Array);
  const starts = read(1);
  const ends = read(2);
  const axes = read(3).map(Number);
  const steps = n.inputs[4] ? read(4).map(Number) : axes.map(() => 1);
  if (steps.some((s) => s !== 1)) throw new ShapeError('Slice gradient: only step 1 is supported');
  const begin: (number | Tensor)[] = x.shape.map(() => 0);
  const end: (number | Tensor)[] = x.shape.map(() => 0);
  axes.forEach((a, k) => {
    const d = x.shape[a]!;
    const s = Number(starts[k]!);
    const outLen = dy!.shape[a]!;
    begin[a] = s;
    if (typeof d === 'number' && typeof outLen === 'number') end[a] = d - s - outLen;
    else if (ends[k]! >= 2n ** 62n) end[a] = 0;
    else end[a] = E.sub(g.dimOf(x, a), g.constant([Number(ends[k]!)], [1], 'int64'));
  });
  const all = [...begin, ...end];
  const padsT = all.every((v) => typeof v === 'number')
    ? g.constant(all as number[], [all.length], 'int64')
    : concat(all.map((v) => (typeof v === 'number' ? g.constant([v], [1], 'int64') : v)), 0);
  return [g.op1('Pad', [dy!, padsT], { dtype: x.dtype, shape: x.shape }), null, null, null, null];
});

// ---- indexing: gradients are scatter-adds into zeros ----
registerGradient('Gather', (n, [dy]) => {
  const data = inp(n, 0);
  const idx = E.cast(inp(n, 1), 'int64');
  const a = n.attrs.axis!.value as number;
  const r = idx.rank;
  if (a === 0) {
    return [scatterND(E.zerosLike(data), unsqueeze(idx, -1), dy!, 'add'), null];
  }
  // Move the indexed axis (and the indices' dims in dy) to the front, scatter, move back.
  const dPerm = [a, ...Array.from({ length: data.rank }, (_, i) => i).filter((i) => i !== a)];
  const zerosT = E.zeros(data.graph, dPerm.map((p) => data.shape[p]!), data.dtype);
  const yPerm = [
    ...Array.from({ length: r }, (_, i) => a + i),
    ...Array.from({ length: a }, (_, i) => i),
    ...Array.from({ length: dy!.rank - a - r }, (_, i) => a + r + i),
  ];
  const scattered = scatterND(zerosT, unsqueeze(idx, -1), transpose(dy!, yPerm), 'add');
  const back: number[] = [];
  dPerm.forEach((p, i) => (back[p] = i));
  return [transpose(scattered, back), null];
});
registerGradient('GatherElements', (n, [dy]) => {
  const data = inp(n, 0);
  const a = n.attrs.axis!.value as number;
  return [scatterElements(E.zerosLike(data), E.cast(inp(n, 1), 'int64'), dy!, a, 'add'), null];
});

