import { axisAngleToQuat, jointAngles, JOINT_LIMITS_DEG, JOINT_NAMES, NUM_BODY_JOINTS, quatMultiply, quatToAxisAngle, setJointAngles } from '../../../../shared/body';
import type { Rng } from '../random';

/**
 * Small rotation noise: each joint's local rotation is turned by a random axis-angle whose axis is
 * uniform on the sphere and whose angle is normal with the joint's standard deviation. Afterwards
 * every joint is brought back within its limits by clamping its standard joint angles (the
 * reading nearer the limits, see jointAngles), so noise never creates a limit violation that was
 * not there; joints that were already outside their limits are left as they were.
 */

/**
 * Relative noise per joint (× stdDeg): the spine segments and collars move little, the feet
 * (toes) less, the big limb joints and the wrists fully. The root is controlled by rootStdDeg.
 */
export const NOISE_SCALE: Readonly<Record<string, number>> = Object.freeze({
  spine1: 0.5, spine2: 0.5, spine3: 0.5, neck: 0.8, head: 0.8,
  hip: 1, knee: 1, ankle: 0.8, foot: 0.5, collar: 0.4, shoulder: 1, elbow: 1, wrist: 1.2,
});

export interface NoiseOptions {
  /** standard deviation of the perturbation angle, degrees, before per-joint scaling; default 5 */
  stdDeg?: number;
  /** per-joint multipliers by name ('left_knee') or side-free name ('knee'); default NOISE_SCALE */
  scale?: Readonly<Record<string, number>>;
  /** noise on the global orientation, degrees; default 0 (leave the root alone) */
  rootStdDeg?: number;
  /** 'project' (default): clamp back into the limits; 'none': leave the perturbed rotations as they are */
  limits?: 'project' | 'none';
}

function scaleOf(j: number, scale: Readonly<Record<string, number>>): number {
  const name = JOINT_NAMES[j];
  return scale[name] ?? scale[name.replace(/^(left|right)_/, '')] ?? 1;
}

const R2D = 180 / Math.PI;
const D2R = Math.PI / 180;

const qj = new Float64Array(4);
const qn = new Float64Array(4);
const qo = new Float64Array(4);

/** Replaces pose[j] by R(noise)·R(joint): the noise turns the joint in its parent's frame. */
function perturb(pose: Float32Array, j: number, angle: number, ux: number, uy: number, uz: number): void {
  axisAngleToQuat(pose, qj, j * 3, 0);
  const s = Math.sin(angle / 2);
  qn[0] = Math.cos(angle / 2);
  qn[1] = s * ux;
  qn[2] = s * uy;
  qn[3] = s * uz;
  quatMultiply(qn, qj, qo);
  quatToAxisAngle(qo, pose, 0, j * 3);
}

function randomAxis(rng: Rng): [number, number, number] {
  const z = rng.uniform(-1, 1);
  const phi = rng.uniform(0, 2 * Math.PI);
  const r = Math.sqrt(1 - z * z);
  return [r * Math.cos(phi), r * Math.sin(phi), z];
}

/**
 * Clamps joint j's standard joint angles into its limits; returns true if the joint moved.
 * Joints without limits (pelvis, hands) are left alone.
 */
export function projectJointToLimits(pose: Float32Array, j: number): boolean {
  const lim = JOINT_LIMITS_DEG[j];
  if (!lim) return false;
  const a = jointAngles(pose, j);
  let moved = false;
  for (let k = 0; k < 3; k++) {
    const c = Math.min(lim[k][1], Math.max(lim[k][0], a[k]));
    if (c !== a[k]) {
      a[k] = c;
      moved = true;
    }
  }
  if (moved) setJointAngles(pose, j, a);
  return moved;
}

/** A copy of the pose with every limited body joint clamped into its limits. */
export function projectToLimits(pose: Float32Array): Float32Array {
  const out = Float32Array.from(pose);
  for (let j = 1; j < NUM_BODY_JOINTS; j++) projectJointToLimits(out, j);
  return out;
}

/** A noisy copy of a pose (66 or 72 numbers; hand joints of a 72-number pose are left alone). */
export function addPoseNoise(pose: Float32Array, rng: Rng, opts: NoiseOptions = {}): Float32Array {
  const std = (opts.stdDeg ?? 5) * D2R;
  const scale = opts.scale ?? NOISE_SCALE;
  const out = Float32Array.from(pose);
  const rootStd = (opts.rootStdDeg ?? 0) * D2R;
  for (let j = 0; j < NUM_BODY_JOINTS; j++) {
    const sd = j === 0 ? rootStd : std * scaleOf(j, scale);
    if (sd <= 0) continue;
    const [ux, uy, uz] = randomAxis(rng);
    const angle = sd * rng.normal();
    if (j === 0) {
      perturb(out, 0, angle, ux, uy, uz);
      continue;
    }
    // Joints already outside their limits stay where the input put them (noise must not "fix"
    // or worsen a pose the caller chose), the others are perturbed and clamped back.
    const before = jointAngles(out, j);
    const lim = JOINT_LIMITS_DEG[j];
    const inside = !lim || before.every((v, k) => v >= lim[k][0] - 1e-3 && v <= lim[k][1] + 1e-3);
    if (!inside && opts.limits !== 'none') continue;
    perturb(out, j, angle, ux, uy, uz);
    if (opts.limits !== 'none') projectJointToLimits(out, j);
  }
  return out;
}

/** Angle (degrees) between a joint's rotation in two poses, for tests and reports. */
export function jointRotationDeg(a: ArrayLike<number>, b: ArrayLike<number>, j: number): number {
  axisAngleToQuat(a, qj, j * 3, 0);
  axisAngleToQuat(b, qn, j * 3, 0);
  const d = Math.abs(qj[0] * qn[0] + qj[1] * qn[1] + qj[2] * qn[2] + qj[3] * qn[3]);
  return 2 * Math.acos(Math.min(1, d)) * R2D;
}
