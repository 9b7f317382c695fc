/**
 * Rotation conversions. Conventions:
 * - Axis-angle: 3 numbers, axis × angle (radians), right-handed.
 * - Matrices: 3 × 3, row-major, acting on column vectors (v' = R·v).
 * - Quaternions: [w, x, y, z] (scalar first), unit length. Converters that return quaternions
 *   give the one with w ≥ 0, so the matching axis-angle has angle in [0, π].
 * - 6D (Zhou et al. 2019): the first two COLUMNS of the matrix, [R00, R10, R20, R01, R11, R21];
 *   back to a matrix by Gram–Schmidt (b1 = a1/|a1|, b2 = a2 ⟂ b1 normalised, b3 = b1 × b2).
 *
 * Every single-rotation function reads at `offIn` and writes at `offOut`, so it can walk packed
 * arrays without allocating; when `out` is omitted a Float64Array is allocated. The `...Array`
 * variants convert `count` packed rotations at once (Float32Array by default).
 * Arithmetic is done in doubles; nothing allocates per call except a missing `out`.
 */

export type NumArray = Float32Array | Float64Array | number[];

// Below this angle the Rodrigues / quaternion coefficients switch to their Taylor series, which
// are exact to double precision there and avoid 0/0.
const SMALL_ANGLE = 1e-4;

const q4 = new Float64Array(4); // scratch for conversions that go through a quaternion
const m9 = new Float64Array(9); // scratch matrix

/** Writes the rotation matrix of axis-angle (x, y, z) into out[o..o+8]. */
function rodrigues(x: number, y: number, z: number, out: NumArray, o: number): void {
  const t2 = x * x + y * y + z * z;
  let a: number; // sin θ / θ
  let b: number; // (1 − cos θ) / θ²
  if (t2 < SMALL_ANGLE * SMALL_ANGLE) {
    a = 1 - t2 / 6 + (t2 * t2) / 120;
    b = 0.5 - t2 / 24 + (t2 * t2) / 720;
  } else {
    const t = Math.sqrt(t2);
    const s = Math.sin(0.5 * t);
    a = Math.sin(t) / t;
    b = (2 * s * s) / t2; // 1 − cos θ = 2 sin²(θ/2), without cancellation near 0
  }
  out[o] = 1 - b * (y * y + z * z);
  out[o + 1] = b * x * y - a * z;
  out[o + 2] = b * x * z + a * y;
  out[o + 3] = b * x * y + a * z;
  out[o + 4] = 1 - b * (x * x + z * z);
  out[o + 5] = b * y * z - a * x;
  out[o + 6] = b * x * z - a * y;
  out[o + 7] = b * y * z + a * x;
  out[o + 8] = 1 - b * (x * x + y * y);
}

export function axisAngleToMatrix<T extends NumArray = Float64Array>(
  aa: ArrayLike<number>,
  out?: T,
  offIn = 0,
  offOut = 0,
): T {
  const o = out ?? (new Float64Array(9) as T);
  rodrigues(aa[offIn], aa[offIn + 1], aa[offIn + 2], o, offOut);
  return o;
}

export function axisAngleToQuat<T extends NumArray = Float64Array>(
  aa: ArrayLike<number>,
  out?: T,
  offIn = 0,
  offOut = 0,
): T {
  const o = out ?? (new Float64Array(4) as T);
  const x = aa[offIn];
  const y = aa[offIn + 1];
  const z = aa[offIn + 2];
  const t2 = x * x + y * y + z * z;
  let w: number;
  let k: number; // sin(θ/2) / θ
  if (t2 < SMALL_ANGLE * SMALL_ANGLE) {
    w = 1 - t2 / 8 + (t2 * t2) / 384;
    k = 0.5 - t2 / 48 + (t2 * t2) / 3840;
  } else {
    const t = Math.sqrt(t2);
    w = Math.cos(0.5 * t);
    k = Math.sin(0.5 * t) / t;
  }
  // Angles above π would give w < 0; flip to the equivalent quaternion with w ≥ 0.
  const sgn = w < 0 ? -1 : 1;
  o[offOut] = sgn * w;
  o[offOut + 1] = sgn * k * x;
  o[offOut + 2] = sgn * k * y;
  o[offOut + 3] = sgn * k * z;
  return o;
}

/** Quaternion (normalised on the way) → axis-angle with angle in [0, π]. */
export function quatToAxisAngle<T extends NumArray = Float64Array>(
  q: ArrayLike<number>,
  out?: T,
  offIn = 0,
  offOut = 0,
): T {
  const o = out ?? (new Float64Array(3) as T);
  let w = q[offIn];
  let x = q[offIn + 1];
  let y = q[offIn + 2];
  let z = q[offIn + 3];
  const n = Math.sqrt(w * w + x * x + y * y + z * z);
  if (n === 0 || !Number.isFinite(n)) {
    o[offOut] = 0;
    o[offOut + 1] = 0;
    o[offOut + 2] = 0;
    return o;
  }
  const inv = w < 0 ? -1 / n : 1 / n;
  w *= inv;
  x *= inv;
  y *= inv;
  z *= inv;
  const s = Math.sqrt(x * x + y * y + z * z); // sin(θ/2)
  // θ = 2·atan2(s, w) is well conditioned everywhere, unlike acos(w) near 0 or asin(s) near π.
  const f = s < 1e-8 ? 2 / w : (2 * Math.atan2(s, w)) / s;
  o[offOut] = f * x;
  o[offOut + 1] = f * y;
  o[offOut + 2] = f * z;
  return o;
}

/** Quaternion (normalised on the way) → rotation matrix. */
export function quatToMatrix<T extends NumArray = Float64Array>(
  q: ArrayLike<number>,
  out?: T,
  offIn = 0,
  offOut = 0,
): T {
  const o = out ?? (new Float64Array(9) as T);
  let w = q[offIn];
  let x = q[offIn + 1];
  let y = q[offIn + 2];
  let z = q[offIn + 3];
  const n2 = w * w + x * x + y * y + z * z;
  if (n2 === 0 || !Number.isFinite(n2)) {
    w = 1;
    x = y = z = 0;
  } else if (n2 !== 1) {
    const inv = 1 / Math.sqrt(n2);
    w *= inv;
    x *= inv;
    y *= inv;
    z *= inv;
  }
  o[offOut] = 1 - 2 * (y * y + z * z);
  o[offOut + 1] = 2 * (x * y - w * z);
  o[offOut + 2] = 2 * (x * z + w * y);
  o[offOut + 3] = 2 * (x * y + w * z);
  o[offOut + 4] = 1 - 2 * (x * x + z * z);
  o[offOut + 5] = 2 * (y * z - w * x);
  o[offOut + 6] = 2 * (x * z - w * y);
  o[offOut + 7] = 2 * (y * z + w * x);
  o[offOut + 8] = 1 - 2 * (x * x + y * y);
  return o;
}

/**
 * Rotation matrix → unit quaternion with w ≥ 0 (Shepperd's method: pivot on the largest of
 * trace and diagonal so the square root never sees a small argument, which keeps angles near π
 * exact).
 */
export function matrixToQuat<T extends NumArray = Float64Array>(
  m: ArrayLike<number>,
  out?: T,
  offIn = 0,
  offOut = 0,
): T {
  const o = out ?? (new Float64Array(4) as T);
  const i = offIn;
  const m00 = m[i], m01 = m[i + 1], m02 = m[i + 2];
  const m10 = m[i + 3], m11 = m[i + 4], m12 = m[i + 5];
  const m20 = m[i + 6], m21 = m[i + 7], m22 = m[i + 8];
  const tr = m00 + m11 + m22;
  let w: number, x: number, y: number, z: number;
  if (tr >= m00 && tr >= m11 && tr >= m22) {
    const s = 2 * Math.sqrt(Math.max(0, 1 + tr));
    w = 0.25 * s;
    x = (m21 - m12) / s;
    y = (m02 - m20) / s;
    z = (m10 - m01) / s;
  } else if (m00 >= m11 && m00 >= m22) {
    const s = 2 * Math.sqrt(Math.max(0, 1 + m00 - m11 - m22));
    w = (m21 - m12) / s;
    x = 0.25 * s;
    y = (m01 + m10) / s;
    z = (m02 + m20) / s;
  } else if (m11 >= m22) {
    const s = 2 * Math.sqrt(Math.max(0, 1 + m11 - m00 - m22));
    w = (m02 - m20) / s;
    x = (m01 + m10) / s;
    y = 0.25 * s;
    z = (m12 + m21) / s;
  } else {
    const s = 2 * Math.sqrt(Math.max(0, 1 + m22 - m00 - m11));
    w = (m10 - m01) / s;
    x = (m02 + m20) / s;
    y = (m12 + m21) / s;
    z = 0.25 * s;
  }
  const n = Math.sqrt(w * w + x * x + y * y + z * z);
  const inv = n > 0 && Number.isFinite(n) ? (w < 0 ? -1 / n : 1 / n) : 0;
  if (inv === 0) {
    o[offOut] = 1;
    o[offOut + 1] = 0;
    o[offOut + 2] = 0;
    o[offOut + 3] = 0;
    return o;
  }
  o[offOut] = w * inv;
  o[offOut + 1] = x * inv;
  o[offOut + 2] = y * inv;
  o[offOut + 3] = z * inv;
  return o;
}

/** Rotation matrix → axis-angle with angle in [0, π] (via the quaternion, stable near 0 and π). */
export function matrixToAxisAngle<T extends NumArray = Float64Array>(
  m: ArrayLike<number>,
  out?: T,
  offIn = 0,
  offOut = 0,
): T {
  const o = out ?? (new Float64Array(3) as T);
  matrixToQuat(m, q4, offIn, 0);
  return quatToAxisAngle(q4, o, 0, offOut);
}

/** Rotation matrix → 6D: its first two columns. */
export function matrixTo6d<T extends NumArray = Float64Array>(
  m: ArrayLike<number>,
  out?: T,
  offIn = 0,
  offOut = 0,
): T {
  const o = out ?? (new Float64Array(6) as T);
  o[offOut] = m[offIn];
  o[offOut + 1] = m[offIn + 3];
  o[offOut + 2] = m[offIn + 6];
  o[offOut + 3] = m[offIn + 1];
  o[offOut + 4] = m[offIn + 4];
  o[offOut + 5] = m[offIn + 7];
  return o;
}

/**
 * 6D → rotation matrix by Gram–Schmidt. Any 6 numbers give a rotation: a zero first column
 * falls back to +X and a second column parallel to the first to a fixed perpendicular, so a
 * network's raw output never produces NaN here.
 */
export function sixDToMatrix<T extends NumArray = Float64Array>(
  d: ArrayLike<number>,
  out?: T,
  offIn = 0,
  offOut = 0,
): T {
  const o = out ?? (new Float64Array(9) as T);
  let ax = d[offIn], ay = d[offIn + 1], az = d[offIn + 2];
  const bx0 = d[offIn + 3], by0 = d[offIn + 4], bz0 = d[offIn + 5];
  let n = Math.sqrt(ax * ax + ay * ay + az * az);
  if (!(n > 1e-12) || !Number.isFinite(n)) {
    ax = 1;
    ay = 0;
    az = 0;
  } else {
    ax /= n;
    ay /= n;
    az /= n;
  }
  const dot = ax * bx0 + ay * by0 + az * bz0;
  let bx = bx0 - dot * ax;
  let by = by0 - dot * ay;
  let bz = bz0 - dot * az;
  n = Math.sqrt(bx * bx + by * by + bz * bz);
  if (!(n > 1e-12) || !Number.isFinite(n)) {
    // Any unit vector perpendicular to b1: cross it with the world axis it is least aligned with.
    const absx = Math.abs(ax), absy = Math.abs(ay), absz = Math.abs(az);
    let ex = 0, ey = 0, ez = 0;
    if (absx <= absy && absx <= absz) ex = 1;
    else if (absy <= absz) ey = 1;
    else ez = 1;
    bx = ay * ez - az * ey;
    by = az * ex - ax * ez;
    bz = ax * ey - ay * ex;
    n = Math.sqrt(bx * bx + by * by + bz * bz);
  }
  bx /= n;
  by /= n;
  bz /= n;
  const cx = ay * bz - az * by;
  const cy = az * bx - ax * bz;
  const cz = ax * by - ay * bx;
  o[offOut] = ax;
  o[offOut + 1] = bx;
  o[offOut + 2] = cx;
  o[offOut + 3] = ay;
  o[offOut + 4] = by;
  o[offOut + 5] = cy;
  o[offOut + 6] = az;
  o[offOut + 7] = bz;
  o[offOut + 8] = cz;
  return o;
}

export function axisAngleTo6d<T extends NumArray = Float64Array>(
  aa: ArrayLike<number>,
  out?: T,
  offIn = 0,
  offOut = 0,
): T {
  rodrigues(aa[offIn], aa[offIn + 1], aa[offIn + 2], m9, 0);
  return matrixTo6d(m9, out ?? (new Float64Array(6) as T), 0, offOut);
}

export function sixDToAxisAngle<T extends NumArray = Float64Array>(
  d: ArrayLike<number>,
  out?: T,
  offIn = 0,
  offOut = 0,
): T {
  sixDToMatrix(d, m9, offIn, 0);
  return matrixToAxisAngle(m9, out ?? (new Float64Array(3) as T), 0, offOut);
}

/** out = a · b for row-major 3 × 3 matrices (out may alias a or b). */
export function matMul3<T extends NumArray = Float64Array>(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  out?: T,
  offA = 0,
  offB = 0,
  offOut = 0,
): T {
  const o = out ?? (new Float64Array(9) as T);
  const a00 = a[offA], a01 = a[offA + 1], a02 = a[offA + 2];
  const a10 = a[offA + 3], a11 = a[offA + 4], a12 = a[offA + 5];
  const a20 = a[offA + 6], a21 = a[offA + 7], a22 = a[offA + 8];
  const b00 = b[offB], b01 = b[offB + 1], b02 = b[offB + 2];
  const b10 = b[offB + 3], b11 = b[offB + 4], b12 = b[offB + 5];
  const b20 = b[offB + 6], b21 = b[offB + 7], b22 = b[offB + 8];
  o[offOut] = a00 * b00 + a01 * b10 + a02 * b20;
  o[offOut + 1] = a00 * b01 + a01 * b11 + a02 * b21;
  o[offOut + 2] = a00 * b02 + a01 * b12 + a02 * b22;
  o[offOut + 3] = a10 * b00 + a11 * b10 + a12 * b20;
  o[offOut + 4] = a10 * b01 + a11 * b11 + a12 * b21;
  o[offOut + 5] = a10 * b02 + a11 * b12 + a12 * b22;
  o[offOut + 6] = a20 * b00 + a21 * b10 + a22 * b20;
  o[offOut + 7] = a20 * b01 + a21 * b11 + a22 * b21;
  o[offOut + 8] = a20 * b02 + a21 * b12 + a22 * b22;
  return o;
}

/** Hamilton product a ⊗ b of [w, x, y, z] quaternions (applies b first, then a). */
export function quatMultiply<T extends NumArray = Float64Array>(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  out?: T,
  offA = 0,
  offB = 0,
  offOut = 0,
): T {
  const o = out ?? (new Float64Array(4) as T);
  const aw = a[offA], ax = a[offA + 1], ay = a[offA + 2], az = a[offA + 3];
  const bw = b[offB], bx = b[offB + 1], by = b[offB + 2], bz = b[offB + 3];
  o[offOut] = aw * bw - ax * bx - ay * by - az * bz;
  o[offOut + 1] = aw * bx + ax * bw + ay * bz - az * by;
  o[offOut + 2] = aw * by - ax * bz + ay * bw + az * bx;
  o[offOut + 3] = aw * bz + ax * by - ay * bx + az * bw;
  return o;
}

/** Geodesic distance (radians, [0, π]) between two rotation matrices: the angle of Aᵀ·B. */
export function rotationAngleBetween(a: ArrayLike<number>, b: ArrayLike<number>, offA = 0, offB = 0): number {
  // trace(AᵀB) = Σ A_ij B_ij; the angle via atan2 of |skew| and trace stays accurate near 0.
  let tr = 0;
  for (let k = 0; k < 9; k++) tr += a[offA + k] * b[offB + k];
  // skew part of AᵀB: (AᵀB)_ij = Σ_k A_ki B_kj
  const c = (i: number, j: number): number =>
    a[offA + i] * b[offB + j] + a[offA + 3 + i] * b[offB + 3 + j] + a[offA + 6 + i] * b[offB + 6 + j];
  const sx = c(2, 1) - c(1, 2);
  const sy = c(0, 2) - c(2, 0);
  const sz = c(1, 0) - c(0, 1);
  return Math.atan2(0.5 * Math.sqrt(sx * sx + sy * sy + sz * sz), 0.5 * (tr - 1));
}

function checkCount(name: string, len: number, count: number, width: number): void {
  if (!Number.isInteger(count) || count < 0 || len < count * width) {
    throw new RangeError(`${name}: input holds ${len} numbers, fewer than ${count} × ${width}`);
  }
}

function makeArrayConverter(
  inWidth: number,
  outWidth: number,
  one: (src: ArrayLike<number>, out: NumArray, offIn: number, offOut: number) => unknown,
  name: string,
) {
  return function convert<T extends NumArray = Float32Array>(src: ArrayLike<number>, count: number, out?: T): T {
    checkCount(name, src.length, count, inWidth);
    const o = out ?? (new Float32Array(count * outWidth) as T);
    if (o.length < count * outWidth) throw new RangeError(`${name}: out must hold ${count * outWidth} numbers`);
    for (let i = 0; i < count; i++) one(src, o, i * inWidth, i * outWidth);
    return o;
  };
}

/** `count` packed axis-angles (count × 3) → matrices (count × 9). */
export const axisAngleArrayToMatrix = makeArrayConverter(3, 9, axisAngleToMatrix, 'axisAngleArrayToMatrix');
/** count × 9 → count × 3 */
export const matrixArrayToAxisAngle = makeArrayConverter(9, 3, matrixToAxisAngle, 'matrixArrayToAxisAngle');
/** count × 3 → count × 4 ([w, x, y, z]) */
export const axisAngleArrayToQuat = makeArrayConverter(3, 4, axisAngleToQuat, 'axisAngleArrayToQuat');
/** count × 4 → count × 3 */
export const quatArrayToAxisAngle = makeArrayConverter(4, 3, quatToAxisAngle, 'quatArrayToAxisAngle');
/** count × 3 → count × 6: e.g. a batch × 22 × 3 pose as batch × 22 × 6 network features. */
export const axisAngleArrayTo6d = makeArrayConverter(3, 6, axisAngleTo6d, 'axisAngleArrayTo6d');
/** count × 6 → count × 3 */
export const sixDArrayToAxisAngle = makeArrayConverter(6, 3, sixDToAxisAngle, 'sixDArrayToAxisAngle');
/** count × 9 → count × 6 */
export const matrixArrayTo6d = makeArrayConverter(9, 6, matrixTo6d, 'matrixArrayTo6d');
/** count × 6 → count × 9 */
export const sixDArrayToMatrix = makeArrayConverter(6, 9, sixDToMatrix, 'sixDArrayToMatrix');
