import { Tensor, attr } from '../graph';
import { ShapeError, broadcastShapes, fmtShape } from '../shape';
import { add, div, log, mul, sub } from './elementwise';
import { reduceSum } from './reduce';
import { concat, gather, reshape, slice, squeeze, unsqueeze } from './shape';
import { assertFloat, type TensorLike } from './util';

/** Batched matrix product (numpy matmul, both operands rank ≥ 2, batch dims broadcast). */
export function matmul(a: Tensor, b: Tensor): Tensor {
  assertFloat(a, 'matmul');
  if (a.rank < 2 || b.rank < 2) throw new ShapeError(`matmul: operands must be rank ≥ 2, got ${a} and ${b}`);
  if (a.dtype !== b.dtype) throw new Error(`matmul: dtype mismatch ${a} vs ${b}`);
  const k1 = a.shape[a.rank - 1]!;
  const k2 = b.shape[b.rank - 2]!;
  if (k1 !== k2) throw new ShapeError(`matmul: inner dims differ ${fmtShape(a.shape)} @ ${fmtShape(b.shape)}`);
  const batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const shape = [...batch, a.shape[a.rank - 2]!, b.shape[b.rank - 1]!];
  return a.graph.op1('MatMul', [a, b], { dtype: a.dtype, shape });
}

export interface GemmOptions {
  transA?: boolean;
  transB?: boolean;
  alpha?: number;
  beta?: number;
}

/** alpha·op(A)·op(B) + beta·C for 2-D A, B; C broadcasts to [M, N]. ORT's fastest dense kernel. */
export function gemm(a: Tensor, b: Tensor, c?: Tensor | null, o: GemmOptions = {}): Tensor {
  assertFloat(a, 'gemm');
  if (a.rank !== 2 || b.rank !== 2) throw new ShapeError(`gemm: operands must be 2-D, got ${a} and ${b}`);
  const [m, ka] = o.transA ? [a.shape[1]!, a.shape[0]!] : [a.shape[0]!, a.shape[1]!];
  const [kb, n] = o.transB ? [b.shape[1]!, b.shape[0]!] : [b.shape[0]!, b.shape[1]!];
  if (ka !== kb) throw new ShapeError(`gemm: inner dims differ (${ka} vs ${kb})`);
  if (c) broadcastShapes([m, n], c.shape);
  const attrs: Record<string, ReturnType<typeof attr.int>> = {};
  if (o.transA) attrs.transA = attr.int(1);
  if (o.transB) attrs.transB = attr.int(1);
  if (o.alpha !== undefined && o.alpha !== 1) attrs.alpha = attr.float(o.alpha);
  if (o.beta !== undefined && o.beta !== 1) attrs.beta = attr.float(o.beta);
  return a.graph.op1('Gemm', c ? [a, b, c] : [a, b], { dtype: a.dtype, shape: [m, n] }, attrs);
}

/** Keeps the lower (upper=false) or upper triangle relative to diagonal k, zeroing the rest (ONNX Trilu). */
export function trilu(x: Tensor, upper: boolean, k = 0): Tensor {
  const g = x.graph;
  const kT = k === 0 ? null : g.constant([k], [], 'int64');
  return g.op1('Trilu', kT ? [x, kT] : [x], { dtype: x.dtype, shape: x.shape }, { upper: attr.int(upper ? 1 : 0) });
}

/** Number of entries in an n×n lower triangle. */
export const triSize = (n: number): number => (n * (n + 1)) / 2;

/**
 * Packs v[..., n(n+1)/2] (row-major lower triangle: L00, L10, L11, L20, …) into L[..., n, n] with zeros above
 * the diagonal. Gathered from the vector, so its gradient is Gather's scatter-add.
 */
export function fillLowerTriangular(v: Tensor, n: number): Tensor {
  const m = v.shape[v.rank - 1];
  if (m !== triSize(n)) throw new ShapeError(`fillLowerTriangular: last dim ${m} ≠ ${triSize(n)} for n=${n}`);
  const g = v.graph;
  const idx: number[] = [];
  const mask: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      idx.push(j <= i ? triSize(i) + j : 0);
      mask.push(j <= i ? 1 : 0);
    }
  }
  const gathered = gather(v, g.constant(idx, [n, n], 'int64'), v.rank - 1);
  return mul(gathered, g.constant(mask, [n, n], v.dtype));
}

/** Diagonal of the last two axes: [..., n, n] → [..., n]. */
export function diagonal(x: Tensor): Tensor {
  const n = x.shape[x.rank - 1]!;
  if (typeof n !== 'number' || x.shape[x.rank - 2] !== n) throw new ShapeError(`diagonal: needs static square matrices, got ${x}`);
  const flat = reshape(x, [...x.shape.slice(0, -2), n * n]);
  return gather(flat, x.graph.constant(Array.from({ length: n }, (_, k) => k * (n + 1)), [n], 'int64'), x.rank - 2);
}

/** log det(L·Lᵀ) = 2·Σ log diag(L) for a Cholesky factor L[..., n, n] with positive diagonal. */
export function choleskyLogDet(L: Tensor): Tensor {
  return mul(reduceSum(log(diagonal(L)), -1), 2);
}

/** L·v for matrices L[..., n, n] and vectors v[..., n]. */
export function matVec(L: Tensor, v: Tensor): Tensor {
  return squeeze(matmul(L, unsqueeze(v, -1)), -1);
}

/** Lᵀ·v without materialising Lᵀ: (vᵀ·L)ᵀ. */
export function matTVec(L: Tensor, v: Tensor): Tensor {
  return squeeze(matmul(unsqueeze(v, -2), L), -2);
}

/**
 * Solves L·x = b for lower-triangular L[..., n, n], b[..., n] by forward substitution unrolled into n steps
 * (ONNX has no triangular solve). Fine for the small n of a pose head; the gradient follows from the steps.
 */
export function triangularSolveLower(L: Tensor, b: Tensor): Tensor {
  const n = L.shape[L.rank - 1];
  if (typeof n !== 'number') throw new ShapeError('triangularSolveLower: n must be static');
  const xs: Tensor[] = [];
  for (let i = 0; i < n; i++) {
    const bi = slice(b, [i], [i + 1], [-1]);
    const lii = squeeze(slice(slice(L, [i], [i + 1], [-2]), [i], [i + 1], [-1]), -1);
    let r: Tensor = bi;
    if (i > 0) {
      const row = squeeze(slice(slice(L, [i], [i + 1], [-2]), [0], [i], [-1]), -2);
      const prev = concat(xs, -1);
      r = sub(bi, reduceSum(mul(row, prev), -1, true));
    }
    xs.push(div(r, lii));
  }
  return concat(xs, -1);
}

const LOG_2PI = Math.log(2 * Math.PI);

/** log N(x; μ, Σ) with Σ = L·Lᵀ (L lower-triangular, positive diagonal). x, μ: [..., n]; L: [..., n, n]. */
export function gaussianLogProbChol(x: Tensor, mu: TensorLike, L: Tensor): Tensor {
  const n = x.shape[x.rank - 1] as number;
  const z = triangularSolveLower(L, sub(x, mu));
  const quad = reduceSum(mul(z, z), -1);
  return sub(mul(add(quad, choleskyLogDet(L)), -0.5), (n * LOG_2PI) / 2);
}

/**
 * log N(x; μ, Σ) with precision Σ⁻¹ = P·Pᵀ (P lower-triangular, positive diagonal): only a mat-vec, no solve,
 * which is why Gaussian heads usually predict P.
 */
export function gaussianLogProbPrecChol(x: Tensor, mu: TensorLike, P: Tensor): Tensor {
  const n = x.shape[x.rank - 1] as number;
  const z = matTVec(P, sub(x, mu));
  const quad = reduceSum(mul(z, z), -1);
  return sub(mul(sub(quad, choleskyLogDet(P)), -0.5), (n * LOG_2PI) / 2);
}

