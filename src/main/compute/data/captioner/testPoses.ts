/**
 * Hand-built poses for the captioner's tests and demo script, written as standard joint angles
 * (degrees, see src/shared/body/axisMotions.ts for what each axis does): knee x > 0 bends the
 * shin back; hip x < 0 lifts the thigh forward; shoulder x < 0 raises the arm, > 0 lowers it (the
 * rest pose is a T-pose); left elbow y < 0 / right elbow y > 0 bend the forearm forward; ankle
 * x > 0 points the toes down. The tests check by forward kinematics that each is what its name says.
 */
import { JOINT_LIMITS_DEG, jointIndex, setJointAngles } from '../../../../shared/body';
import type { Rng } from '../random';

export type AngleSpec = Record<string, readonly [number, number, number]>;

/** A 66-number pose from joint angles; `root` is the pelvis axis-angle (radians). */
export function poseFromAngles(angles: AngleSpec, root: readonly [number, number, number] = [0, 0, 0]): Float32Array {
  const pose = new Float32Array(66);
  pose[0] = root[0];
  pose[1] = root[1];
  pose[2] = root[2];
  for (const [name, deg] of Object.entries(angles)) {
    const j = jointIndex(name);
    if (j < 1 || j > 21) throw new Error(`not a body joint: ${name}`);
    setJointAngles(pose, j, deg);
  }
  return pose;
}

const ARMS_DOWN: AngleSpec = { left_shoulder: [80, 0, 0], right_shoulder: [80, 0, 0] };

export const TEST_POSES = {
  /** Upright, arms hanging by the sides. */
  standing: () => poseFromAngles({ ...ARMS_DOWN }),
  /** Upright on both knees: thighs vertical, shins flat behind, toes pointed. */
  kneeling: () =>
    poseFromAngles({ ...ARMS_DOWN, left_knee: [90, 0, 0], right_knee: [90, 0, 0], left_ankle: [55, 0, 0], right_ankle: [55, 0, 0] }),
  /** Left knee down, right foot planted in front (thigh forward, shin vertical). */
  kneelingLeft: () =>
    poseFromAngles({ ...ARMS_DOWN, left_knee: [90, 0, 0], left_ankle: [55, 0, 0], right_hip: [-95, 0, 0], right_knee: [80, 0, 0], right_ankle: [-5, 0, 0] }),
  /** Both arms straight up (shoulders raised 90° above the T-pose): hands far above the head. */
  armsUp: () => poseFromAngles({ left_shoulder: [-85, 0, 0], right_shoulder: [-85, 0, 0] }),
  /** Deep squat: thighs forward, knees completely bent, torso upright-ish. */
  squat: () =>
    poseFromAngles({
      ...ARMS_DOWN,
      left_hip: [-120, 0, 0],
      right_hip: [-120, 0, 0],
      left_knee: [140, 0, 0],
      right_knee: [140, 0, 0],
      left_ankle: [-25, 0, 0],
      right_ankle: [-25, 0, 0],
      spine1: [15, 0, 0],
    }),
  /** Sitting on the floor, legs straight out in front, trunk upright. */
  sittingFloor: () => poseFromAngles({ ...ARMS_DOWN, left_hip: [-90, 0, 0], right_hip: [-90, 0, 0] }),
  /** Lying on the back (root turned −90° about x), arms by the sides. */
  lyingBack: () => poseFromAngles({ ...ARMS_DOWN }, [-Math.PI / 2, 0, 0]),
  /** Bent forward at the hips, legs straight. */
  bentForward: () => poseFromAngles({ ...ARMS_DOWN, left_hip: [-90, 0, 0], right_hip: [-90, 0, 0] }, [Math.PI / 2, 0, 0]),
  /** Left hand raised above the head, right arm down. */
  leftHandUp: () => poseFromAngles({ left_shoulder: [-85, 0, 0], right_shoulder: [80, 0, 0] }),
  /** Arms crossed in front of the chest. */
  armsCrossed: () =>
    poseFromAngles({
      left_shoulder: [60, -60, 0],
      right_shoulder: [60, 60, 0],
      left_elbow: [0, -120, 0],
      right_elbow: [0, 120, 0],
    }),
};

/**
 * Random poses for property tests: every joint angle uniform within `spread` × its limits, the
 * root tilted a little (or laid down in one pose out of ten). Not plausible bodies, just varied
 * ones, independent of the variation module.
 */
export function randomLimitPose(rng: Rng, spread = 0.6): Float32Array {
  const pose = new Float32Array(66);
  for (let j = 1; j < 22; j++) {
    const lim = JOINT_LIMITS_DEG[j]!;
    setJointAngles(pose, j, [0, 1, 2].map((a) => rng.uniform(lim[a][0] * spread, lim[a][1] * spread)));
  }
  const tilt = rng.chance(0.1) ? Math.PI / 2 : rng.uniform(0, 0.3);
  const phi = rng.uniform(0, 2 * Math.PI);
  pose[0] = tilt * Math.cos(phi);
  pose[1] = rng.uniform(-Math.PI, Math.PI);
  pose[2] = tilt * Math.sin(phi);
  return pose;
}
