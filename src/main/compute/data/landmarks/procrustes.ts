/**
 * Similarity Procrustes: the rotation R, scale s and translation t that best map point set A onto B in
 * the least-squares sense (min Σ |s·R·aᵢ + t − bᵢ|²). Horn's closed form with unit quaternions: the
 * rotation is the eigenvector of the largest eigenvalue of a 4 × 4 symmetric matrix built from the
 * cross-covariance, so it is always a proper rotation (never a reflection, which would hide a
 * left/right swap).
 */

export interface SimilarityFit {
  /** row-major 3 × 3 rotation */
  rotation: Float64Array;
  scale: number;
  translation: [number, number, number];
  /** A mapped onto B, n × 3 */
  aligned: Float64Array;
  /** mean Euclidean distance between aligned A and B */
  meanError: number;
  /** per-point distances */
  errors: Float64Array;
}

/** Eigen-decomposition of a symmetric 4 × 4 matrix by cyclic Jacobi rotations; returns [values, vectors (columns)]. */
export function symmetricEigen4(m: ArrayLike<number>): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(m);
  const v = new Float64Array(16);
  for (let i = 0; i < 4; i++) v[i * 4 + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < 4; p++) for (let q = p + 1; q < 4; q++) off += a[p * 4 + q] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < 4; p++) {
      for (let q = p + 1; q < 4; q++) {
        const apq = a[p * 4 + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * 4 + q] - a[p * 4 + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < 4; k++) {
          const akp = a[k * 4 + p];
          const akq = a[k * 4 + q];
          a[k * 4 + p] = c * akp - s * akq;
          a[k * 4 + q] = s * akp + c * akq;
        }
        for (let k = 0; k < 4; k++) {
          const apk = a[p * 4 + k];
          const aqk = a[q * 4 + k];
          a[p * 4 + k] = c * apk - s * aqk;
          a[q * 4 + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < 4; k++) {
          const vkp = v[k * 4 + p];
          const vkq = v[k * 4 + q];
          v[k * 4 + p] = c * vkp - s * vkq;
          v[k * 4 + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: Float64Array.from([a[0], a[5], a[10], a[15]]), vectors: v };
}

/**
 * Fit A (n × 3) onto B (n × 3). `withScale` false gives a rigid fit (s = 1). Points whose weight is 0
 * (optional, n entries) are ignored by the fit but still mapped and measured.
 */
export function similarityProcrustes(a: ArrayLike<number>, b: ArrayLike<number>, withScale = true, weights?: ArrayLike<number>): SimilarityFit {
  const n = a.length / 3;
  if (!Number.isInteger(n) || n < 3 || b.length !== a.length) throw new RangeError('need two n × 3 point sets of the same size, n ≥ 3');
  const w = (i: number): number => (weights ? weights[i] : 1);
  let wsum = 0;
  const ca = [0, 0, 0];
  const cb = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const wi = w(i);
    wsum += wi;
    for (let k = 0; k < 3; k++) {
      ca[k] += wi * a[i * 3 + k];
      cb[k] += wi * b[i * 3 + k];
    }
  }
  if (!(wsum > 0)) throw new RangeError('weights must not all be zero');
  for (let k = 0; k < 3; k++) {
    ca[k] /= wsum;
    cb[k] /= wsum;
  }
  // Cross-covariance S[r][c] = Σ w·(a−ca)_r (b−cb)_c
  const S = new Float64Array(9);
  let aa = 0;
  for (let i = 0; i < n; i++) {
    const wi = w(i);
    const ax = a[i * 3] - ca[0], ay = a[i * 3 + 1] - ca[1], az = a[i * 3 + 2] - ca[2];
    const bx = b[i * 3] - cb[0], by = b[i * 3 + 1] - cb[1], bz = b[i * 3 + 2] - cb[2];
    const av = [ax, ay, az];
    const bv = [bx, by, bz];
    for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) S[r * 3 + c] += wi * av[r] * bv[c];
    aa += wi * (ax * ax + ay * ay + az * az);
  }
  const [sxx, sxy, sxz, syx, syy, syz, szx, szy, szz] = S;
  const N = [
    sxx + syy + szz, syz - szy, szx - sxz, sxy - syx,
    syz - szy, sxx - syy - szz, sxy + syx, szx + sxz,
    szx - sxz, sxy + syx, -sxx + syy - szz, syz + szy,
    sxy - syx, szx + sxz, syz + szy, -sxx - syy + szz,
  ];
  const { values, vectors } = symmetricEigen4(N);
  let best = 0;
  for (let i = 1; i < 4; i++) if (values[i] > values[best]) best = i;
  const qw = vectors[best], qx = vectors[4 + best], qy = vectors[8 + best], qz = vectors[12 + best];
  const R = Float64Array.from([
    1 - 2 * (qy * qy + qz * qz), 2 * (qx * qy - qw * qz), 2 * (qx * qz + qw * qy),
    2 * (qx * qy + qw * qz), 1 - 2 * (qx * qx + qz * qz), 2 * (qy * qz - qw * qx),
    2 * (qx * qz - qw * qy), 2 * (qy * qz + qw * qx), 1 - 2 * (qx * qx + qy * qy),
  ]);
  let s = 1;
  if (withScale) {
    let num = 0;
    for (let i = 0; i < n; i++) {
      const wi = w(i);
      const ax = a[i * 3] - ca[0], ay = a[i * 3 + 1] - ca[1], az = a[i * 3 + 2] - ca[2];
      for (let r = 0; r < 3; r++) num += wi * (b[i * 3 + r] - cb[r]) * (R[r * 3] * ax + R[r * 3 + 1] * ay + R[r * 3 + 2] * az);
    }
    s = aa > 0 ? num / aa : 1;
  }
  const t: [number, number, number] = [0, 0, 0];
  for (let r = 0; r < 3; r++) t[r] = cb[r] - s * (R[r * 3] * ca[0] + R[r * 3 + 1] * ca[1] + R[r * 3 + 2] * ca[2]);
  const aligned = new Float64Array(n * 3);
  const errors = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    let d2 = 0;
    for (let r = 0; r < 3; r++) {
      const v = s * (R[r * 3] * a[i * 3] + R[r * 3 + 1] * a[i * 3 + 1] + R[r * 3 + 2] * a[i * 3 + 2]) + t[r];
      aligned[i * 3 + r] = v;
      d2 += (v - b[i * 3 + r]) ** 2;
    }
    errors[i] = Math.sqrt(d2);
    total += errors[i];
  }
  return { rotation: R, scale: s, translation: t, aligned, meanError: total / n, errors };
}
