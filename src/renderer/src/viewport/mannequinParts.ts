import { Matrix4, Quaternion, Vector3 } from 'three';

/**
 * The procedural mannequin: an artist's wooden figure built from the SMPL skeleton. Limb segments are
 * capsules that stop short of each joint so the ball joints show; torso, head, hands and feet are
 * ellipsoids and boxes carried by their joint's world rotation. Every part names the joint whose
 * rotation moves it, so clicking a thigh selects the hip.
 */
export type Vec3 = [number, number, number];
export type Quat = [number, number, number, number];

export interface CapsulePart {
  shape: 'capsule';
  key: string;
  joint: number;
  radius: number;
  /** Length of the straight section (the caps add one radius at each end). */
  length: number;
  position: Vec3;
  quaternion: Quat;
}
export interface EllipsoidPart {
  shape: 'ellipsoid';
  key: string;
  joint: number;
  radii: Vec3;
  position: Vec3;
  quaternion: Quat;
}
export interface BoxPart {
  shape: 'box';
  key: string;
  joint: number;
  size: Vec3;
  position: Vec3;
  quaternion: Quat;
}
export interface JointPart {
  shape: 'joint';
  key: string;
  joint: number;
  radius: number;
  position: Vec3;
}
export type MannequinPart = CapsulePart | EllipsoidPart | BoxPart | JointPart;

/** Ball-joint radius per joint (metres); joints not listed get no visible ball. */
export const JOINT_BALL_RADIUS: Readonly<Record<number, number>> = {
  0: 0.055,
  1: 0.062,
  2: 0.062,
  3: 0.05,
  4: 0.052,
  5: 0.052,
  6: 0.05,
  7: 0.042,
  8: 0.042,
  9: 0.052,
  10: 0.03,
  11: 0.03,
  12: 0.042,
  13: 0.04,
  14: 0.04,
  15: 0.04,
  16: 0.047,
  17: 0.047,
  18: 0.04,
  19: 0.04,
  20: 0.033,
  21: 0.033,
};

/** [from, to, radius]: the segment is moved by `from`'s rotation. */
const LIMBS: readonly [number, number, number][] = [
  [1, 4, 0.066],
  [2, 5, 0.066], // thighs
  [4, 7, 0.05],
  [5, 8, 0.05], // shins
  [16, 18, 0.045],
  [17, 19, 0.045], // upper arms
  [18, 20, 0.037],
  [19, 21, 0.037], // forearms
  [13, 16, 0.042],
  [14, 17, 0.042], // shoulder caps
  [12, 15, 0.04], // neck
];

/** [joint, offset from the joint in its rest frame, radii]. */
const ELLIPSOIDS: readonly [string, number, Vec3, Vec3][] = [
  ['pelvis', 0, [0, -0.035, -0.005], [0.155, 0.1, 0.1]],
  ['abdomen', 3, [0, 0.07, 0.0], [0.125, 0.085, 0.09]],
  ['waist', 6, [0, 0.04, 0.005], [0.13, 0.075, 0.095]],
  ['chest', 9, [0, 0.085, -0.01], [0.17, 0.135, 0.11]],
  ['head', 15, [0, 0.075, 0.005], [0.085, 0.108, 0.098]],
];

const FEET: readonly [number, number][] = [
  [7, 10],
  [8, 11],
];
const HANDS: readonly [number, number][] = [
  [20, 22],
  [21, 23],
];

const tmpA = new Vector3();
const tmpB = new Vector3();
const tmpQ = new Quaternion();
const tmpM = new Matrix4();
const UP = new Vector3(0, 1, 0);

function v(arr: ArrayLike<number>, joint: number): Vector3 {
  return new Vector3(arr[joint * 3], arr[joint * 3 + 1], arr[joint * 3 + 2]);
}

/** World rotation of a joint from a row-major 3×3 block. */
export function jointQuaternion(
  rotations: ArrayLike<number>,
  joint: number,
  out = new Quaternion(),
): Quaternion {
  const r = joint * 9;
  tmpM.set(
    rotations[r],
    rotations[r + 1],
    rotations[r + 2],
    0,
    rotations[r + 3],
    rotations[r + 4],
    rotations[r + 5],
    0,
    rotations[r + 6],
    rotations[r + 7],
    rotations[r + 8],
    0,
    0,
    0,
    0,
    1,
  );
  return out.setFromRotationMatrix(tmpM);
}

const toVec3 = (p: Vector3): Vec3 => [p.x, p.y, p.z];
const toQuat = (q: Quaternion): Quat => [q.x, q.y, q.z, q.w];

/**
 * Parts for one posed figure.
 * @param positions 24×3 world joint positions from forward kinematics
 * @param rotations 24×9 world joint rotations (row-major) from forward kinematics
 * @param rest      24×3 rest joint positions (for offsets that must follow the body's proportions)
 */
export function mannequinParts(
  positions: ArrayLike<number>,
  rotations: ArrayLike<number>,
  rest: ArrayLike<number>,
): MannequinPart[] {
  const parts: MannequinPart[] = [];

  for (const [a, b, radius] of LIMBS) {
    const pa = v(positions, a);
    const pb = v(positions, b);
    const dir = tmpA.copy(pb).sub(pa);
    const len = dir.length();
    dir.normalize();
    // Stop short of the balls at both ends so the joints read as joints.
    const trimA = (JOINT_BALL_RADIUS[a] ?? 0) * 0.75;
    const trimB = (JOINT_BALL_RADIUS[b] ?? 0) * 0.75;
    const length = Math.max(0.005, len - trimA - trimB - 2 * radius);
    const mid = tmpB.copy(pa).addScaledVector(dir, trimA + (len - trimA - trimB) / 2);
    tmpQ.setFromUnitVectors(UP, dir);
    parts.push({
      shape: 'capsule',
      key: `limb-${a}-${b}`,
      joint: a,
      radius,
      length,
      position: toVec3(mid),
      quaternion: toQuat(tmpQ),
    });
  }

  for (const [name, joint, offset, radii] of ELLIPSOIDS) {
    const q = jointQuaternion(rotations, joint);
    const p = v(positions, joint).add(new Vector3(...offset).applyQuaternion(q));
    parts.push({ shape: 'ellipsoid', key: name, joint, radii, position: toVec3(p), quaternion: toQuat(q) });
  }

  // A small nose shows which way the head faces (+Z in the rest pose).
  {
    const q = jointQuaternion(rotations, 15);
    const p = v(positions, 15).add(new Vector3(0, 0.065, 0.095).applyQuaternion(q));
    parts.push({
      shape: 'ellipsoid',
      key: 'nose',
      joint: 15,
      radii: [0.018, 0.026, 0.02],
      position: toVec3(p),
      quaternion: toQuat(q),
    });
  }

  for (const [ankle, toe] of FEET) {
    const q = jointQuaternion(rotations, ankle);
    const restAnkle = v(rest, ankle);
    const restToe = v(rest, toe);
    // From the heel (behind the ankle) to past the toe joint, resting a little below the ankle.
    const local = restToe
      .clone()
      .sub(restAnkle)
      .multiplyScalar(0.5)
      .add(new Vector3(0, -0.035, 0.005));
    const p = v(positions, ankle).add(local.applyQuaternion(q));
    parts.push({
      shape: 'box',
      key: `foot-${ankle}`,
      joint: ankle,
      size: [0.085, 0.06, 0.24],
      position: toVec3(p),
      quaternion: toQuat(q),
    });
  }

  for (const [wrist, hand] of HANDS) {
    const q = jointQuaternion(rotations, wrist);
    const local = v(rest, hand).sub(v(rest, wrist)).multiplyScalar(0.9);
    const p = v(positions, wrist).add(local.applyQuaternion(q));
    parts.push({
      shape: 'box',
      key: `hand-${wrist}`,
      joint: wrist,
      size: [0.15, 0.036, 0.082],
      position: toVec3(p),
      quaternion: toQuat(q),
    });
  }

  for (const [jointStr, radius] of Object.entries(JOINT_BALL_RADIUS)) {
    const joint = Number(jointStr);
    parts.push({
      shape: 'joint',
      key: `joint-${joint}`,
      joint,
      radius,
      position: toVec3(v(positions, joint)),
    });
  }
  return parts;
}

/** Axis-aligned bounds of a set of points (flat xyz array), optionally offset. */
export function boundsOf(points: ArrayLike<number>, offset: Vec3 = [0, 0, 0]): { min: Vec3; max: Vec3 } {
  const min: Vec3 = [Infinity, Infinity, Infinity];
  const max: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i + 2 < points.length; i += 3) {
    for (let k = 0; k < 3; k++) {
      const x = points[i + k] + offset[k];
      if (x < min[k]) min[k] = x;
      if (x > max[k]) max[k] = x;
    }
  }
  return { min, max };
}
