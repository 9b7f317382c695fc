import { axisAngleToQuat, quatToAxisAngle } from './rotation';
import { poseStride } from './pose';

/**
 * Heading (yaw) of a pose: the rotation about the world vertical (Y) axis contained in the global
 * orientation. We use the swing–twist split of the root quaternion q about Y, q = t(ψ)·s with s
 * free of any Y component, so ψ = 2·atan2(q_y, q_w). Unlike "where does the body's forward
 * vector point", this is defined for lying and bent-over poses too (it is only undefined for a
 * root that is turned exactly 180° about a horizontal axis, where we take ψ = 0).
 * Normalising removes t(ψ): the root becomes s, so the body faces +Z "as much as its swing allows"
 * and every joint position relative to the pelvis is rotated by R_y(−ψ).
 */

const q = new Float64Array(4);
const aa = new Float64Array(3);

/** Yaw ψ (radians, (−π, π]) of the global orientation stored at pose[offset..offset+2]. */
export function headingAngle(pose: ArrayLike<number>, offset = 0): number {
  axisAngleToQuat(pose, q, offset, 0);
  if (q[0] === 0 && q[2] === 0) return 0;
  let psi = 2 * Math.atan2(q[2], q[0]);
  if (psi > Math.PI) psi -= 2 * Math.PI;
  else if (psi <= -Math.PI) psi += 2 * Math.PI;
  return psi;
}

/**
 * Pre-multiplies the root orientation at src[offIn..] by R_y(yaw) and writes it at dst[offOut..]
 * (which may be the same place).
 */
function yawRoot(src: ArrayLike<number>, offIn: number, dst: Float32Array | Float64Array, offOut: number, yaw: number): void {
  axisAngleToQuat(src, q, offIn, 0);
  const c = Math.cos(0.5 * yaw);
  const s = Math.sin(0.5 * yaw);
  const w = q[0], x = q[1], y = q[2], z = q[3];
  // (c, 0, s, 0) ⊗ (w, x, y, z)
  q[0] = c * w - s * y;
  q[1] = c * x + s * z;
  q[2] = c * y + s * w;
  q[3] = c * z - s * x;
  quatToAxisAngle(q, aa, 0, 0);
  dst[offOut] = aa[0];
  dst[offOut + 1] = aa[1];
  dst[offOut + 2] = aa[2];
}

/** Removes the root's twist about Y at src[offIn..], writing the result at dst[offOut..]. Returns ψ. */
function unyawRoot(src: ArrayLike<number>, offIn: number, dst: Float32Array | Float64Array, offOut: number): number {
  axisAngleToQuat(src, q, offIn, 0);
  const w = q[0], x = q[1], y = q[2], z = q[3];
  const n = Math.hypot(w, y);
  let psi = 0;
  if (n > 0) {
    const c = w / n;
    const s = y / n;
    psi = 2 * Math.atan2(y, w);
    if (psi > Math.PI) psi -= 2 * Math.PI;
    else if (psi <= -Math.PI) psi += 2 * Math.PI;
    // (c, 0, −s, 0) ⊗ (w, x, y, z): the y component cancels exactly.
    q[0] = n;
    q[1] = c * x - s * z;
    q[2] = 0;
    q[3] = c * z + s * x;
  }
  quatToAxisAngle(q, aa, 0, 0);
  // q[2] = 0 exactly, so the Y axis-angle component is exactly 0: no yaw left at all.
  dst[offOut] = aa[0];
  dst[offOut + 1] = aa[1];
  dst[offOut + 2] = aa[2];
  return psi;
}

/** A copy of one pose (66 or 72) with the heading removed from its global orientation. */
export function normalizeHeading(pose: Float32Array): Float32Array {
  poseStride(pose.length, 1);
  const out = Float32Array.from(pose);
  unyawRoot(pose, 0, out, 0);
  return out;
}

/**
 * Batched heading removal over batch × 66 or batch × 72 poses. `out` may be `poses` itself
 * (in place). If `yaws` is given, the removed yaw of each pose (radians) is written there so it
 * can be put back with rotateHeadingBatch.
 */
export function normalizeHeadingBatch(poses: Float32Array, batch: number, out?: Float32Array, yaws?: Float32Array | Float64Array): Float32Array {
  const stride = poseStride(poses.length, batch);
  const o = out ?? Float32Array.from(poses);
  if (o.length !== poses.length) throw new RangeError('out must have the same length as poses');
  if (o !== poses && out) o.set(poses);
  for (let b = 0; b < batch; b++) {
    const psi = unyawRoot(poses, b * stride, o, b * stride);
    if (yaws) yaws[b] = psi;
  }
  return o;
}

/** A copy of one pose turned by `yaw` radians about the vertical axis (positive turns +Z toward +X). */
export function rotateHeading(pose: Float32Array, yaw: number): Float32Array {
  poseStride(pose.length, 1);
  const out = Float32Array.from(pose);
  yawRoot(pose, 0, out, 0, yaw);
  return out;
}

/** Batched rotateHeading; `yaw` is one angle for all poses or one per pose. `out` may be `poses`. */
export function rotateHeadingBatch(
  poses: Float32Array,
  batch: number,
  yaw: number | ArrayLike<number>,
  out?: Float32Array,
): Float32Array {
  const stride = poseStride(poses.length, batch);
  const o = out ?? Float32Array.from(poses);
  if (o.length !== poses.length) throw new RangeError('out must have the same length as poses');
  if (o !== poses && out) o.set(poses);
  for (let b = 0; b < batch; b++) yawRoot(poses, b * stride, o, b * stride, typeof yaw === 'number' ? yaw : yaw[b]);
  return o;
}
