import { jointAngles, JOINT_LIMITS_DEG, JOINT_NAMES, LIMITED_JOINTS, type LimitViolation } from '../../../../shared/body';

const wrap180 = (d: number): number => (d > 180 ? d - 360 : d <= -180 ? d + 360 : d);
const excessOf = (v: number, lo: number, hi: number): number => (v < lo ? lo - v : v > hi ? v - hi : 0);
// Below this (degrees) an excess is float noise of the Euler decomposition.
const LIMIT_NOISE = 1e-3;

export interface LimitScore {
  /** degrees outside the limits, summed over joints and axes */
  total: number;
  violations: LimitViolation[];
}

/**
 * Joint-limit score that reads each joint's rotation with whichever of its two Euler XYZ
 * decompositions, (x, y, z) or (x ± 180, 180 − y, z ± 180), lies closer to the limits.
 * jointLimitScore (src/shared/body) only uses the one with y ∈ [−90, 90], so an elbow bent past
 * 90° (SJA y down to −150°, which the limits allow) reads there as x = z = ±180° and is flagged
 * by 360°; both decompositions are the same rotation, so taking the nearer one is exact.
 */
export function limitScore(pose: ArrayLike<number>): LimitScore {
  let total = 0;
  let violations: LimitViolation[] | null = null;
  for (const j of LIMITED_JOINTS) {
    const lim = JOINT_LIMITS_DEG[j];
    if (!lim) continue;
    const use = limitAngles(pose, j);
    for (let a = 0; a < 3; a++) {
      const e = excessOf(use[a], lim[a][0], lim[a][1]);
      if (e > LIMIT_NOISE) {
        total += e;
        (violations ??= []).push({ joint: JOINT_NAMES[j], axis: (['x', 'y', 'z'] as const)[a], value: use[a], limit: [lim[a][0], lim[a][1]] });
      }
    }
  }
  return { total, violations: violations ?? [] };
}

/**
 * Standard joint angles (degrees) of joint j read the way limitScore reads them: of the two Euler
 * decompositions of the same rotation, the one nearer the joint's limits (the usual one on ties).
 * setJointAngles(pose, j, limitAngles(pose, j)) reproduces the rotation.
 */
export function limitAngles(pose: ArrayLike<number>, j: number): [number, number, number] {
  const [x, y, z] = jointAngles(pose, j);
  const lim = JOINT_LIMITS_DEG[j];
  if (!lim) return [x, y, z];
  const x2 = wrap180(x + 180), y2 = wrap180(180 - y), z2 = wrap180(z + 180);
  const e1 = excessOf(x, lim[0][0], lim[0][1]) + excessOf(y, lim[1][0], lim[1][1]) + excessOf(z, lim[2][0], lim[2][1]);
  const e2 = excessOf(x2, lim[0][0], lim[0][1]) + excessOf(y2, lim[1][0], lim[1][1]) + excessOf(z2, lim[2][0], lim[2][1]);
  return e2 < e1 ? [x2, y2, z2] : [x, y, z];
}
