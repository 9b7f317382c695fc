import { jointPositions } from '@shared/body';

/** SMPL joints of the two legs: hip, knee, ankle. */
const LEGS = { left: [1, 4, 7], right: [2, 5, 8] } as const;

/**
 * Knee flexion in degrees from a pose, by forward kinematics: 180° minus the angle at the knee between the thigh
 * (knee → hip) and the shank (knee → ankle), so a straight leg reads 0° and a right-angled knee 90° — the clinical
 * convention, independent of how the hip or the body is turned.
 */
export function kneeFlexion(pose: ArrayLike<number>): { left: number; right: number } {
  const p = jointPositions(pose, 1);
  const at = (side: 'left' | 'right') => {
    const [h, k, a] = LEGS[side];
    const u = [p[h * 3]! - p[k * 3]!, p[h * 3 + 1]! - p[k * 3 + 1]!, p[h * 3 + 2]! - p[k * 3 + 2]!];
    const v = [p[a * 3]! - p[k * 3]!, p[a * 3 + 1]! - p[k * 3 + 1]!, p[a * 3 + 2]! - p[k * 3 + 2]!];
    const cos = (u[0]! * v[0]! + u[1]! * v[1]! + u[2]! * v[2]!) / (Math.hypot(u[0]!, u[1]!, u[2]!) * Math.hypot(v[0]!, v[1]!, v[2]!));
    return 180 - (Math.acos(Math.min(1, Math.max(-1, cos))) * 180) / Math.PI;
  };
  return { left: at('left'), right: at('right') };
}
