import { poseStride } from './pose';
import { MIRROR_JOINT_MAP } from './skeleton';

/**
 * Left/right mirroring: reflection across the body's sagittal plane, the YZ plane (x → −x).
 * For a rotation R the reflected rotation is M·R·M with M = diag(−1, 1, 1); an axis-angle vector
 * is a pseudovector, so it maps to det(M)·M·aa = (x, −y, −z). Each joint takes the reflected
 * rotation of its mirror joint (MIRROR_JOINT_MAP); the root stays the root. Mirroring twice is
 * the identity exactly (only sign flips and swaps). In joint space the result is the reflected
 * skeleton with left/right swapped on a symmetric rest skeleton (see symmetrizeRest); the SMPL
 * template itself is symmetric to within a few millimetres.
 */
export function mirrorPose(pose: Float32Array, batch = 1, out?: Float32Array): Float32Array {
  const stride = poseStride(pose.length, batch);
  const o = out ?? new Float32Array(pose.length);
  if (o.length !== pose.length) throw new RangeError('out must have the same length as pose');
  const joints = stride / 3;
  for (let b = 0; b < batch; b++) {
    const base = b * stride;
    for (let j = 0; j < joints; j++) {
      const m = MIRROR_JOINT_MAP[j];
      if (m < j) continue; // the pair was handled at its smaller index
      // Read both before writing so `out` may alias `pose`.
      const ja = base + j * 3;
      const ma = base + m * 3;
      const jx = pose[ja], jy = pose[ja + 1], jz = pose[ja + 2];
      const mx = pose[ma], my = pose[ma + 1], mz = pose[ma + 2];
      o[ja] = mx;
      o[ja + 1] = 0 - my; // 0 − v rather than −v: no −0 from zero inputs
      o[ja + 2] = 0 - mz;
      o[ma] = jx;
      o[ma + 1] = 0 - jy;
      o[ma + 2] = 0 - jz;
    }
  }
  return o;
}
