/**
 * The policy's Gaussian pose head as graph functions: log-density, entropy and KL of N(μ, Σ) over the 66
 * axis-angle numbers, with Σ block-diagonal (one 3×3 block per joint, Σ_j = L_j·L_jᵀ). All exact.
 *
 * Layout (same as the float64 references in `gaussian-ref.ts`):
 * - μ, x: [..., 3J] (joint after joint, 3 axis-angle numbers each; J = 22 for the body pose).
 * - raw head output: [..., J, 6] = per joint (3 diagonal raws, L10, L20, L21).
 * - `GaussianBlocks`: `diag` [..., J, 3] = (L00, L11, L22) > 0 and `off` [..., J, 3] = (L10, L20, L21).
 *
 * Every 3×3 operation is unrolled into elementwise ops on [..., J] tensors (forward substitution by hand), so
 * no matrices are formed and the gradients come from the elementwise rules. Only existing ops are used.
 */
import { type Tensor, type TensorLike, add, concat, div, log, mul, reduceSum, reshape, softplus, split, squeeze, sub, unsqueeze } from '../../graph';
import { MIN_STD, RAW_PER_JOINT } from './gaussian-ref';

export { MIN_STD, RAW_PER_JOINT };

const LOG_2PI = Math.log(2 * Math.PI);

/** Cholesky factors of the per-joint covariance blocks: `diag` and `off`, both [..., J, 3]. */
export interface GaussianBlocks {
  diag: Tensor;
  off: Tensor;
}

/** The three components of the last (size-3) axis, each [..., J]. */
function components(t: Tensor): [Tensor, Tensor, Tensor] {
  const [x, y, z] = split(t, [1, 1, 1], -1).map((p) => squeeze(p, -1));
  return [x!, y!, z!];
}

function jointCount(chol: GaussianBlocks): number {
  const { diag, off } = chol;
  const j = diag.shape[diag.rank - 2];
  if (typeof j !== 'number' || diag.shape[diag.rank - 1] !== 3) throw new Error(`Gaussian blocks: diag must be [..., J, 3] with static J, got ${diag}`);
  if (off.rank !== diag.rank || off.shape.some((d, i) => d !== diag.shape[i])) throw new Error(`Gaussian blocks: off ${off} does not match diag ${diag}`);
  return j;
}

/** [..., 3J] → [..., J, 3]. */
function asBlocks(v: Tensor, joints: number, what: string): Tensor {
  if (v.shape[v.rank - 1] !== joints * 3) throw new Error(`${what}: last dim must be ${joints * 3}, got ${v}`);
  return reshape(v, [...v.shape.slice(0, -1), joints, 3]);
}

/** The six entries of every L_j = [[a,0,0],[b,c,0],[d,e,f]], each [..., J] (split once, shared by all solves). */
interface BlockEntries {
  a: Tensor;
  b: Tensor;
  c: Tensor;
  d: Tensor;
  e: Tensor;
  f: Tensor;
}

function entries(chol: GaussianBlocks): BlockEntries {
  const [a, c, f] = components(chol.diag);
  const [b, d, e] = components(chol.off);
  return { a, b, c, d, e, f };
}

/**
 * Solves L_j·z = v per joint by forward substitution. A literal 0 in v (the zeros above the diagonal of a
 * triangular right-hand side) makes the matching leading z components exactly 0: they come back as null.
 */
function solveBlocks(L: BlockEntries, v0: TensorLike, v1: TensorLike, v2: TensorLike): [Tensor | null, Tensor | null, Tensor] {
  const { a, b, c, d, e, f } = L;
  const z0 = v0 === 0 ? null : div(v0, a);
  const r1 = z0 ? sub(v1, mul(b, z0)) : v1;
  const z1 = r1 === 0 ? null : div(r1, c);
  let r2: TensorLike = v2;
  if (z0) r2 = sub(r2, mul(d, z0));
  if (z1) r2 = sub(r2, mul(e, z1));
  return [z0, z1, div(r2, f)];
}

const sumSquares = (...zs: (Tensor | null)[]): Tensor =>
  zs.filter((z): z is Tensor => z !== null).map((z) => mul(z, z)).reduce((s, z) => add(s, z));

/** Σ over joints and axes of log L_ii: [...]. */
const sumLogDiag = (chol: GaussianBlocks): Tensor => reduceSum(log(chol.diag), [-2, -1]);

/**
 * Head output → Cholesky factors: raw [..., J, 6] → diag = softplus(raw[..., :3]) + minStd, off = raw[..., 3:].
 * The floor keeps log|Σ| and L⁻¹ finite however far the head pushes a softplus down.
 */
export function choleskyFromRaw(raw: Tensor, minStd = MIN_STD): GaussianBlocks {
  if (raw.shape[raw.rank - 1] !== RAW_PER_JOINT) throw new Error(`choleskyFromRaw: raw must be [..., J, ${RAW_PER_JOINT}], got ${raw}`);
  const [d, off] = split(raw, [3, 3], -1);
  return { diag: add(softplus(d!), minStd), off: off! };
}

/**
 * log N(x; μ, s²·Σ) → [...]: exact, with Σ = blockdiag(L_j·L_jᵀ). `scale` (σ-scale s of the sampling distribution,
 * default 1) is a number, a scalar tensor or a tensor shaped like the result (one s per row).
 */
export function gaussianLogDensity(mu: Tensor, chol: GaussianBlocks, x: Tensor, scale: TensorLike = 1): Tensor {
  const joints = jointCount(chol);
  const k = joints * 3;
  const [r0, r1, r2] = components(asBlocks(sub(x, mu), joints, 'gaussianLogDensity'));
  const quad = reduceSum(sumSquares(...solveBlocks(entries(chol), r0, r1, r2)), -1);
  const halfLogDet = sumLogDiag(chol);
  const constant = (k * LOG_2PI) / 2;
  if (typeof scale === 'number') {
    if (!(scale > 0)) throw new RangeError(`gaussianLogDensity: σ-scale must be positive, got ${scale}`);
    // Under s the quadratic form is quad/s² and log|s²Σ| = log|Σ| + 2k·log s.
    return sub(sub(mul(quad, -0.5 / (scale * scale)), halfLogDet), constant + k * Math.log(scale));
  }
  const scaledQuad = div(quad, mul(scale, scale));
  return sub(sub(sub(mul(scaledQuad, -0.5), halfLogDet), mul(log(scale), k)), constant);
}

/** Differential entropy of N(μ, s²·Σ) in nats → [...]: ½k(1 + log 2π) + Σ log L_ii + k·log s. */
export function gaussianEntropy(chol: GaussianBlocks, scale: TensorLike = 1): Tensor {
  const k = jointCount(chol) * 3;
  const h = add(sumLogDiag(chol), 0.5 * k * (1 + LOG_2PI));
  if (typeof scale !== 'number') return add(h, mul(log(scale), k));
  if (!(scale > 0)) throw new RangeError(`gaussianEntropy: σ-scale must be positive, got ${scale}`);
  return scale === 1 ? h : add(h, k * Math.log(scale));
}

/**
 * KL(N0 ‖ N1) → [...], exact for block-diagonal covariances:
 * ½[Σ_j ‖L1_j⁻¹L0_j‖²_F + ‖L1⁻¹(μ1−μ0)‖² − k] + Σ log diag L1 − Σ log diag L0.
 * L1⁻¹L0 is lower-triangular; its columns are forward solves of L0's columns (zeros above the diagonal skipped).
 */
export function gaussianKL(mu0: Tensor, chol0: GaussianBlocks, mu1: Tensor, chol1: GaussianBlocks): Tensor {
  const joints = jointCount(chol0);
  if (jointCount(chol1) !== joints) throw new Error('gaussianKL: the two distributions have different joint counts');
  const k = joints * 3;
  const L0 = entries(chol0);
  const L1 = entries(chol1);
  const m0 = solveBlocks(L1, L0.a, L0.b, L0.d);
  const [, m11, m21] = solveBlocks(L1, 0, L0.c, L0.e);
  const [, , m22] = solveBlocks(L1, 0, 0, L0.f);
  const trace = reduceSum(sumSquares(...m0, m11, m21, m22), -1);
  const [r0, r1, r2] = components(asBlocks(sub(mu1, mu0), joints, 'gaussianKL'));
  const quad = reduceSum(sumSquares(...solveBlocks(L1, r0, r1, r2)), -1);
  return add(mul(sub(add(trace, quad), k), 0.5), sub(sumLogDiag(chol1), sumLogDiag(chol0)));
}

/** x = μ + s·L·ε → [..., 3J] for standard normals ε [..., 3J]: a draw from N(μ, s²·Σ) inside a graph. */
export function gaussianSample(mu: Tensor, chol: GaussianBlocks, eps: Tensor, scale: TensorLike = 1): Tensor {
  const joints = jointCount(chol);
  const [e0, e1, e2] = components(asBlocks(eps, joints, 'gaussianSample'));
  const { a, b, c, d, e, f } = entries(chol);
  const y = [mul(a, e0), add(mul(b, e0), mul(c, e1)), add(add(mul(d, e0), mul(e, e1)), mul(f, e2))];
  const offset = reshape(concat(y.map((t) => unsqueeze(t, -1)), -1), mu.shape);
  if (scale === 1) return add(mu, offset);
  // A per-row scale [...] broadcasts over the row's 3J numbers.
  const s = typeof scale === 'number' || scale.rank === 0 ? scale : unsqueeze(scale, -1);
  return add(mu, mul(offset, s));
}
