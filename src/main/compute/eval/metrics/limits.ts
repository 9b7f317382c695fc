/**
 * Joint-limit violations of generated poses, by the body model's standard joint angles and limits
 * (src/shared/body: jointLimitScore; limits.ts documents the frames and the corrections made to the
 * reference ranges). Limits are a soft prior, so this is a plausibility rate, not a validity test.
 *
 * With tolerance τ (degrees, default 0) every axis range [lo, hi] is widened to [lo − τ, hi + τ]:
 * - rate: fraction of poses with at least one axis of joints 1..21 outside its widened range;
 * - perJoint[k] (joint k + 1, SMPL order): fraction of poses where that joint has an axis outside;
 * - meanExcessDeg: mean over poses of the degrees outside the widened ranges, summed over joints and
 *   axes (at τ = 0 this is the mean of jointLimitScore(pose).total).
 * Angle differences under 1e-4° are decomposition noise and ignored (as jointLimitScore does).
 */
import { JOINT_NAMES, LIMITED_JOINTS, jointLimitScore, poseStride } from '../../../../shared/body';

export interface JointLimitOptions {
  /** degrees added to both ends of every range (default 0) */
  toleranceDeg?: number;
}

export interface JointLimitResult {
  /** fraction of poses with any axis beyond its limit + tolerance */
  rate: number;
  /** 21 entries, index k ↔ SMPL joint k + 1: fraction of poses where that joint is beyond */
  perJoint: Float64Array;
  /** names of the joints in perJoint's order */
  jointNames: readonly string[];
  /** mean over poses of Σ degrees beyond limit + tolerance */
  meanExcessDeg: number;
  toleranceDeg: number;
}

const LIMITED_NAMES: readonly string[] = Object.freeze(LIMITED_JOINTS.map((j) => JOINT_NAMES[j]));
const NAME_TO_SLOT: ReadonlyMap<string, number> = new Map(LIMITED_NAMES.map((name, k) => [name, k]));

/** Joint-limit violation statistics of n poses (n × 66 or n × 72 axis-angle, radians). */
export function jointLimitViolationRate(poses66: ArrayLike<number>, n: number, options: JointLimitOptions = {}): JointLimitResult {
  const tol = options.toleranceDeg ?? 0;
  if (!Number.isFinite(tol) || tol < 0) throw new RangeError(`toleranceDeg must be ≥ 0, got ${tol}`);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`pose count must be a positive integer, got ${n}`);
  const stride = poseStride(poses66.length, n);
  const counts = new Float64Array(LIMITED_NAMES.length);
  const flagged = new Uint8Array(LIMITED_NAMES.length);
  let violating = 0;
  let excessSum = 0;
  const one = new Float64Array(stride);
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < stride; i++) one[i] = poses66[b * stride + i];
    flagged.fill(0);
    let any = false;
    for (const v of jointLimitScore(one).violations) {
      const [lo, hi] = v.limit;
      const beyond = (v.value < lo ? lo - v.value : v.value - hi) - tol;
      if (beyond <= 0) continue;
      any = true;
      excessSum += beyond;
      const slot = NAME_TO_SLOT.get(v.joint);
      if (slot !== undefined) flagged[slot] = 1;
    }
    if (any) violating++;
    for (let k = 0; k < counts.length; k++) counts[k] += flagged[k];
  }
  const perJoint = counts.map((c) => c / n);
  return { rate: violating / n, perJoint, jointNames: LIMITED_NAMES, meanExcessDeg: excessSum / n, toleranceDeg: tol };
}
