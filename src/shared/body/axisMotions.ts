import { forwardKinematics } from './fk';
import { setJointAngles } from './jointAngles';
import { zeroPose } from './pose';
import { JOINT_NAMES, NUM_JOINTS, PARENTS, symmetrizeRest } from './skeleton';

/**
 * Anatomical names for the three standard-joint-angle axes of every joint, derived from the
 * skeleton rather than typed in: each axis is turned a little (+PROBE_DEG) from the zero pose,
 * forward kinematics moves a probe point carried by the joint (the end of the bone the joint
 * drives), and the direction that point moves in the body frame (Y up, facing +Z, the body's
 * left at +X) names the motion. A probe that barely moves means the axis runs along the bone:
 * a twist, named from how a point beside the bone turns.
 *
 * Words are body-relative so left and right limbs read the same for the same anatomical motion:
 * "out"/"in" and "outward"/"inward" mean away from / toward the body's midline; only the torso
 * (on the midline) uses the body's own "left"/"right".
 */

export type MotionPlane = 'sagittal' | 'frontal' | 'vertical' | 'twist';

export interface AxisMotion {
  /** What the axis does, e.g. 'Bend', 'Raise', 'Twist'. */
  name: string;
  /** Word for the motion a negative angle makes, e.g. 'forward'. */
  negative: string;
  /** Word for the motion a positive angle makes, e.g. 'back'. */
  positive: string;
  /**
   * How the probe moved for a positive angle: mostly forward/back (sagittal), sideways
   * (frontal), up/down (vertical), or it stayed put and the bone turned about itself (twist).
   */
  plane: MotionPlane;
}

type Region = 'torso' | 'collar' | 'shoulder' | 'elbow' | 'wrist' | 'hip' | 'knee' | 'ankle' | 'toes';

/** Small enough to stay near the rest pose, large enough to be far above float noise. */
const PROBE_DEG = 15;
/**
 * Below this ratio of actual to full-arc displacement, the axis lies within ~37° of the bone:
 * the motion is a twist about the bone rather than a swing of it.
 */
const TWIST_RATIO = 0.6;
/**
 * SMPL has no head-top joint; the crown of the neutral template sits roughly this far above the
 * head joint (metres). Only its direction matters (the probe must lie along the head's long axis).
 */
const CROWN_ABOVE_HEAD = 0.15;

function regionOf(name: string): Region {
  const base = name.replace(/^(left|right)_/, '');
  switch (base) {
    case 'collar':
    case 'shoulder':
    case 'elbow':
    case 'wrist':
    case 'hip':
    case 'knee':
    case 'ankle':
      return base;
    case 'hand':
      return 'wrist';
    case 'foot':
      return 'toes';
    default:
      return 'torso';
  }
}

/** +1 for the body's left (+X), −1 for its right, 0 on the midline. */
function sideOf(name: string): number {
  return name.startsWith('left_') ? 1 : name.startsWith('right_') ? -1 : 0;
}

interface Probe {
  /** joint whose world transform carries the probe (the driven joint or a descendant) */
  carrier: number;
  /** probe offset from the carrier joint, body frame at rest */
  offset: [number, number, number];
}

function firstChild(joint: number): number {
  return PARENTS.indexOf(joint);
}

/**
 * The point whose motion names a joint's axes: the end of the bone the joint drives. Where a
 * joint drives several bones the trunk is followed (pelvis and upper spine → neck); the neck
 * and head use the crown, since the neck → head segment leans forward and would make a turn of
 * the head read as a lean; leaf joints (toes, hands) extend their own incoming bone.
 */
function probeOf(joint: number, rest: Float32Array): Probe {
  const name = JOINT_NAMES[joint];
  if (name === 'neck' || name === 'head') return { carrier: jointIndexOf('head'), offset: [0, CROWN_ABOVE_HEAD, 0] };
  // The pelvis turns the whole body; the neck, straight above it, shows how the trunk goes.
  if (name === 'pelvis' || name === 'spine3') return { carrier: jointIndexOf('neck'), offset: [0, 0, 0] };
  const child = firstChild(joint);
  if (child >= 0) return { carrier: child, offset: [0, 0, 0] };
  const p = PARENTS[joint];
  return {
    carrier: joint,
    offset: [rest[joint * 3] - rest[p * 3], rest[joint * 3 + 1] - rest[p * 3 + 1], rest[joint * 3 + 2] - rest[p * 3 + 2]],
  };
}

function jointIndexOf(name: string): number {
  return JOINT_NAMES.indexOf(name);
}

/** World position of `carrier` + its world rotation applied to `offset`, from an FK result. */
function pointOf(pos: Float32Array, rot: Float32Array, carrier: number, offset: readonly number[]): [number, number, number] {
  const r = carrier * 9;
  const out: [number, number, number] = [0, 0, 0];
  for (let i = 0; i < 3; i++)
    out[i] = pos[carrier * 3 + i] + rot[r + i * 3] * offset[0] + rot[r + i * 3 + 1] * offset[1] + rot[r + i * 3 + 2] * offset[2];
  return out;
}

const sub = (a: readonly number[], b: readonly number[]): [number, number, number] => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const norm = (a: readonly number[]): number => Math.hypot(a[0], a[1], a[2]);

interface Names {
  sagittal: string;
  frontal: string;
  vertical: string;
  twist: string;
}

// Elbows and knees are hinges: only the bend is free within limits, so the off-plane axes get a
// different word and the inspector never shows two "Bend" rows.
const REGION_NAMES: Record<Region, Names> = {
  torso: { sagittal: 'Bend', frontal: 'Lean', vertical: 'Tilt', twist: 'Turn' },
  collar: { sagittal: 'Swing', frontal: 'Reach', vertical: 'Raise', twist: 'Twist' },
  shoulder: { sagittal: 'Swing', frontal: 'Reach', vertical: 'Raise', twist: 'Twist' },
  elbow: { sagittal: 'Bend', frontal: 'Sway', vertical: 'Sway', twist: 'Twist' },
  wrist: { sagittal: 'Swing', frontal: 'Reach', vertical: 'Flex', twist: 'Twist' },
  hip: { sagittal: 'Lift', frontal: 'Spread', vertical: 'Raise', twist: 'Twist' },
  knee: { sagittal: 'Bend', frontal: 'Sway', vertical: 'Sway', twist: 'Twist' },
  ankle: { sagittal: 'Swing', frontal: 'Turn toes', vertical: 'Flex', twist: 'Roll' },
  toes: { sagittal: 'Swing', frontal: 'Turn', vertical: 'Flex', twist: 'Roll' },
};

/**
 * [word for a negative angle, word for a positive angle]: `positiveIsB` says whether a positive
 * angle made the motion named `b` (so a negative one makes `a`).
 */
function ends(positiveIsB: boolean, a: string, b: string): [string, string] {
  return positiveIsB ? [a, b] : [b, a];
}

function classify(joint: number, axis: number, rest: Float32Array): AxisMotion {
  const name = JOINT_NAMES[joint];
  const region = regionOf(name);
  const side = sideOf(name);
  const names = REGION_NAMES[region];
  const probe = probeOf(joint, rest);

  const pose = zeroPose();
  const restFk = forwardKinematics(pose, 1, undefined, rest);
  const deg: [number, number, number] = [0, 0, 0];
  deg[axis] = PROBE_DEG;
  setJointAngles(pose, joint, deg);
  const moved = forwardKinematics(pose, 1, undefined, rest);

  const origin = pointOf(restFk.positions, restFk.rotations, joint, [0, 0, 0]);
  const tip0 = pointOf(restFk.positions, restFk.rotations, probe.carrier, probe.offset);
  const tip1 = pointOf(moved.positions, moved.rotations, probe.carrier, probe.offset);
  const bone = sub(tip0, origin);
  const length = norm(bone);
  const d = sub(tip1, tip0);
  const fullArc = length * 2 * Math.sin((PROBE_DEG * Math.PI) / 360);

  if (norm(d) < TWIST_RATIO * fullArc) {
    // The bone turns about itself: follow a point beside it, in front of it (or above it, for
    // bones that already point forward, like the foot).
    const u = bone.map((v) => v / length);
    const forwardBone = Math.abs(u[2]) > Math.max(Math.abs(u[0]), Math.abs(u[1]));
    const side0: [number, number, number] = forwardBone ? [0, length, 0] : [0, 0, length];
    const s0 = [tip0[0] + side0[0], tip0[1] + side0[1], tip0[2] + side0[2]];
    // The side point is rigidly attached to the carrier: express its offset in the carrier's rest frame.
    const sideOffset = restOffset(restFk, probe.carrier, s0);
    const s1 = pointOf(moved.positions, moved.rotations, probe.carrier, sideOffset);
    const ds = sub(s1, s0);
    let negative: string, positive: string;
    if (region === 'torso') {
      // The front turning toward +X is turning to the body's left.
      [negative, positive] = ends(ds[0] > 0, 'right', 'left');
    } else if (forwardBone) {
      // The top of the foot rolling outward turns the sole inward.
      [negative, positive] = ends(ds[0] * side > 0, 'sole out', 'sole in');
    } else if (Math.abs(u[0]) > Math.abs(u[1])) {
      // Arm out sideways: the front of the limb turning up is outward (external) rotation.
      [negative, positive] = ends(ds[1] > 0, 'inward', 'outward');
    } else {
      // Vertical limb: the front turning toward the body's own side is outward rotation.
      [negative, positive] = ends(ds[0] * side > 0, 'inward', 'outward');
    }
    return { name: names.twist, negative, positive, plane: 'twist' };
  }

  const ax = Math.abs(d[0]), ay = Math.abs(d[1]), az = Math.abs(d[2]);
  if (az >= ax && az >= ay) {
    const [negative, positive] = ends(d[2] > 0, 'back', 'forward');
    return { name: names.sagittal, negative, positive, plane: 'sagittal' };
  }
  if (ay >= ax) {
    const [negative, positive] = ends(d[1] > 0, 'down', 'up');
    return { name: names.vertical, negative, positive, plane: 'vertical' };
  }
  if (side === 0) {
    const [negative, positive] = ends(d[0] > 0, 'right', 'left');
    return { name: names.frontal, negative, positive, plane: 'frontal' };
  }
  const [negative, positive] = ends(d[0] * side > 0, 'in', 'out');
  return { name: names.frontal, negative, positive, plane: 'frontal' };
}

/** Offset of world point `p` from `carrier`, in the carrier's own frame (Rᵀ·(p − pos)). */
function restOffset(fk: { positions: Float32Array; rotations: Float32Array }, carrier: number, p: readonly number[]): [number, number, number] {
  const v = sub(p, [fk.positions[carrier * 3], fk.positions[carrier * 3 + 1], fk.positions[carrier * 3 + 2]]);
  const r = carrier * 9;
  const R = fk.rotations;
  return [
    R[r] * v[0] + R[r + 3] * v[1] + R[r + 6] * v[2],
    R[r + 1] * v[0] + R[r + 4] * v[1] + R[r + 7] * v[2],
    R[r + 2] * v[0] + R[r + 5] * v[1] + R[r + 8] * v[2],
  ];
}

/**
 * Anatomical motion of every joint's x, y, z standard-joint-angle axis (24 × 3), computed once
 * on the left/right-symmetric rest skeleton so mirrored joints get exactly mirrored answers.
 */
export const AXIS_MOTIONS: readonly (readonly [AxisMotion, AxisMotion, AxisMotion])[] = Object.freeze(
  (() => {
    const rest = symmetrizeRest();
    return Array.from({ length: NUM_JOINTS }, (_, j) =>
      Object.freeze([0, 1, 2].map((a) => Object.freeze(classify(j, a, rest))) as [AxisMotion, AxisMotion, AxisMotion]),
    );
  })(),
);

/** The anatomical motion of one joint's axis (0 = x, 1 = y, 2 = z). */
export function axisMotion(joint: number, axis: 0 | 1 | 2): AxisMotion {
  const m = AXIS_MOTIONS[joint];
  if (!m) throw new RangeError(`joint ${joint} is not 0..${NUM_JOINTS - 1}`);
  return m[axis];
}
