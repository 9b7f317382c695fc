/**
 * Joint-angle limits in the "standard joint angle" (SJA) frame of mmhuman3d, embedded from
 * /work/shared/reference/smpl-skeleton.json.
 *
 * For body joint j (1..21) with frame R_t = JOINT_ANGLE_FRAMES[j]:
 *   R_sja = R_t · R_aa · R_tᵀ,  and R_sja = R_x(x) · R_y(y) · R_z(z)   (Euler 'XYZ', pytorch3d order)
 * The [x, y, z] degrees of that decomposition are compared with JOINT_LIMITS_DEG[j].
 * Limits are a soft prior, not hard truth.
 *
 * Tables are indexed by SMPL joint index (24 entries); joints without limits (pelvis, hands)
 * hold null / the identity frame.
 */

export type AxisLimit = readonly [number, number];
export type JointLimit = readonly [AxisLimit, AxisLimit, AxisLimit];

/** The body joints that carry limits, in SMPL order: 1..21. */
export const LIMITED_JOINTS: readonly number[] = Object.freeze(Array.from({ length: 21 }, (_, k) => k + 1));

/** The limits exactly as the reference gives them, for joints 1..21 in order (index k ↔ joint k + 1). */
export const REFERENCE_JOINT_LIMITS_DEG: readonly JointLimit[] = [
  [[-45, 155], [-88, 17], [-105, 85]], // left_hip
  [[-45, 155], [-17, 88], [-85, 105]], // right_hip
  [[-25, 15], [-20, 20], [-30, 30]], // spine1
  [[0, 150], [0, 0], [0, 0]], // left_knee
  [[0, 150], [0, 0], [0, 0]], // right_knee
  [[-25, 15], [-15, 15], [-25, 25]], // spine2
  [[-31, 63], [-26, 26], [-74, 15]], // left_ankle
  [[-31, 63], [-26, 26], [-15, 74]], // right_ankle
  [[-25, 15], [-15, 15], [-25, 25]], // spine3
  [[-60, 45], [0, 0], [-45, 45]], // left_foot
  [[-60, 45], [0, 0], [-45, 45]], // right_foot
  [[-37, 22], [-30, 30], [-45, 45]], // neck
  [[-30, 30], [-30, 10], [0, 0]], // left_collar
  [[-30, 30], [-10, 30], [0, 0]], // right_collar
  [[-37, 22], [-30, 30], [-45, 45]], // head
  [[-90, 135], [-97, 91], [-90, 135]], // left_shoulder
  [[-135, 90], [-91, 97], [-135, 90]], // right_shoulder
  [[0, 0], [-150, 0], [0, 0]], // left_elbow
  [[0, 0], [0, 150], [0, 0]], // right_elbow
  [[-90, 90], [-45, 45], [-180, 60]], // left_wrist
  [[-90, 90], [-45, 45], [-60, 180]], // right_wrist
];

/** R_t for joints 1..21 in order (index k ↔ joint k + 1), row-major 3 × 3, from the reference. */
const REFERENCE_FRAMES: readonly (readonly number[])[] = [
  [1, 0, 0, 0, 0, 1, 0, -1, 0], // left_hip
  [1, 0, 0, 0, 0, 1, 0, -1, 0], // right_hip
  [1, 0, 0, 0, 0, -1, 0, 1, 0], // spine1
  [1, 0, 0, 0, 0, 1, 0, -1, 0], // left_knee
  [1, 0, 0, 0, 0, 1, 0, -1, 0], // right_knee
  [1, 0, 0, 0, 0, -1, 0, 1, 0], // spine2
  [1, 0, 0, 0, 1, 0, 0, 0, 1], // left_ankle
  [1, 0, 0, 0, 1, 0, 0, 0, 1], // right_ankle
  [1, 0, 0, 0, 0, -1, 0, 1, 0], // spine3
  [1, 0, 0, 0, 1, 0, 0, 0, 1], // left_foot
  [1, 0, 0, 0, 1, 0, 0, 0, 1], // right_foot
  [1, 0, 0, 0, 0, -1, 0, 1, 0], // neck
  [0, 0, -1, 0, 1, 0, 1, 0, 0], // left_collar
  [0, 0, 1, 0, 1, 0, -1, 0, 0], // right_collar
  [1, 0, 0, 0, 0, -1, 0, 1, 0], // head
  [0, 0, -1, 0, 1, 0, 1, 0, 0], // left_shoulder
  [0, 0, 1, 0, 1, 0, -1, 0, 0], // right_shoulder
  [0, 0, -1, 0, 1, 0, 1, 0, 0], // left_elbow
  [0, 0, 1, 0, 1, 0, -1, 0, 0], // right_elbow
  [0, 0, -1, 0, 1, 0, 1, 0, 0], // left_wrist
  [0, 0, 1, 0, 1, 0, -1, 0, 0], // right_wrist
];

/**
 * Corrections to the reference, made so the prior agrees with SMPL's own axes (checked in
 * jointAngles.test.ts):
 * - Hips, x and y: in SMPL (body facing +Z) hip flexion, thigh forward, is a NEGATIVE rotation
 *   about X (the knee, whose flexion is positive X, agrees with the reference), and left-hip
 *   abduction is positive SJA y. The reference ranges are reversed for both axes, which would
 *   flag every seated or squatting pose (flexion limited to 45°) and allow kicking a leg 155°
 *   backwards. We negate and swap them: x [−155, 45], left y [−17, 88], right y [−88, 17].
 * - Right shoulder, x: under mirroring a left-shoulder SJA x maps to the same right-shoulder SJA
 *   x, so both sides need the same range; the reference has [−90, 135] left and [−135, 90] right
 *   (it notes its shoulder limits need adjustment). We use the left one on both sides: the arm
 *   rises at most 90° above horizontal (straight up) and lowers 135° (across the body).
 * Every other joint's limits are mirror-consistent as given and are kept unchanged.
 */
const CORRECTED: ReadonlyMap<number, JointLimit> = new Map<number, JointLimit>([
  [1, [[-155, 45], [-17, 88], [-105, 85]]], // left_hip
  [2, [[-155, 45], [-88, 17], [-85, 105]]], // right_hip
  [17, [[-90, 135], [-91, 97], [-135, 90]]], // right_shoulder
]);

const IDENTITY = Object.freeze([1, 0, 0, 0, 1, 0, 0, 0, 1]);

/** Limits in degrees by SMPL joint index (24 entries; null for pelvis and hands). */
export const JOINT_LIMITS_DEG: readonly (JointLimit | null)[] = Object.freeze(
  Array.from({ length: 24 }, (_, j) => (j >= 1 && j <= 21 ? (CORRECTED.get(j) ?? REFERENCE_JOINT_LIMITS_DEG[j - 1]) : null)),
);

/** R_t by SMPL joint index (24 entries, row-major; identity for pelvis and hands). */
export const JOINT_ANGLE_FRAMES: readonly (readonly number[])[] = Object.freeze(
  Array.from({ length: 24 }, (_, j) => Object.freeze(j >= 1 && j <= 21 ? [...REFERENCE_FRAMES[j - 1]] : [...IDENTITY])),
);
