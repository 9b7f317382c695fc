/**
 * Every registered vector–Jacobian rule checked against central finite differences in float64 through ORT.
 * Each `it` names the op(s) it targets; the final test asserts that every registered rule was exercised and
 * prints a table of the ops checked.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { registeredGradients } from '../autodiff';
import { type GradCheckInput, type GradCheckOptions, checkGradients } from '../gradcheck';
import { grad } from '../autodiff';
import { Graph, type Tensor } from '../graph';
import { emitModel } from '../serialize';
import { loadSession } from '../../runtime';
import * as O from '../ops';
import { mulberry32 } from '../params';
import '../gradients/rules';

const rnd = (n: number, seed: number, lo = -1, hi = 1, awayFromZero = 0): number[] => {
  const r = mulberry32(seed);
  return Array.from({ length: n }, () => {
    let v = lo + (hi - lo) * r();
    if (Math.abs(v) < awayFromZero) v = v < 0 ? v - awayFromZero : v + awayFromZero;
    return v;
  });
};
const inp = (dims: number[], seed: number, lo = -1, hi = 1, away = 0): GradCheckInput => ({
  dims,
  data: rnd(dims.reduce((a, b) => a * b, 1), seed, lo, hi, away),
});

interface Row {
  check: string;
  ops: string;
  partials: number;
  maxAbsErr: string;
}
const table: Row[] = [];
const exercised = new Set<string>();

function check(
  name: string,
  build: (g: Graph, x: Record<string, Tensor>) => Tensor,
  inputs: Record<string, GradCheckInput>,
  opts?: GradCheckOptions,
): void {
  it(name, async () => {
    const r = await checkGradients(build, inputs, opts);
    r.ops.forEach((o) => exercised.add(o));
    table.push({ check: name, ops: r.ops.join(' '), partials: r.checked, maxAbsErr: r.maxAbsErr.toExponential(1) });
    expect(r.details, `${name}: ${r.details.join('; ')}`).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.checked).toBeGreaterThan(0);
  });
}

describe('gradient checks (float64 central differences via ORT)', () => {
  // Elementwise binary ops with broadcasting in both directions.
  check('Add (broadcast)', (_g, x) => O.add(x.a!, x.b!), { a: inp([2, 3], 1), b: inp([3], 2) });
  check('Sub (broadcast)', (_g, x) => O.sub(x.a!, x.b!), { a: inp([2, 1], 3), b: inp([2, 3], 4) });
  check('Mul (broadcast)', (_g, x) => O.mul(x.a!, x.b!), { a: inp([2, 3], 5), b: inp([2, 1], 6) });
  check('Div', (_g, x) => O.div(x.a!, x.b!), { a: inp([2, 3], 7), b: inp([3], 8, 0.5, 2) });
  check('Pow (tensor exponent)', (_g, x) => O.pow(x.a!, x.b!), { a: inp([2, 3], 9, 0.5, 2), b: inp([2, 3], 10, -1, 2) });
  check('Pow (constant exponent)', (_g, x) => O.pow(x.a!, 3), { a: inp([2, 3], 11, 0.5, 2) });
  check('Neg', (_g, x) => O.neg(x.a!), { a: inp([2, 3], 12) });
  check('Sqrt', (_g, x) => O.sqrt(x.a!), { a: inp([2, 3], 13, 0.2, 2) });
  check('Exp', (_g, x) => O.exp(x.a!), { a: inp([2, 3], 14) });
  check('Log', (_g, x) => O.log(x.a!), { a: inp([2, 3], 15, 0.2, 2) });
  check('Abs / Sign', (_g, x) => O.mul(O.abs(x.a!), O.add(O.sign(x.a!), 2)), { a: inp([2, 3], 16, -1, 1, 0.1) });
  check('Reciprocal', (_g, x) => O.reciprocal(x.a!), { a: inp([2, 3], 17, 0.5, 2) });
  check('Tanh', (_g, x) => O.tanh(x.a!), { a: inp([2, 3], 18, -2, 2) });
  check('Sigmoid', (_g, x) => O.sigmoid(x.a!), { a: inp([2, 3], 19, -3, 3) });
  check('Relu', (_g, x) => O.relu(x.a!), { a: inp([2, 4], 20, -1, 1, 0.1) });
  check('Gelu (tanh form)', (_g, x) => O.gelu(x.a!), { a: inp([2, 4], 21, -3, 3) });
  check('Softplus (stable form)', (_g, x) => O.softplus(x.a!), { a: inp([2, 4], 22, -4, 4, 0.1) });
  // ORT's CPU Erf kernel is float32-only, so Erf is checked in float32 with a wider step and tolerance.
  check('Erf (float32: no double kernel)', (_g, x) => O.erf(x.a!), { a: { dims: [2, 3], data: rnd(6, 23), type: 'float32' } }, { dtype: 'float32' });
  check('Cast (float64→float32→float64)', (_g, x) => O.cast(O.mul(O.cast(x.a!, 'float32'), O.cast(x.a!, 'float32')), 'float64'), { a: inp([3], 24) }, { atol: 1e-5, rtol: 1e-5, h: 1e-3 });
  check('Identity', (_g, x) => O.mul(O.identity(x.a!), x.a!), { a: inp([2, 3], 25) });

  // Selection ops.
  check('Where (cond from comparison)', (_g, x) => O.where(O.greater(x.a!, x.b!), O.mul(x.a!, 2), x.b!), { a: inp([2, 3], 26), b: inp([3], 27) });
  check('Min / Max (elementwise)', (_g, x) => O.add(O.minimum(x.a!, x.b!), O.mul(O.maximum(x.a!, x.b!), 3)), { a: inp([2, 3], 28), b: { dims: [3], data: [0.05, -0.5, 0.55] } });
  check('Clip (tensor bounds)', (_g, x) => O.clip(x.a!, x.lo!, x.hi!), { a: inp([3, 4], 29, -1, 1), lo: { dims: [], data: [-0.47] }, hi: { dims: [], data: [0.53] } });
  check('Clip (literal bounds)', (_g, x) => O.clip(x.a!, -0.5, 0.5), { a: inp([3, 4], 30, -1, 1) });

  // Matrix products.
  check('MatMul 2-D', (_g, x) => O.matmul(x.a!, x.b!), { a: inp([2, 3], 31), b: inp([3, 4], 32) });
  check('MatMul batched × 2-D weight', (_g, x) => O.matmul(x.a!, x.b!), { a: inp([2, 2, 3], 33), b: inp([3, 2], 34) });
  check('MatMul batched × batched (broadcast batch)', (_g, x) => O.matmul(x.a!, x.b!), { a: inp([2, 2, 3], 35), b: inp([1, 3, 2], 36) });
  check('Gemm', (_g, x) => O.gemm(x.a!, x.b!, x.c!), { a: inp([2, 3], 37), b: inp([3, 4], 38), c: inp([4], 39) });
  check('Gemm transA transB alpha beta', (_g, x) => O.gemm(x.a!, x.b!, x.c!, { transA: true, transB: true, alpha: 0.7, beta: 1.3 }), {
    a: inp([3, 2], 40),
    b: inp([4, 3], 41),
    c: inp([2, 1], 42),
  });
  check('Gemm transB only', (_g, x) => O.gemm(x.a!, x.b!, null, { transB: true }), { a: inp([2, 3], 43), b: inp([4, 3], 44) });
  check('Gemm transA only', (_g, x) => O.gemm(x.a!, x.b!, null, { transA: true }), { a: inp([3, 2], 45), b: inp([3, 4], 46) });

  // Reductions and normalisations.
  check('ReduceSum (axes, keepdims)', (_g, x) => O.add(O.reduceSum(x.a!, 1, true), O.reduceSum(x.a!, [1])), { a: inp([2, 3, 2], 47) });
  check('ReduceMean', (_g, x) => O.reduceMean(x.a!, -1), { a: inp([2, 3], 48) });
  check('ReduceMax', (_g, x) => O.reduceMax(x.a!, 1), { a: inp([3, 4], 49) });
  check('LogSumExp', (_g, x) => O.logSumExp(x.a!, -1), { a: inp([2, 4], 50, -3, 3) });
  check('Softmax', (_g, x) => O.softmax(x.a!, -1), { a: inp([2, 4], 51, -2, 2) });
  check('Softmax (axis 0)', (_g, x) => O.softmax(x.a!, 0), { a: inp([3, 2], 52, -2, 2) });
  check('LogSoftmax', (_g, x) => O.logSoftmax(x.a!, -1), { a: inp([2, 4], 53, -2, 2) });
  check('LayerNormalization (scale, bias)', (_g, x) => O.layerNorm(x.x!, x.s!, x.b!), { x: inp([2, 3, 4], 54), s: inp([4], 55), b: inp([4], 56) });
  check('LayerNormalization (two axes, no bias)', (_g, x) => O.layerNorm(x.x!, x.s!, null, { axis: 1 }), { x: inp([2, 2, 3], 57), s: inp([2, 3], 58) });
  check('softmaxCrossEntropy (GatherElements)', (_g, x) => O.softmaxCrossEntropy(x.l!, x.y!), {
    l: inp([2, 3, 4], 59, -2, 2),
    y: { dims: [2, 3], data: [0, 3, 1, 2, 2, 0], type: 'int64' },
  });

  // Shape ops.
  check('Reshape', (_g, x) => O.mul(O.reshape(x.a!, [3, 2]), x.b!), { a: inp([2, 3], 60), b: inp([3, 2], 61) });
  check('Transpose', (_g, x) => O.mul(O.transpose(x.a!, [2, 0, 1]), x.b!), { a: inp([2, 3, 2], 62), b: inp([2, 2, 3], 63) });
  check('Concat', (_g, x) => O.concat([x.a!, x.b!, x.a!], 1), { a: inp([2, 1], 64), b: inp([2, 2], 65) });
  check('Slice', (_g, x) => O.slice(x.a!, [1, 0], [3, -1], [0, 1]), { a: inp([4, 3], 66) });
  check('Split', (_g, x) => {
    const [p, q] = O.split(x.a!, [1, 2], 1);
    return O.mul(O.expand(p!, [2, 2]), q!);
  }, { a: inp([2, 3], 67) });
  check('Split (one output unused)', (_g, x) => O.split(x.a!, [2, 1], 0)[0]!, { a: inp([3, 2], 68) });
  check('Squeeze / Unsqueeze', (_g, x) => O.squeeze(O.mul(O.unsqueeze(x.a!, [0, 2]), 2), 0), { a: inp([2, 3], 69) });
  check('Expand', (_g, x) => O.mul(O.expand(x.a!, [2, 3, 2]), x.b!), { a: inp([3, 1], 70), b: inp([2, 3, 2], 71) });
  check('Gather axis 0 (embedding, repeated ids)', (_g, x) => O.gather(x.e!, x.i!, 0), {
    e: inp([4, 3], 72),
    i: { dims: [2, 3], data: [1, 3, 1, 0, 1, 2], type: 'int64' },
  });
  check('Gather axis 1', (_g, x) => O.gather(x.e!, x.i!, 1), { e: inp([2, 4, 2], 73), i: { dims: [3], data: [3, 0, 3], type: 'int64' } });
  check('Trilu (lower, upper k=1)', (_g, x) => O.add(O.trilu(x.a!, false), O.trilu(x.a!, true, 1)), { a: inp([2, 3, 3], 74) });

  // Cholesky-factor helpers and Gaussian log-densities.
  const lowerVec = (seed: number): GradCheckInput => {
    // Diagonal entries (positions 0, 2, 5) kept positive for the logs.
    const v = rnd(6, seed, -0.5, 0.5);
    [0, 2, 5].forEach((k) => (v[k] = 0.8 + Math.abs(v[k]!)));
    return { dims: [6], data: v };
  };
  check('fillLowerTriangular / diagonal / choleskyLogDet', (_g, x) => {
    const L = O.fillLowerTriangular(x.v!, 3);
    return O.add(O.reduceSum(O.mul(L, L)), O.choleskyLogDet(L));
  }, { v: lowerVec(75) });
  check('matVec / matTVec', (_g, x) => {
    const L = O.fillLowerTriangular(x.v!, 3);
    return O.concat([O.matVec(L, x.b!), O.matTVec(L, x.b!)], -1);
  }, { v: lowerVec(76), b: inp([2, 3], 77) });
  check('triangularSolveLower', (_g, x) => O.triangularSolveLower(O.fillLowerTriangular(x.v!, 3), x.b!), { v: lowerVec(78), b: inp([2, 3], 79) });
  check('gaussianLogProbChol', (_g, x) => O.gaussianLogProbChol(x.x!, x.mu!, O.fillLowerTriangular(x.v!, 3)), { x: inp([2, 3], 80), mu: inp([3], 81), v: lowerVec(82) });
  check('gaussianLogProbPrecChol', (_g, x) => O.gaussianLogProbPrecChol(x.x!, x.mu!, O.fillLowerTriangular(x.v!, 3)), { x: inp([2, 3], 83), mu: inp([2, 3], 84), v: lowerVec(85) });

  // Attention-style composite: causal mask + softmax + batched matmuls with symbolic-free static shapes.
  check('causal attention (Where mask, Softmax, MatMul)', (_g, x) => {
    const s = O.mul(O.matmul(x.q!, O.transposeLast2(x.k!)), 0.5);
    return O.matmul(O.softmax(O.applyCausalMask(s), -1), x.v!);
  }, { q: inp([2, 3, 2], 86), k: inp([2, 3, 2], 87), v: inp([2, 3, 2], 88) });

  // Symbolic dims: the same rules through run-time shape paths (Shape-derived pads, reshape targets, counts).
  const sym = (dims: number[], shape: (number | string)[], seed: number): GradCheckInput => ({ ...inp(dims, seed), shape });
  check('symbolic: Slice from offset to end', (_g, x) => O.slice(x.a!, [1], [Infinity], [0]), { a: sym([3, 2], ['N', 2], 92) });
  check('symbolic: ReduceMean / Reshape over a derived dim (N-1)', (_g, x) => {
    const tail = O.slice(x.a!, [1], [Infinity], [0]);
    return O.add(O.reduceMean(tail, 0, true), O.reshape(O.reshape(tail, [-1]), [-1, 2]));
  }, { a: sym([4, 2], ['N', 2], 101) });
  check('symbolic: Slice with a finite end', (_g, x) => O.slice(x.a!, [0, 1], [2, 3], [0, 1]), { a: sym([3, 4], ['N', 4], 93) });
  check('symbolic: Reshape B·T and back, ReduceMean over B', (_g, x) => {
    const flat = O.reshape(x.a!, [-1, 2]);
    return O.reduceMean(O.reshape(O.mul(flat, flat), ['B', 'T', 2]), 0);
  }, { a: sym([2, 3, 2], ['B', 'T', 2], 94) });
  check('symbolic: bias broadcast over B, Gemm with symbolic rows', (_g, x) => O.gemm(x.a!, x.w!, x.b!), { a: sym([3, 2], ['B', 2], 95), w: inp([2, 3], 96), b: inp([3], 97) });
  check('symbolic: embedding lookup with symbolic ids', (_g, x) => O.gather(x.e!, x.i!, 0), {
    e: inp([4, 2], 98),
    i: { dims: [2, 2], data: [0, 2, 2, 3], type: 'int64', shape: ['B', 'T'] },
  });
  check('symbolic: causal attention over symbolic T', (_g, x) => {
    const s = O.matmul(x.q!, O.transposeLast2(x.k!));
    return O.matmul(O.softmax(O.applyCausalMask(s), -1), x.k!);
  }, { q: sym([1, 3, 2], [1, 'T', 2], 99), k: sym([1, 3, 2], [1, 'T', 2], 100) });

  // Fan-out and accumulation of gradient contributions (Sum of several paths).
  check('gradient accumulation over shared inputs', (_g, x) => O.add(O.mul(x.a!, x.a!), O.exp(O.mul(x.a!, 0.5))), { a: inp([3], 89) });

  // Dropout draws a new mask every run, so finite differences cannot see a fixed function; instead check in one
  // run that dx = dy·mask/(1−p) with the mask the forward pass used (read off the zeros of its output).
  it('Dropout (mask-consistency check, not finite differences)', async () => {
    const g = new Graph({ dtype: 'float64' });
    const x = g.input('x', [4, 8]);
    const w = g.input('w', [4, 8]);
    const y = O.dropout(x, 0.25, { seed: 3 });
    const [dx] = grad(O.reduceSum(O.mul(y, w)), [x]);
    const s = await loadSession(emitModel(g, { y, dx: dx! }).bytes);
    const xs = rnd(32, 90, 0.5, 1);
    const ws = rnd(32, 91);
    const out = await s.run({ x: { type: 'float64', data: Float64Array.from(xs), dims: [4, 8] }, w: { type: 'float64', data: Float64Array.from(ws), dims: [4, 8] } });
    const yv = out.y!.data as Float64Array;
    const dv = out.dx!.data as Float64Array;
    let dropped = 0;
    for (let i = 0; i < 32; i++) {
      if (yv[i] === 0) {
        dropped++;
        expect(Math.abs(dv[i]!)).toBe(0);
      } else {
        expect(yv[i]).toBeCloseTo(xs[i]! / 0.75, 12);
        expect(dv[i]).toBeCloseTo(ws[i]! / 0.75, 12);
      }
    }
    expect(dropped).toBeGreaterThan(0);
    expect(dropped).toBeLessThan(32);
    await s.release();
    exercised.add('Dropout');
    table.push({ check: 'Dropout (mask consistency)', ops: 'Dropout Cast Mul', partials: 32, maxAbsErr: '-' });
  });

  it('stopGradient blocks the gradient (d/dx [sg(x)·x] = sg(x))', async () => {
    const g = new Graph({ dtype: 'float64' });
    const x = g.input('x', [3]);
    const [dx] = grad(O.reduceSum(O.mul(O.stopGradient(x), x)), [x]);
    const s = await loadSession(emitModel(g, { dx: dx! }).bytes);
    const out = await s.run({ x: { type: 'float64', data: Float64Array.of(0.5, -2, 3), dims: [3] } });
    expect(Array.from(out.dx!.data as Float64Array)).toEqual([0.5, -2, 3]);
    await s.release();
  });

  it('every registered gradient rule was exercised', () => {
    const missing = registeredGradients().filter((op) => !exercised.has(op));
    expect(missing).toEqual([]);
  });
});

afterAll(() => {
  // The list of checked ops, printed so the test output shows what the checks covered.
  console.table(table);
  console.log(`ops with gradient rules exercised: ${[...exercised].filter((o) => registeredGradients().includes(o)).sort().join(', ')}`);
});
