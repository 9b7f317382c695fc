/**
 * Float64 references for the policy's Gaussian pose head (no graph, no runtime): what the sampler and the UI
 * use, and what the graph functions in `gaussian-head.ts` are tested against.
 *
 * A pose distribution is N(μ, Σ) over the body pose's axis-angle numbers (22 joints × 3 = 66), with Σ
 * block-diagonal: one 3×3 block per joint, Σ_j = L_j·L_jᵀ, L_j = [[a,0,0],[b,c,0],[d,e,f]]. A `BlockCholesky`
 * stores per joint `diag` = (a, c, f) and `off` = (b, d, e) = (L10, L20, L21), joint after joint. Every
 * function here takes one distribution (joints = diag.length / 3), except `choleskyFromRaw` and `sample`,
 * whose per-joint layout also works on a whole batch laid end to end.
 */

/**
 * Floor added to every Cholesky diagonal entry (radians): keeps log|Σ| and L⁻¹ finite when the head pushes a
 * softplus towards 0, and bounds how sharp a predicted joint can get (1e-3 rad ≈ 0.06°, far below anything
 * visible or measurable in a pose).
 */
export const MIN_STD = 1e-3;
/** Raw head numbers per joint: 3 for the diagonal (through softplus), 3 off-diagonal (as is). */
export const RAW_PER_JOINT = 6;

const LOG_2PI = Math.log(2 * Math.PI);

/** Cholesky factors of the per-joint 3×3 covariance blocks (layout in the file comment). */
export interface BlockCholesky {
  /** (L00, L11, L22) per joint, all > 0. */
  diag: ArrayLike<number>;
  /** (L10, L20, L21) per joint. */
  off: ArrayLike<number>;
}

/** log(1 + eˣ) without overflow for large x or lost precision for very negative x. */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/**
 * Head output → Cholesky factors. raw holds per joint [diag raw ×3, L10, L20, L21]; diag = softplus(raw) + minStd,
 * off-diagonals as is. Any number of joints (a batch of B·22 joints works the same).
 */
export function choleskyFromRaw(raw: ArrayLike<number>, minStd = MIN_STD): { diag: Float64Array; off: Float64Array } {
  if (raw.length % RAW_PER_JOINT !== 0) throw new RangeError(`choleskyFromRaw: length ${raw.length} is not a multiple of ${RAW_PER_JOINT}`);
  const joints = raw.length / RAW_PER_JOINT;
  const diag = new Float64Array(joints * 3);
  const off = new Float64Array(joints * 3);
  for (let j = 0; j < joints; j++) {
    for (let k = 0; k < 3; k++) {
      diag[j * 3 + k] = softplus(raw[j * RAW_PER_JOINT + k]!) + minStd;
      off[j * 3 + k] = raw[j * RAW_PER_JOINT + 3 + k]!;
    }
  }
  return { diag, off };
}

function jointsOf(chol: BlockCholesky, mu?: ArrayLike<number>): number {
  const n = chol.diag.length;
  if (n % 3 !== 0 || chol.off.length !== n) throw new RangeError(`Cholesky blocks: diag ${n} / off ${chol.off.length} numbers`);
  if (mu && mu.length !== n) throw new RangeError(`mean has ${mu.length} numbers, the Cholesky blocks cover ${n}`);
  return n / 3;
}

/** Σ log L_ii over all blocks = ½·log|Σ|. */
function sumLogDiag(chol: BlockCholesky): number {
  let s = 0;
  for (let i = 0; i < chol.diag.length; i++) s += Math.log(chol.diag[i]!);
  return s;
}

/** Forward substitution L_j·z = v for one block; returns z. */
function solveBlock(chol: BlockCholesky, j: number, v0: number, v1: number, v2: number): [number, number, number] {
  const a = chol.diag[j * 3]!;
  const c = chol.diag[j * 3 + 1]!;
  const f = chol.diag[j * 3 + 2]!;
  const b = chol.off[j * 3]!;
  const d = chol.off[j * 3 + 1]!;
  const e = chol.off[j * 3 + 2]!;
  const z0 = v0 / a;
  const z1 = (v1 - b * z0) / c;
  const z2 = (v2 - d * z0 - e * z1) / f;
  return [z0, z1, z2];
}

/** (x−μ)ᵀ Σ⁻¹ (x−μ) = ‖L⁻¹(x−μ)‖². */
function mahalanobis(mu: ArrayLike<number>, chol: BlockCholesky, x: ArrayLike<number>, joints: number): number {
  let q = 0;
  for (let j = 0; j < joints; j++) {
    const i = j * 3;
    const [z0, z1, z2] = solveBlock(chol, j, x[i]! - mu[i]!, x[i + 1]! - mu[i + 1]!, x[i + 2]! - mu[i + 2]!);
    q += z0 * z0 + z1 * z1 + z2 * z2;
  }
  return q;
}

function checkScale(scale: number): void {
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError(`σ-scale must be a positive finite number, got ${scale}`);
}

/** log N(x; μ, s²·LLᵀ): the sampling distribution at σ-scale s (s = 1: the policy itself). */
export function logDensity(mu: ArrayLike<number>, chol: BlockCholesky, x: ArrayLike<number>, scale = 1): number {
  checkScale(scale);
  const joints = jointsOf(chol, mu);
  if (x.length !== mu.length) throw new RangeError(`x has ${x.length} numbers, μ ${mu.length}`);
  const k = joints * 3;
  const quad = mahalanobis(mu, chol, x, joints) / (scale * scale);
  return -0.5 * (quad + k * LOG_2PI) - sumLogDiag(chol) - k * Math.log(scale);
}

/** Differential entropy of N(μ, s²·LLᵀ) in nats: ½k(1 + log 2π) + Σ log L_ii + k·log s. */
export function entropy(chol: BlockCholesky, scale = 1): number {
  checkScale(scale);
  const k = jointsOf(chol) * 3;
  return 0.5 * k * (1 + LOG_2PI) + sumLogDiag(chol) + k * Math.log(scale);
}

/**
 * KL(N0 ‖ N1) = ½[tr(Σ1⁻¹Σ0) + (μ1−μ0)ᵀΣ1⁻¹(μ1−μ0) − k + log|Σ1| − log|Σ0|], block by block:
 * tr(Σ1⁻¹Σ0) = ‖L1⁻¹L0‖²_F, computed by solving L1·M = L0 column by column (M is lower-triangular too).
 */
export function kl(mu0: ArrayLike<number>, chol0: BlockCholesky, mu1: ArrayLike<number>, chol1: BlockCholesky): number {
  const joints = jointsOf(chol0, mu0);
  if (jointsOf(chol1, mu1) !== joints) throw new RangeError('kl: the two distributions have different sizes');
  let tr = 0;
  for (let j = 0; j < joints; j++) {
    const i = j * 3;
    const [a0, c0, f0] = [chol0.diag[i]!, chol0.diag[i + 1]!, chol0.diag[i + 2]!];
    const [b0, d0, e0] = [chol0.off[i]!, chol0.off[i + 1]!, chol0.off[i + 2]!];
    const m0 = solveBlock(chol1, j, a0, b0, d0);
    const m1 = solveBlock(chol1, j, 0, c0, e0);
    const m2 = solveBlock(chol1, j, 0, 0, f0);
    tr += m0[0] ** 2 + m0[1] ** 2 + m0[2] ** 2 + m1[1] ** 2 + m1[2] ** 2 + m2[2] ** 2;
  }
  const k = joints * 3;
  return 0.5 * (tr + mahalanobis(mu1, chol1, mu0, joints) - k) + sumLogDiag(chol1) - sumLogDiag(chol0);
}

/**
 * x = μ + s·L·ε for standard normals ε (one per number): a draw from N(μ, s²·LLᵀ). Works on a batch laid end to
 * end (mu, normals and the blocks all cover the same joints). `out` may be a Float32Array for poses.
 */
export function sample<T extends Float32Array | Float64Array = Float64Array>(
  mu: ArrayLike<number>,
  chol: BlockCholesky,
  scale: number,
  normals: ArrayLike<number>,
  out?: T,
): T {
  checkScale(scale);
  const joints = jointsOf(chol, mu);
  if (normals.length !== mu.length) throw new RangeError(`sample: ${normals.length} normals for ${mu.length} numbers`);
  const x = out ?? (new Float64Array(mu.length) as T);
  if (x.length !== mu.length) throw new RangeError(`sample: out has ${x.length} numbers, μ ${mu.length}`);
  for (let j = 0; j < joints; j++) {
    const i = j * 3;
    const [e0, e1, e2] = [normals[i]!, normals[i + 1]!, normals[i + 2]!];
    const [a, c, f] = [chol.diag[i]!, chol.diag[i + 1]!, chol.diag[i + 2]!];
    const [b, d, e] = [chol.off[i]!, chol.off[i + 1]!, chol.off[i + 2]!];
    x[i] = mu[i]! + scale * (a * e0);
    x[i + 1] = mu[i + 1]! + scale * (b * e0 + c * e1);
    x[i + 2] = mu[i + 2]! + scale * (d * e0 + e * e1 + f * e2);
  }
  return x;
}

/**
 * Per-joint covariance blocks Σ_j = L_j·L_jᵀ as row-major 3×3 matrices, joint after joint (9 numbers each):
 * for drawing uncertainty ellipsoids and for checks.
 */
export function covarianceBlocks(chol: BlockCholesky): Float64Array {
  const joints = jointsOf(chol);
  const out = new Float64Array(joints * 9);
  for (let j = 0; j < joints; j++) {
    const i = j * 3;
    const L = [
      [chol.diag[i]!, 0, 0],
      [chol.off[i]!, chol.diag[i + 1]!, 0],
      [chol.off[i + 1]!, chol.off[i + 2]!, chol.diag[i + 2]!],
    ];
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < 3; c++) {
        let s = 0;
        for (let m = 0; m < 3; m++) s += L[r]![m]! * L[c]![m]!;
        out[j * 9 + r * 3 + c] = s;
      }
    }
  }
  return out;
}

/**
 * One σ per joint (radians): sqrt(trace(Σ_j)/3) = sqrt(‖L_j‖²_F / 3), the root of the mean variance over the
 * joint's three axes (equivalently of the mean eigenvalue). It does not depend on how the block's axes are
 * oriented, equals σ for an isotropic block, and is what the UI shows as "how unsure is this joint".
 */
export function perJointSigma(chol: BlockCholesky): Float32Array {
  const joints = jointsOf(chol);
  const out = new Float32Array(joints);
  for (let j = 0; j < joints; j++) {
    let s = 0;
    for (let k = 0; k < 3; k++) s += chol.diag[j * 3 + k]! ** 2 + chol.off[j * 3 + k]! ** 2;
    out[j] = Math.sqrt(s / 3);
  }
  return out;
}
