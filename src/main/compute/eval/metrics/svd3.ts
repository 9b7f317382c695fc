/**
 * Singular value decomposition of a 3 × 3 matrix, K = U·diag(s)·Vᵀ, by one-sided (Hestenes) Jacobi
 * rotations on the columns of K. One-sided Jacobi never forms KᵀK, so small singular values and their
 * vectors keep full relative accuracy (squaring would lose half the digits), which matters for the
 * near-planar point sets PA-MPJPE meets. Columns of K·V are made pairwise orthogonal; their norms are
 * the singular values and their directions the columns of U.
 *
 * Rank-deficient K (collinear or coincident points): a column of K·V that is zero (or rounding noise
 * next to the largest) carries no direction, so U is completed to an orthonormal basis by cross
 * products. Such completed columns belong to zero singular values, where any orthonormal completion is
 * a valid SVD.
 */

export interface Svd3 {
  /** row-major 3 × 3, orthogonal (det ±1) */
  u: Float64Array;
  /** singular values, descending, ≥ 0 */
  s: Float64Array;
  /** row-major 3 × 3, orthogonal (det ±1) */
  v: Float64Array;
}

const MAX_SWEEPS = 60;
// Columns count as orthogonal when |a_p·a_q| ≤ ORTHO·|a_p|·|a_q|: a few ulps, the best doubles can do.
const ORTHO = 1e-15;
// A singular value below RANK_TOL × the largest is treated as zero when completing U.
const RANK_TOL = 1e-13;

/** Determinant of a row-major 3 × 3 matrix. */
export function det3(m: ArrayLike<number>): number {
  return (
    m[0] * (m[4] * m[8] - m[5] * m[7]) -
    m[1] * (m[3] * m[8] - m[5] * m[6]) +
    m[2] * (m[3] * m[7] - m[4] * m[6])
  );
}

/** K = U·diag(s)·Vᵀ for a row-major 3 × 3 K. */
export function svd3(k: ArrayLike<number>): Svd3 {
  if (k.length !== 9) throw new RangeError(`svd3 needs 9 numbers, got ${k.length}`);
  for (let i = 0; i < 9; i++) if (!Number.isFinite(k[i])) throw new RangeError('svd3: matrix has a non-finite entry');
  const a = Float64Array.from(k);
  const v = Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]);
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < 2; p++) {
      for (let q = p + 1; q < 3; q++) {
        let alpha = 0, beta = 0, gamma = 0;
        for (let r = 0; r < 3; r++) {
          const ap = a[r * 3 + p], aq = a[r * 3 + q];
          alpha += ap * ap;
          beta += aq * aq;
          gamma += ap * aq;
        }
        if (gamma === 0 || Math.abs(gamma) <= ORTHO * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        // Rotation (c, s) making columns p and q orthogonal: t = tan θ, the smaller root of t² + 2ζt − 1 = 0.
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let r = 0; r < 3; r++) {
          const ap = a[r * 3 + p], aq = a[r * 3 + q];
          a[r * 3 + p] = c * ap - s * aq;
          a[r * 3 + q] = s * ap + c * aq;
          const vp = v[r * 3 + p], vq = v[r * 3 + q];
          v[r * 3 + p] = c * vp - s * vq;
          v[r * 3 + q] = s * vp + c * vq;
        }
      }
    }
    if (!rotated) break;
  }
  const norms = [0, 1, 2].map((c) => Math.hypot(a[c], a[3 + c], a[6 + c]));
  const order = [0, 1, 2].sort((x, y) => norms[y] - norms[x]);
  const u = new Float64Array(9);
  const vs = new Float64Array(9);
  const sv = new Float64Array(3);
  for (let i = 0; i < 3; i++) {
    const c = order[i];
    sv[i] = norms[c];
    for (let r = 0; r < 3; r++) vs[r * 3 + i] = v[r * 3 + c];
  }
  const tol = sv[0] * RANK_TOL;
  // Columns of U with a usable direction.
  let rank = 0;
  for (let i = 0; i < 3; i++) {
    if (!(sv[i] > tol)) break;
    const c = order[i];
    for (let r = 0; r < 3; r++) u[r * 3 + i] = a[r * 3 + c] / sv[i];
    rank++;
  }
  if (rank < 3) completeBasis(u, rank);
  return { u, s: sv, v: vs };
}

/** Fill columns rank..2 of row-major u so its columns are orthonormal (columns < rank already are). */
function completeBasis(u: Float64Array, rank: number): void {
  const col = (i: number): [number, number, number] => [u[i], u[3 + i], u[6 + i]];
  const set = (i: number, x: readonly number[]) => {
    u[i] = x[0];
    u[3 + i] = x[1];
    u[6 + i] = x[2];
  };
  if (rank === 0) {
    set(0, [1, 0, 0]);
    rank = 1;
  }
  if (rank === 1) {
    const [x, y, z] = col(0);
    // Cross u0 with the coordinate axis least aligned with it: never near-parallel.
    const ax = Math.abs(x), ay = Math.abs(y), az = Math.abs(z);
    const e = ax <= ay && ax <= az ? [1, 0, 0] : ay <= az ? [0, 1, 0] : [0, 0, 1];
    const w = cross([x, y, z], e);
    const n = Math.hypot(w[0], w[1], w[2]);
    set(1, [w[0] / n, w[1] / n, w[2] / n]);
    rank = 2;
  }
  const w = cross(col(0), col(1));
  const n = Math.hypot(w[0], w[1], w[2]);
  set(2, [w[0] / n, w[1] / n, w[2] / n]);
}

function cross(a: readonly number[], b: readonly number[]): [number, number, number] {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}
