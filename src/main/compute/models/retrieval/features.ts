/**
 * What the two branches read. Poses: heading removed (a caption never says which way the body faces the
 * world), then each of the 22 joint rotations as 6D (two matrix columns: continuous, unlike axis-angle near π).
 */
import { axisAngleArrayTo6d, normalizeHeadingBatch, POSE_SIZE_BODY } from '../../../../shared/body';
import { POSE_FEATURES } from './config';

/** poses [n, 66] axis-angle → features [n, 132]. */
export function poseFeatures(poses: Float32Array, n: number): Float32Array {
  if (poses.length < n * POSE_SIZE_BODY) throw new RangeError(`poseFeatures: ${poses.length} numbers are fewer than ${n} poses`);
  const flat = normalizeHeadingBatch(poses.subarray(0, n * POSE_SIZE_BODY), n, new Float32Array(n * POSE_SIZE_BODY));
  return axisAngleArrayTo6d(flat, n * 22, new Float32Array(n * POSE_FEATURES));
}

/** Token rows padded into one [B, T] batch with its 0/1 mask (T = longest row). */
export interface TokenBatch {
  ids: BigInt64Array;
  mask: Float32Array;
  B: number;
  T: number;
}

/** Pads token rows (already clipped to the model's maxLen) into a batch; `pad` fills the tail of short rows. */
export function padTokens(rows: readonly ArrayLike<number>[], pad: number): TokenBatch {
  const B = rows.length;
  const T = Math.max(1, ...rows.map((r) => r.length));
  const ids = new BigInt64Array(B * T).fill(BigInt(pad));
  const mask = new Float32Array(B * T);
  rows.forEach((r, b) => {
    for (let t = 0; t < r.length; t++) {
      ids[b * T + t] = BigInt(r[t]!);
      mask[b * T + t] = 1;
    }
  });
  return { ids, mask, B, T };
}
