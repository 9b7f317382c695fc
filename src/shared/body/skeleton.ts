/**
 * The SMPL-compatible skeleton: joint order, parents, rest joints.
 *
 * Conventions used throughout src/shared/body:
 * - 24 joints in SMPL order; the first 22 (pelvis + 21) are the body joints the policy predicts.
 * - Metres, Y up, the body faces +Z, the body's left is at +X (right-handed frame).
 * - A pose is SMPL axis-angle, 3 numbers per joint: joint 0 is the global orientation, every other
 *   joint's rotation is expressed in its parent's frame. 72 numbers (24 joints) or 66 (22 body
 *   joints; SMPL's hand joints 22/23 are then the identity).
 * - The constants below are embedded (not read at run time) from
 *   /work/shared/reference/smpl-skeleton.json (SMPL neutral template, betas = 0).
 */

export const NUM_JOINTS = 24;
/** pelvis + 21: the joints the policy works on (66 axis-angle numbers). */
export const NUM_BODY_JOINTS = 22;
/** Axis-angle numbers in a full SMPL pose. */
export const POSE_SIZE_FULL = NUM_JOINTS * 3; // 72
/** Axis-angle numbers in a body pose. */
export const POSE_SIZE_BODY = NUM_BODY_JOINTS * 3; // 66

export const JOINT_NAMES: readonly string[] = Object.freeze([
  'pelvis',
  'left_hip',
  'right_hip',
  'spine1',
  'left_knee',
  'right_knee',
  'spine2',
  'left_ankle',
  'right_ankle',
  'spine3',
  'left_foot',
  'right_foot',
  'neck',
  'left_collar',
  'right_collar',
  'head',
  'left_shoulder',
  'right_shoulder',
  'left_elbow',
  'right_elbow',
  'left_wrist',
  'right_wrist',
  'left_hand',
  'right_hand',
]);

/** Parent of each joint; -1 for the pelvis. Every parent index is smaller than its child's. */
export const PARENTS: readonly number[] = Object.freeze([
  -1, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9, 12, 13, 14, 16, 17, 18, 19, 20, 21,
]);

/**
 * Rest (zero-pose) joint positions, 24 × 3, metres. Shared: never write into it
 * (typed arrays cannot be frozen); copy it if you need a modified skeleton.
 */
export const REST_JOINTS: Float32Array = Float32Array.from([
  -0.0018, -0.2233, 0.0282, // pelvis
  0.0677, -0.3147, 0.0214, // left_hip
  -0.0695, -0.3138, 0.0239, // right_hip
  -0.0043, -0.1143, 0.0015, // spine1
  0.102, -0.6899, 0.0169, // left_knee
  -0.1078, -0.6964, 0.015, // right_knee
  0.0012, 0.0209, 0.0026, // spine2
  0.0884, -1.0879, -0.0268, // left_ankle
  -0.092, -1.0948, -0.0273, // right_ankle
  0.0027, 0.0738, 0.028, // spine3
  0.1148, -1.1437, 0.0925, // left_foot
  -0.1174, -1.1429, 0.096, // right_foot
  -0.0001, 0.2877, -0.0149, // neck
  0.0815, 0.1955, -0.0061, // left_collar
  -0.0791, 0.1926, -0.0106, // right_collar
  0.0051, 0.3527, 0.0364, // head
  0.1725, 0.226, -0.015, // left_shoulder
  -0.1751, 0.2252, -0.0197, // right_shoulder
  0.4321, 0.2132, -0.0425, // left_elbow
  -0.4288, 0.2119, -0.0411, // right_elbow
  0.6813, 0.2222, -0.0437, // left_wrist
  -0.6841, 0.2197, -0.0467, // right_wrist
  0.7653, 0.214, -0.0586, // left_hand
  -0.7687, 0.2136, -0.057, // right_hand
]);

/** Parent → child pairs for drawing bones (23 bones, child order). */
export const BONES: readonly (readonly [number, number])[] = Object.freeze(
  PARENTS.flatMap((p, c) => (p < 0 ? [] : [Object.freeze([p, c] as const)])),
);

/**
 * Left ↔ right joint permutation: MIRROR_JOINT_MAP[j] is the joint that j becomes under mirroring
 * (midline joints map to themselves). It is an involution.
 */
export const MIRROR_JOINT_MAP: readonly number[] = Object.freeze(
  JOINT_NAMES.map((name, j) => {
    if (name.startsWith('left_')) return JOINT_NAMES.indexOf('right_' + name.slice(5));
    if (name.startsWith('right_')) return JOINT_NAMES.indexOf('left_' + name.slice(6));
    return j;
  }),
);

const NAME_TO_INDEX: ReadonlyMap<string, number> = new Map(JOINT_NAMES.map((n, i) => [n, i]));

/** Index of a joint by its SMPL name; -1 if there is no such joint. */
export function jointIndex(name: string): number {
  return NAME_TO_INDEX.get(name) ?? -1;
}

/**
 * A left/right-symmetric copy of a rest skeleton: each joint is averaged with the reflection
 * (x → −x) of its mirror joint. The SMPL template is only nearly symmetric (millimetres), so code
 * that needs mirroring to be exact in joint space (augmentation checks, tests) uses this skeleton.
 */
export function symmetrizeRest(rest: ArrayLike<number> = REST_JOINTS): Float32Array {
  const out = new Float32Array(NUM_JOINTS * 3);
  for (let j = 0; j < NUM_JOINTS; j++) {
    const m = MIRROR_JOINT_MAP[j];
    out[j * 3] = 0.5 * (rest[j * 3] - rest[m * 3]);
    out[j * 3 + 1] = 0.5 * (rest[j * 3 + 1] + rest[m * 3 + 1]);
    out[j * 3 + 2] = 0.5 * (rest[j * 3 + 2] + rest[m * 3 + 2]);
  }
  return out;
}
