/**
 * Small 3-vector / 3×3 helpers for retargeting (row-major matrices acting on column vectors, as in
 * src/shared/body). Plain number tuples: clarity over speed here, the hot loops are elsewhere.
 */

export type V3 = [number, number, number];
export type M3 = Float64Array; // 9, row-major

export const sub = (a: ArrayLike<number>, b: ArrayLike<number>, ai = 0, bi = 0): V3 => [a[ai] - b[bi], a[ai + 1] - b[bi + 1], a[ai + 2] - b[bi + 2]];
export const add = (a: V3, b: V3): V3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
export const scale = (a: V3, s: number): V3 => [a[0] * s, a[1] * s, a[2] * s];
export const dot = (a: V3, b: V3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
export const cross = (a: V3, b: V3): V3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
export const norm = (a: V3): number => Math.sqrt(dot(a, a));
export const lerp = (a: V3, b: V3, t: number): V3 => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];

/** Unit vector, or null when `a` is (nearly) zero. */
export function unit(a: V3, eps = 1e-9): V3 | null {
  const n = norm(a);
  return n > eps && Number.isFinite(n) ? [a[0] / n, a[1] / n, a[2] / n] : null;
}

export function identity(): M3 {
  return Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1);
}

export function mul(a: M3, b: M3): M3 {
  const o = new Float64Array(9);
  for (let r = 0; r < 3; r++)
    for (let c = 0; c < 3; c++) o[r * 3 + c] = a[r * 3] * b[c] + a[r * 3 + 1] * b[3 + c] + a[r * 3 + 2] * b[6 + c];
  return o;
}

/** aᵀ·b */
export function mulTA(a: M3, b: M3): M3 {
  const o = new Float64Array(9);
  for (let r = 0; r < 3; r++)
    for (let c = 0; c < 3; c++) o[r * 3 + c] = a[r] * b[c] + a[3 + r] * b[3 + c] + a[6 + r] * b[6 + c];
  return o;
}

/** a·bᵀ */
export function mulBT(a: M3, b: M3): M3 {
  const o = new Float64Array(9);
  for (let r = 0; r < 3; r++)
    for (let c = 0; c < 3; c++) o[r * 3 + c] = a[r * 3] * b[c * 3] + a[r * 3 + 1] * b[c * 3 + 1] + a[r * 3 + 2] * b[c * 3 + 2];
  return o;
}

export function transpose(a: M3): M3 {
  return Float64Array.of(a[0], a[3], a[6], a[1], a[4], a[7], a[2], a[5], a[8]);
}

export function apply(m: ArrayLike<number>, v: V3, off = 0): V3 {
  return [
    m[off] * v[0] + m[off + 1] * v[1] + m[off + 2] * v[2],
    m[off + 3] * v[0] + m[off + 4] * v[1] + m[off + 5] * v[2],
    m[off + 6] * v[0] + m[off + 7] * v[1] + m[off + 8] * v[2],
  ];
}

/** Rotation by `angle` radians about unit `axis`. */
export function axisAngle(axis: V3, angle: number): M3 {
  const [x, y, z] = axis;
  const c = Math.cos(angle), s = Math.sin(angle), t = 1 - c;
  return Float64Array.of(
    t * x * x + c, t * x * y - s * z, t * x * z + s * y,
    t * x * y + s * z, t * y * y + c, t * y * z - s * x,
    t * x * z - s * y, t * y * z + s * x, t * z * z + c,
  );
}

/** The smallest rotation taking unit `a` onto unit `b`. */
export function minimalRotation(a: V3, b: V3): M3 {
  const c = cross(a, b);
  const s = norm(c);
  const d = dot(a, b);
  if (s < 1e-12) {
    if (d > 0) return identity();
    // Opposite: half a turn about any axis perpendicular to a.
    const helper: V3 = Math.abs(a[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
    return axisAngle(unit(cross(a, helper)) as V3, Math.PI);
  }
  return axisAngle([c[0] / s, c[1] / s, c[2] / s], Math.atan2(s, d));
}

/** Orthonormal frame (as matrix columns) from a primary direction and a secondary one; null if degenerate. */
function triadFrame(p: V3, q: V3): M3 | null {
  const e1 = unit(p);
  if (!e1) return null;
  const e3 = unit(cross(p, q), 1e-6 * norm(p) * norm(q));
  if (!e3) return null;
  const e2 = cross(e3, e1);
  return Float64Array.of(e1[0], e2[0], e3[0], e1[1], e2[1], e3[1], e1[2], e2[2], e3[2]);
}

/**
 * Two-vector alignment (TRIAD): the rotation R with R·a1 ∥ b1 exactly and R·a2 as close to b2 as that
 * allows. When a secondary pair is degenerate (parallel to its primary), falls back to the minimal
 * rotation a1 → b1. Returns null only when a primary vector is zero.
 */
export function alignTwoVectors(a1: V3, a2: V3, b1: V3, b2: V3): M3 | null {
  const fa = triadFrame(a1, a2);
  const fb = triadFrame(b1, b2);
  if (fa && fb) return mulBT(fb, fa);
  const ua = unit(a1), ub = unit(b1);
  if (!ua || !ub) return null;
  return minimalRotation(ua, ub);
}

/** Rotation by `angle` about the world Y axis. */
export function rotY(angle: number): M3 {
  return axisAngle([0, 1, 0], angle);
}

/** Angle (radians) between two vectors; NaN if either is zero. */
export function angleBetween(a: V3, b: V3): number {
  return Math.atan2(norm(cross(a, b)), dot(a, b));
}
