import { NUM_BODY_JOINTS, NUM_JOINTS, POSE_SIZE_BODY, POSE_SIZE_FULL } from './skeleton';

/** 72 zeros: the rest pose (T-pose, facing +Z). */
export function zeroPose(): Float32Array {
  return new Float32Array(POSE_SIZE_FULL);
}

/**
 * Numbers per pose in a batch: 72 or 66, detected from the array length. Throws a RangeError
 * for anything else, since silently guessing would scramble joints.
 */
export function poseStride(length: number, batch: number): 66 | 72 {
  if (!Number.isInteger(batch) || batch <= 0) throw new RangeError(`batch must be a positive integer, got ${batch}`);
  const stride = length / batch;
  if (stride === POSE_SIZE_FULL) return 72;
  if (stride === POSE_SIZE_BODY) return 66;
  throw new RangeError(`pose length ${length} is not batch (${batch}) × 66 or × 72`);
}

/**
 * Widen body poses (batch × 66) to SMPL poses (batch × 72) with identity hands; 72-wide input
 * is copied. `batch` defaults to length / 66.
 */
export function poseTo72(pose: ArrayLike<number>, batch?: number, out?: Float32Array): Float32Array {
  const n = batch ?? (pose.length % POSE_SIZE_BODY === 0 ? pose.length / POSE_SIZE_BODY : pose.length / POSE_SIZE_FULL);
  const stride = poseStride(pose.length, n);
  const o = out ?? new Float32Array(n * POSE_SIZE_FULL);
  if (o.length !== n * POSE_SIZE_FULL) throw new RangeError(`out must hold ${n * POSE_SIZE_FULL} numbers`);
  for (let b = 0; b < n; b++) {
    const src = b * stride;
    const dst = b * POSE_SIZE_FULL;
    for (let i = 0; i < POSE_SIZE_BODY; i++) o[dst + i] = pose[src + i];
    for (let i = POSE_SIZE_BODY; i < POSE_SIZE_FULL; i++) o[dst + i] = stride === 72 ? pose[src + i] : 0;
  }
  return o;
}

/**
 * Narrow SMPL poses (batch × 72) to body poses (batch × 66), dropping the hand joints; 66-wide
 * input is copied. `batch` defaults to length / 72.
 */
export function poseTo66(pose: ArrayLike<number>, batch?: number, out?: Float32Array): Float32Array {
  const n = batch ?? (pose.length % POSE_SIZE_FULL === 0 ? pose.length / POSE_SIZE_FULL : pose.length / POSE_SIZE_BODY);
  const stride = poseStride(pose.length, n);
  const o = out ?? new Float32Array(n * POSE_SIZE_BODY);
  if (o.length !== n * POSE_SIZE_BODY) throw new RangeError(`out must hold ${n * POSE_SIZE_BODY} numbers`);
  for (let b = 0; b < n; b++) {
    const src = b * stride;
    const dst = b * POSE_SIZE_BODY;
    for (let i = 0; i < POSE_SIZE_BODY; i++) o[dst + i] = pose[src + i];
  }
  return o;
}

/** Joints carried by a pose of this stride (22 or 24). */
export function jointsInStride(stride: 66 | 72): number {
  return stride === 72 ? NUM_JOINTS : NUM_BODY_JOINTS;
}
